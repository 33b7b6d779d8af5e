"""capi: the hand-written CPython C-API module, one compiler call."""

import os

from ..tree import NATIVE


def build(b):
    src = os.path.join(NATIVE, "capi", "ffibench_capi.c")
    return b.compile_module("_capi", b.c_flags() + ["-Wall"], [src])
