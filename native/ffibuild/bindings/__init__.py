"""One builder per compiled binding: build(build) -> the built extension module's path.

Keyed by binding id; every binding of bindings.json with an "extension" has one here."""

from . import capi, cffi_api, nanobind, pybind11, pyo3

BUILDERS = {
    "capi": capi.build,
    "cffi-api": cffi_api.build,
    "pybind11": pybind11.build,
    "pyo3": pyo3.build,
    "nanobind": nanobind.build,
}
