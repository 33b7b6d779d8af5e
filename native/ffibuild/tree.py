"""The source tree, the running interpreter and the one binding list."""

import json
import os
import sys
import sysconfig

NATIVE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
C_DIR = os.path.join(NATIVE, "ffibench")
C_HEADER = os.path.join(C_DIR, "ffibench.h")
PY_PKG_SRC = os.path.join(NATIVE, "python", "ffibench")
BINDING_LIST = os.path.join(PY_PKG_SRC, "bindings.json")
REQUIREMENTS = os.path.join(NATIVE, "requirements-build.txt")

FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"

# Same optimisation for every C/C++ artefact (CMake gets the same flags).
OPT = ["-O2", "-DNDEBUG"]


def read_bindings():
    """binding id -> its entry in bindings.json, in display order."""
    with open(BINDING_LIST, encoding="utf-8") as f:
        return {spec["id"]: spec for spec in json.load(f)["bindings"]}


def _version_tuple(text):
    return tuple(int(p) for p in text.split(".") if p.isdigit())


def binding_note(spec):
    """The note a binding's row carries on this interpreter: set where upstream
    supports free-threading only from a later version than this one."""
    ft = spec.get("freeThreading")
    if ft and FREE_THREADED and sys.version_info[:2] < _version_tuple(ft["since"]):
        return ft["note"]
    return None
