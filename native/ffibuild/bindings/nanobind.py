"""nanobind: its own CMake project (nanobind builds its support library with CMake)."""

import os
import shutil
import sys

from ..proc import BuildError, log, py_query, run
from ..stamps import Stamps, tree_files
from ..toolchains import installed_version
from ..tree import C_DIR, C_HEADER, EXT_SUFFIX, NATIVE, OPT


def build(b):
    src_dir = os.path.join(NATIVE, "nanobind")
    bdir = os.path.join(b.dir, "nanobind")
    cmake = shutil.which("cmake")
    if not cmake:
        raise BuildError("cmake not found on PATH (the nanobind binding needs CMake >= 3.18)")
    nb_dir = py_query("import nanobind; print(nanobind.cmake_dir())")
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    cxx = shutil.which(b.cxx[0]) or "c++"
    configure = [cmake, "-S", src_dir, "-B", bdir] + generator + [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DCMAKE_CXX_FLAGS_RELEASE=" + " ".join(OPT),
        "-DCMAKE_CXX_COMPILER=" + cxx,
        "-DPython_EXECUTABLE=" + sys.executable,
        "-Dnanobind_DIR=" + nb_dir,
        "-DFFIBENCH_LIBRARY=" + b.lib,
        "-DFFIBENCH_INCLUDE_DIR=" + C_DIR,
    ]
    key = Stamps.key([configure, installed_version("nanobind"), EXT_SUFFIX], tree_files(src_dir) + [C_HEADER])
    outputs = _outputs(bdir)
    if b.stamps.fresh("_nanobind", key, outputs[:1]) and outputs:
        log("%s is up to date" % os.path.basename(outputs[0]))
        return outputs[0]
    b.stamps.forget("_nanobind")
    # A build tree configured with another generator, interpreter or source tree (another
    # checkout sharing this cache) cannot be reused: CMake refuses it.
    cfg_key = Stamps.key([generator, sys.executable, src_dir])
    if not b.stamps.fresh("nanobind-tree", cfg_key, [bdir]):
        shutil.rmtree(bdir, ignore_errors=True)
    run(configure)
    b.stamps.record("nanobind-tree", cfg_key)
    run([cmake, "--build", bdir, "--parallel", str(os.cpu_count() or 2)])
    outputs = _outputs(bdir)
    if not outputs:
        raise BuildError("CMake built no _nanobind module in %s" % bdir)
    if not outputs[0].endswith(EXT_SUFFIX):
        raise BuildError("nanobind built %s, but this interpreter needs the suffix %s"
                         % (os.path.basename(outputs[0]), EXT_SUFFIX))
    b.stamps.record("_nanobind", key)
    return outputs[0]


def _outputs(bdir):
    if not os.path.isdir(bdir):
        return []
    found = [os.path.join(bdir, f) for f in os.listdir(bdir)
             if f.startswith("_nanobind.") and f.endswith(".so")]
    return sorted(found, key=lambda p: not p.endswith(EXT_SUFFIX))
