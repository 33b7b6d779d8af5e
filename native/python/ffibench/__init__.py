"""ffibench: the functions of libffibench.so through every Python binding.

Built and installed into a runtime's virtual environment by native/build.py.
The bindings, their modules and their facts come from the one list,
bindings.json (beside this file; also read by the TypeScript side). Each
binding is a module with the same functions (FUNCTIONS); the module load()
returns carries WRAPPED, a frozenset naming the functions that go through a
Python-level wrapper (empty when every function is the binding's own callable).
"""

import importlib
import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(_HERE, "bindings.json"), encoding="utf-8") as _f:
    _LIST = json.load(_f)

FUNCTIONS = tuple(_LIST["functions"])

# binding id -> its entry in bindings.json (a dict), in display order
SPECS = {spec["id"]: spec for spec in _LIST["bindings"]}

BINDINGS = tuple(SPECS)

# binding id -> the module that load() returns
MODULES = {bid: spec["module"] for bid, spec in SPECS.items()}


def lib_path():
    """Absolute path of the installed libffibench.so."""
    return os.path.join(_HERE, "libffibench.so")


def wrapped(binding_id):
    """The functions of one binding that go through a Python-level wrapper."""
    return frozenset(_spec(binding_id)["wrapped"])


def load(binding_id):
    """Imports and returns the module of one binding, with its WRAPPED set
    (ImportError propagates)."""
    module = importlib.import_module(_spec(binding_id)["module"])
    module.WRAPPED = wrapped(binding_id)
    return module


def build_info():
    """What native/build.py recorded: statuses, notes, toolchain versions ({} if none)."""
    try:
        with open(os.path.join(_HERE, "_build_info.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _spec(binding_id):
    try:
        return SPECS[binding_id]
    except (KeyError, TypeError):
        raise ValueError(
            "unknown binding %r (known: %s)" % (binding_id, ", ".join(BINDINGS))
        ) from None
