"""pybind11: one C++ compiler call against pybind11's headers."""

import os

from ..compilers import python_includes
from ..proc import py_query
from ..toolchains import installed_version
from ..tree import C_DIR, NATIVE, OPT


def build(b):
    src = os.path.join(NATIVE, "pybind11", "ffibench_pybind11.cpp")
    inc = py_query("import pybind11; print(pybind11.get_include())")
    cmd = b.cxx + OPT + ["-std=c++17", "-fPIC", "-fvisibility=hidden"] + \
        python_includes() + ["-I" + inc, "-I" + C_DIR]
    return b.compile_module("_pybind11", cmd, [src],
                            extra_key=["pybind11", installed_version("pybind11")])
