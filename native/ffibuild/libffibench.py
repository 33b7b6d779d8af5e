"""libffibench.so: the one C library every binding calls."""

import os

from .proc import log, run
from .stamps import Stamps
from .tree import C_DIR, C_HEADER, OPT


def build_lib(build):
    src = os.path.join(C_DIR, "ffibench.c")
    cmd = build.cc + OPT[:1] + ["-fPIC", "-shared", "-pthread", "-fvisibility=hidden", "-Wall",
                                "-Wl,-soname,libffibench.so", "-o", build.lib, src]
    key = Stamps.key(cmd, [src, C_HEADER])
    if build.stamps.fresh("libffibench", key, [build.lib]):
        log("libffibench.so is up to date")
        return
    run(cmd)
    build.stamps.record("libffibench", key)
