"""The C and C++ compilers, and what every compiled artefact of one build shares:
its build directory, its stamps, the flags, and linking to the one libffibench.so."""

import os
import shlex
import shutil
import sysconfig

from .proc import log, run
from .stamps import Stamps
from .tree import C_DIR, C_HEADER, EXT_SUFFIX, OPT


def compiler(env_var, config_var, fallback):
    for value in (os.environ.get(env_var), sysconfig.get_config_var(config_var)):
        parts = shlex.split(value or "")
        if parts and shutil.which(parts[0]):
            return parts
    return [fallback]


def python_includes():
    paths = sysconfig.get_paths()
    incs = []
    for key in ("include", "platinclude"):
        p = paths.get(key)
        if p and p not in incs:
            incs.append(p)
    return ["-I" + p for p in incs]


class Build:
    """One build directory: compiler, CMake and cargo outputs, with a stamp per step."""

    def __init__(self, build_dir):
        self.dir = build_dir
        self.stamps = Stamps(build_dir)
        self.cc = compiler("CC", "CC", "cc")
        self.cxx = compiler("CXX", "CXX", "c++")
        self.lib_dir = os.path.join(build_dir, "lib")
        self.lib = os.path.join(self.lib_dir, "libffibench.so")
        self.ext_dir = os.path.join(build_dir, "ext")
        os.makedirs(self.lib_dir, exist_ok=True)
        os.makedirs(self.ext_dir, exist_ok=True)

    def link_args(self):
        """Every module links dynamically to the one library, found next to it ($ORIGIN)."""
        return ["-shared", "-L" + self.lib_dir, "-lffibench", "-Wl,-rpath,$ORIGIN"]

    def c_flags(self):
        return self.cc + OPT + ["-fPIC", "-fvisibility=hidden"] + python_includes() + ["-I" + C_DIR]

    def compile_module(self, name, cmd_prefix, sources, extra_inputs=(), extra_key=()):
        """Compiles and links one extension module in a single compiler call,
        unless its stamp says nothing changed; returns the built file."""
        out = os.path.join(self.ext_dir, name + EXT_SUFFIX)
        cmd = cmd_prefix + sources + self.link_args() + ["-o", out]
        key = Stamps.key([cmd, list(extra_key)], list(sources) + list(extra_inputs) + [C_HEADER])
        if self.stamps.fresh(name, key, [out]):
            log("%s is up to date" % os.path.basename(out))
            return out
        self.stamps.forget(name)
        run(cmd)
        self.stamps.record(name, key)
        return out
