#!/usr/bin/env python3
"""Builds libffibench.so and every Python binding of it into the running venv.

    <venv>/bin/python native/build.py --build-dir DIR [--only id,id]

Installs the pinned toolchains (native/requirements-build.txt) into the venv
with pip, compiles native/ffibench/ffibench.c into libffibench.so, and installs
the package `ffibench` into the venv's site-packages (sysconfig "purelib"):
the library, the pure-Python loader modules (native/python/ffibench/) and every
compiled extension module, each linked dynamically to that one library
(rpath $ORIGIN), so a comparison measures the binding, not the linking.

Logs go to stderr. stdout carries exactly one JSON object:
    {"lib": "<installed libffibench.so>",
     "bindings": {"<id>": {"status": "ok"|"error", "error"?: str, "note"?: str}}}
A binding that fails does not stop the others. The exit status is non-zero
only when something global failed (the C library, the arguments, not a venv),
with a one-line reason on stderr.

Compiler, CMake and cargo outputs stay in --build-dir, with a stamp per step:
a rebuild with nothing changed only checks stamps and copies nothing.
"""

import argparse
import collections
import datetime
import hashlib
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile

NATIVE = os.path.dirname(os.path.abspath(__file__))
C_DIR = os.path.join(NATIVE, "ffibench")
PY_PKG_SRC = os.path.join(NATIVE, "python", "ffibench")
REQUIREMENTS = os.path.join(NATIVE, "requirements-build.txt")

FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
EXT_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
# cffi >= 2.0 supports free-threading from 3.14t on; it refuses 3.13t.
CFFI_CHECK_BYPASSED = FREE_THREADED and sys.version_info < (3, 14)
CFFI_313T_NOTE = "not supported upstream on 3.13t (cffi's free-threading check bypassed)"

# The toolchain packages each binding needs (names as in requirements-build.txt).
NEEDS = {
    "cffi-abi": ("cffi", "pycparser"),
    "cffi-api": ("cffi", "pycparser"),
    "pybind11": ("pybind11",),
    "nanobind": ("nanobind",),
    "pyo3": ("maturin",),
}

# Compiled extension modules: binding id -> module name inside the package.
EXTENSIONS = {
    "capi": "_capi",
    "cffi-api": "_cffi_api",
    "pybind11": "_pybind11",
    "pyo3": "_pyo3",
    "nanobind": "_nanobind",
}

# Same optimisation for every C/C++ artefact (CMake gets the same flags).
OPT = ["-O2", "-DNDEBUG"]


def log(message):
    print("[build] " + message, file=sys.stderr, flush=True)


class BuildError(Exception):
    """A step failed; the message is the one-line reason."""


# --------------------------------------------------------------------------
# running commands

_NOISE = re.compile(
    r"ninja: build stopped|make(\[\d+\])?: \*\*\*|subprocess-exited-with-error|"
    r"error: command .* failed|error: could not compile|error: aborting due to|"
    r"collect2: error: ld returned|compilation terminated|^\s*note:|^\s*[│╰×]|"
    r"This error originates from a subprocess|maturin failed|"
    r"Failed to build installable wheels|^\s*Caused by:|^\s*\d* *\|"
)
_STRONG = re.compile(
    r":\d+(:\d+)?: (fatal )?error:|^\s*error(\[E\d+\])?: |/ld(\.\w+)?: |"
    r"undefined reference|CMake Error|^ERROR: |^\w*(Error|Exception): "
)
_WEAK = re.compile(r"error|failed|cannot|not found", re.I)
# A compiler's first diagnostic is its root cause (later ones often follow from it).
_DIAGNOSTIC = re.compile(r":\d+(:\d+)?: (fatal )?error:|^\s*error(\[E\d+\])?: ")


def error_line(lines):
    """The meaningful error line of a tool's output (one line): a compiler's
    first error diagnostic, else the last error line (pip, CMake, linker)."""
    lines = [line.rstrip() for line in lines]
    for line in lines:
        if _DIAGNOSTIC.search(line) and not _NOISE.search(line):
            return line.strip()[:400]
    for pattern in (_STRONG, _WEAK):
        for i in range(len(lines) - 1, -1, -1):
            line = lines[i]
            if line.strip() and pattern.search(line) and not _NOISE.search(line):
                text = line.strip()
                if text.startswith("CMake Error"):  # the reason is on the next line
                    for nxt in lines[i + 1:]:
                        if nxt.strip():
                            text += " " + nxt.strip()
                            break
                return text[:400]
    for line in reversed(lines):
        if line.strip():
            return line.strip()[:400]
    return ""


def run(cmd, cwd=None, env=None, check=True):
    """Runs cmd, streaming its output to stderr; returns (returncode, lines)."""
    log("$ " + " ".join(shlex.quote(str(c)) for c in cmd))
    try:
        proc = subprocess.Popen(
            [str(c) for c in cmd], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True, errors="replace",
        )
    except OSError as e:
        raise BuildError("cannot run %s: %s" % (cmd[0], e.strerror or e)) from None
    tail = collections.deque(maxlen=500)
    for line in proc.stdout:
        sys.stderr.write(line)
        tail.append(line.rstrip("\n"))
    sys.stderr.flush()
    rc = proc.wait()
    if rc != 0 and check:
        raise BuildError(error_line(tail) or "%s exited with status %d" % (os.path.basename(str(cmd[0])), rc))
    return rc, list(tail)


def query(cmd, env=None):
    """Runs a quick command and returns its stripped stdout (BuildError on failure)."""
    try:
        out = subprocess.run(
            [str(c) for c in cmd], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, universal_newlines=True, errors="replace", check=False,
        )
    except OSError as e:
        raise BuildError("cannot run %s: %s" % (cmd[0], e.strerror or e)) from None
    if out.returncode != 0:
        raise BuildError(error_line(out.stderr.splitlines()) or "%s failed" % cmd[0])
    return out.stdout.strip()


def py_query(code):
    return query([sys.executable, "-c", code])


# --------------------------------------------------------------------------
# stamps: a step reruns only when its key (inputs + command) changed


class Stamps:
    def __init__(self, build_dir):
        self.dir = os.path.join(build_dir, "stamps")
        os.makedirs(self.dir, exist_ok=True)

    @staticmethod
    def key(parts, files=()):
        h = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
        for path in sorted(files):
            h.update(path.encode() + b"\0")
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        return h.hexdigest()

    def fresh(self, name, key, outputs):
        try:
            with open(os.path.join(self.dir, name)) as f:
                if f.read() != key:
                    return False
        except OSError:
            return False
        return all(os.path.exists(o) for o in outputs)

    def record(self, name, key):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(key)

    def forget(self, name):
        try:
            os.unlink(os.path.join(self.dir, name))
        except OSError:
            pass


def tree_files(root, skip=("target", "__pycache__")):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip and not d.startswith(".")]
        out.extend(os.path.join(dirpath, f) for f in filenames)
    return out


# --------------------------------------------------------------------------
# files


def same_file(a, b):
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def install_file(src, dst):
    """Copies src to dst unless identical; atomic, so a running process that
    has the old module mapped keeps a valid file."""
    if same_file(src, dst):
        return False
    tmp = "%s.tmp-%d" % (dst, os.getpid())
    shutil.copy2(src, tmp)
    os.replace(tmp, dst)
    return True


def remove_extension(pkg_dir, module):
    for name in os.listdir(pkg_dir):
        if name.startswith(module + ".") and name.endswith(".so"):
            os.unlink(os.path.join(pkg_dir, name))


def install_extension(pkg_dir, module, built):
    """Installs a built extension module, removing other builds of it."""
    dst_name = module + EXT_SUFFIX
    for name in os.listdir(pkg_dir):
        if name.startswith(module + ".") and name.endswith(".so") and name != dst_name:
            os.unlink(os.path.join(pkg_dir, name))
    install_file(built, os.path.join(pkg_dir, dst_name))


# --------------------------------------------------------------------------
# toolchains


def read_pins():
    pins = collections.OrderedDict()
    with open(REQUIREMENTS, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^([A-Za-z0-9_.\-]+)\s*==\s*([A-Za-z0-9_.\-+!]+)$", line)
            if not m:
                raise BuildError("%s: not an exact pin: %r" % (REQUIREMENTS, line))
            pins[m.group(1).lower()] = m.group(2)
    return pins


def installed_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def toolchain_versions():
    try:
        return {n: installed_version(n) for n in read_pins()}
    except (BuildError, OSError):
        return {}


def pip(args, check=True):
    return run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"] + args,
               check=check)


def ensure_toolchains(build_dir):
    """Installs the pinned toolchains; returns {package: error or None}."""
    importlib.invalidate_caches()
    pins = read_pins()
    failures = {}
    missing = [n for n, v in pins.items() if installed_version(n) != v]
    if not missing:
        log("toolchains already installed: " + ", ".join("%s==%s" % kv for kv in pins.items()))
        return failures
    special_cffi = CFFI_CHECK_BYPASSED and "cffi" in missing
    plain = [n for n in missing if not (special_cffi and n == "cffi")]
    if plain:
        specs = ["%s==%s" % (n, pins[n]) for n in plain]
        try:
            pip(["install"] + specs)
        except BuildError:
            log("pip failed for the set; installing one package at a time")
            for n in plain:
                try:
                    pip(["install", "%s==%s" % (n, pins[n])])
                except BuildError as e:
                    failures[n] = "pip install %s==%s: %s" % (n, pins[n], e)
    if special_cffi:
        try:
            install_patched_cffi(build_dir, pins["cffi"])
        except BuildError as e:
            failures["cffi"] = str(e)
    importlib.invalidate_caches()
    return failures


# cffi's setup.py refuses free-threaded 3.13 with exactly this statement (cffi
# 2.x: `raise RuntimeError("CFFI does not support the free-threaded build of
# CPython 3.13. ...")` under it). The patch makes that one condition false and
# changes nothing else: cffi's C code already has its free-threading support
# (PyMutex locks, atomics, Py_MOD_GIL_NOT_USED) under `#ifdef Py_GIL_DISABLED`,
# which 3.13t defines; upstream simply declares 3.14t the first supported
# free-threaded version. DESIGN.md ("Native targets and fairness") asks for
# exactly this, visibly: the cffi rows carry CFFI_313T_NOTE.
CFFI_FT_CHECK = "if FREE_THREADED_BUILD and sys.version_info < (3, 14):"
CFFI_FT_PATCHED = ("if False and FREE_THREADED_BUILD and sys.version_info < (3, 14):"
                   "  # ffi-corners: 3.13t refusal bypassed (native/build.py)")


def install_patched_cffi(build_dir, version):
    work = os.path.join(build_dir, "cffi-sdist")
    src = os.path.join(work, "cffi-%s" % version)
    if not os.path.exists(os.path.join(src, "setup.py")):
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        fetch_cffi_sdist(work, version, src)
    setup_py = os.path.join(src, "setup.py")
    with open(setup_py, encoding="utf-8") as f:
        text = f.read()
    if CFFI_FT_PATCHED not in text:
        if text.count(CFFI_FT_CHECK) != 1:
            raise BuildError("cffi %s: its free-threaded 3.13 check was not found in setup.py; "
                             "update the patch in native/build.py" % version)
        with open(setup_py, "w", encoding="utf-8") as f:
            f.write(text.replace(CFFI_FT_CHECK, CFFI_FT_PATCHED))
        log("patched cffi's setup.py: %s -> %s" % (CFFI_FT_CHECK, CFFI_FT_PATCHED))
    # The venv's pinned setuptools builds it; its dependency (pycparser) is pinned too.
    pip(["install", "--no-build-isolation", "--no-deps", src])


def fetch_cffi_sdist(work, version, dest):
    """`pip download --no-binary :all: --no-deps cffi==<version>` into `dest` (unpacked).

    On 3.13t, pip cannot finish that download: it prepares the sdist's metadata
    by running its setup.py, which raises the very check we are bypassing, and
    pip then drops the file. With --no-clean and a private TMPDIR, pip leaves
    the sdist it downloaded unpacked there; we take that tree."""
    tmp = os.path.join(work, "pip-tmp")
    dl = os.path.join(work, "download")
    os.makedirs(tmp)
    os.makedirs(dl)
    env = dict(os.environ, TMPDIR=tmp)
    if CFFI_CHECK_BYPASSED:
        log("expected on 3.13t: pip's metadata step runs cffi's setup.py, which refuses "
            "this interpreter; the unpacked sdist is used instead")
    rc, _ = run([sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input",
                 "download", "--no-binary", ":all:", "--no-deps", "--no-clean", "--no-cache-dir",
                 "-d", dl, "cffi==%s" % version], env=env, check=False)
    archives = [f for f in os.listdir(dl) if f.startswith("cffi-%s." % version)]
    if rc == 0 and archives:
        with tarfile.open(os.path.join(dl, archives[0])) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(work, filter="data")
            else:
                tar.extractall(work)
    else:
        log("pip could not prepare cffi's metadata (its setup.py refuses 3.13t); "
            "using the sdist pip downloaded and unpacked")
        found = None
        for dirpath, _, filenames in os.walk(tmp):
            if "setup.py" in filenames and "PKG-INFO" in filenames:
                with open(os.path.join(dirpath, "PKG-INFO"), encoding="utf-8", errors="replace") as f:
                    head = f.read(2000)
                if re.search(r"^Name: cffi$", head, re.M | re.I) and \
                        re.search(r"^Version: %s$" % re.escape(version), head, re.M):
                    found = dirpath
                    break
        if not found:
            raise BuildError("pip download of the cffi %s sdist failed" % version)
        shutil.copytree(found, dest)
    shutil.rmtree(tmp, ignore_errors=True)
    if not os.path.exists(os.path.join(dest, "setup.py")):
        raise BuildError("the cffi %s sdist has no setup.py at %s" % (version, dest))


# --------------------------------------------------------------------------
# compilers


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


class Builder:
    def __init__(self, build_dir, pkg_dir):
        self.build_dir = build_dir
        self.pkg_dir = pkg_dir
        self.stamps = Stamps(build_dir)
        self.cc = compiler("CC", "CC", "cc")
        self.cxx = compiler("CXX", "CXX", "c++")
        self.lib_dir = os.path.join(build_dir, "lib")
        self.lib = os.path.join(self.lib_dir, "libffibench.so")
        self.ext_dir = os.path.join(build_dir, "ext")
        os.makedirs(self.lib_dir, exist_ok=True)
        os.makedirs(self.ext_dir, exist_ok=True)

    # -- the C library ------------------------------------------------------
    def build_lib(self):
        src = os.path.join(C_DIR, "ffibench.c")
        cmd = self.cc + OPT[:1] + ["-fPIC", "-shared", "-pthread", "-fvisibility=hidden", "-Wall",
                                   "-Wl,-soname,libffibench.so", "-o", self.lib, src]
        key = Stamps.key(cmd, [src, os.path.join(C_DIR, "ffibench.h")])
        if self.stamps.fresh("libffibench", key, [self.lib]):
            log("libffibench.so is up to date")
            return
        run(cmd)
        self.stamps.record("libffibench", key)

    # -- compiled modules ---------------------------------------------------
    def link_args(self):
        return ["-shared", "-L" + self.lib_dir, "-lffibench", "-Wl,-rpath,$ORIGIN"]

    def compile_module(self, name, cmd_prefix, sources, extra_inputs=(), extra_key=()):
        out = os.path.join(self.ext_dir, name + EXT_SUFFIX)
        cmd = cmd_prefix + sources + self.link_args() + ["-o", out]
        key = Stamps.key([cmd, list(extra_key)], list(sources) + list(extra_inputs) +
                         [os.path.join(C_DIR, "ffibench.h")])
        if self.stamps.fresh(name, key, [out]):
            log("%s is up to date" % os.path.basename(out))
            return out
        self.stamps.forget(name)
        run(cmd)
        self.stamps.record(name, key)
        return out

    def c_flags(self):
        return self.cc + OPT + ["-fPIC", "-fvisibility=hidden"] + python_includes() + ["-I" + C_DIR]

    def build_capi(self):
        src = os.path.join(NATIVE, "capi", "ffibench_capi.c")
        return self.compile_module("_capi", self.c_flags() + ["-Wall"], [src])

    def build_cffi_api(self):
        builder = os.path.join(NATIVE, "cffi", "ffibench_cffi_build.py")
        cdef = os.path.join(NATIVE, "cffi", "ffibench_cdef.py")
        gen_dir = os.path.join(self.build_dir, "cffi")
        os.makedirs(gen_dir, exist_ok=True)
        c_file = os.path.join(gen_dir, "_cffi_api.c")
        gen_key = Stamps.key(["cffi", installed_version("cffi")], [builder, cdef])
        if not self.stamps.fresh("_cffi_api.c", gen_key, [c_file]):
            run([sys.executable, builder, c_file])
            self.stamps.record("_cffi_api.c", gen_key)
        return self.compile_module("_cffi_api", self.c_flags(), [c_file])

    def build_pybind11(self):
        src = os.path.join(NATIVE, "pybind11", "ffibench_pybind11.cpp")
        inc = py_query("import pybind11; print(pybind11.get_include())")
        cmd = self.cxx + OPT + ["-std=c++17", "-fPIC", "-fvisibility=hidden"] + \
            python_includes() + ["-I" + inc, "-I" + C_DIR]
        return self.compile_module("_pybind11", cmd, [src],
                                   extra_key=["pybind11", installed_version("pybind11")])

    def build_nanobind(self):
        src_dir = os.path.join(NATIVE, "nanobind")
        bdir = os.path.join(self.build_dir, "nanobind")
        cmake = shutil.which("cmake")
        if not cmake:
            raise BuildError("cmake not found on PATH (the nanobind binding needs CMake >= 3.18)")
        nb_dir = py_query("import nanobind; print(nanobind.cmake_dir())")
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        cxx = shutil.which(self.cxx[0]) or "c++"
        configure = [cmake, "-S", src_dir, "-B", bdir] + generator + [
            "-DCMAKE_BUILD_TYPE=Release",
            "-DCMAKE_CXX_FLAGS_RELEASE=" + " ".join(OPT),
            "-DCMAKE_CXX_COMPILER=" + cxx,
            "-DPython_EXECUTABLE=" + sys.executable,
            "-Dnanobind_DIR=" + nb_dir,
            "-DFFIBENCH_LIBRARY=" + self.lib,
            "-DFFIBENCH_INCLUDE_DIR=" + C_DIR,
        ]
        key = Stamps.key([configure, installed_version("nanobind"), EXT_SUFFIX],
                         tree_files(src_dir) + [os.path.join(C_DIR, "ffibench.h")])
        outputs = self._nanobind_outputs(bdir)
        if self.stamps.fresh("_nanobind", key, outputs[:1]) and outputs:
            log("%s is up to date" % os.path.basename(outputs[0]))
            return outputs[0]
        self.stamps.forget("_nanobind")
        # A build tree configured with another generator or interpreter cannot be reused.
        cfg_key = Stamps.key([generator, sys.executable])
        if not self.stamps.fresh("nanobind-tree", cfg_key, [bdir]):
            shutil.rmtree(bdir, ignore_errors=True)
        run(configure)
        self.stamps.record("nanobind-tree", cfg_key)
        run([cmake, "--build", bdir, "--parallel", str(os.cpu_count() or 2)])
        outputs = self._nanobind_outputs(bdir)
        if not outputs:
            raise BuildError("CMake built no _nanobind module in %s" % bdir)
        if not outputs[0].endswith(EXT_SUFFIX):
            raise BuildError("nanobind built %s, but this interpreter needs the suffix %s"
                             % (os.path.basename(outputs[0]), EXT_SUFFIX))
        self.stamps.record("_nanobind", key)
        return outputs[0]

    @staticmethod
    def _nanobind_outputs(bdir):
        if not os.path.isdir(bdir):
            return []
        found = [os.path.join(bdir, f) for f in os.listdir(bdir)
                 if f.startswith("_nanobind.") and f.endswith(".so")]
        return sorted(found, key=lambda p: not p.endswith(EXT_SUFFIX))

    def build_pyo3(self):
        crate = os.path.join(NATIVE, "pyo3")
        out_dir = os.path.join(self.build_dir, "pyo3")
        wheels = os.path.join(out_dir, "wheels")
        module = os.path.join(out_dir, "_pyo3" + EXT_SUFFIX)
        env = dict(os.environ)
        cargo = shutil.which("cargo") or shutil.which(
            "cargo", path=os.path.join(os.path.expanduser("~"), ".cargo", "bin"))
        if not cargo:
            raise BuildError("cargo not found (on PATH or in ~/.cargo/bin): the pyo3 binding needs Rust")
        env["PATH"] = os.path.dirname(cargo) + os.pathsep + env.get("PATH", "")
        env["CARGO_TARGET_DIR"] = os.path.join(self.build_dir, "cargo-target")
        env["FFIBENCH_LIB_DIR"] = self.lib_dir
        env["PYO3_BUILD_EXTENSION_MODULE"] = "1"
        maturin = os.path.join(sysconfig.get_path("scripts"), "maturin")
        if not os.path.exists(maturin):
            maturin = shutil.which("maturin") or maturin
        rustc = shutil.which("rustc", path=env["PATH"]) or "rustc"
        cmd = [maturin, "build", "--release", "--manifest-path", os.path.join(crate, "Cargo.toml"),
               "--interpreter", sys.executable, "--out", wheels,
               "--auditwheel", "skip", "--compatibility", "linux"]
        if os.path.exists(os.path.join(crate, "Cargo.lock")):
            cmd.append("--locked")
        key = Stamps.key([cmd, installed_version("maturin"), query([rustc, "-V"], env=env),
                          EXT_SUFFIX, self.lib_dir],
                         tree_files(crate) + [os.path.join(C_DIR, "ffibench.h")])
        if self.stamps.fresh("_pyo3", key, [module]):
            log("%s is up to date" % os.path.basename(module))
            return module
        self.stamps.forget("_pyo3")
        shutil.rmtree(wheels, ignore_errors=True)
        run(cmd, env=env)
        built = [f for f in os.listdir(wheels) if f.endswith(".whl")]
        if len(built) != 1:
            raise BuildError("maturin left %d wheels in %s, expected 1" % (len(built), wheels))
        with zipfile.ZipFile(os.path.join(wheels, built[0])) as whl:
            # Where maturin puts the module inside its wheel varies with its
            # version and layout; only the .so matters (PyInit__pyo3).
            members = [m for m in whl.namelist() if re.search(r"(^|/)_pyo3\.[^/]*so$", m)]
            if len(members) != 1:
                raise BuildError("no single _pyo3*.so in %s: %s" % (built[0], whl.namelist()))
            if not members[0].endswith(EXT_SUFFIX):
                raise BuildError("maturin built %s, but this interpreter needs the suffix %s"
                                 % (members[0], EXT_SUFFIX))
            tmp = module + ".tmp"
            with whl.open(members[0]) as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.chmod(tmp, 0o755)
            os.replace(tmp, module)
        self.stamps.record("_pyo3", key)
        return module


# --------------------------------------------------------------------------
# the package


def load_source_package():
    """The ffibench package's __init__ from the source tree (not the installed one)."""
    spec = importlib.util.spec_from_file_location("_ffibench_source", os.path.join(PY_PKG_SRC, "__init__.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def install_python_sources(pkg_dir):
    """The loader modules, the binding list, and cffi's one cdef as ffibench/_cffi_cdef.py."""
    changed = 0
    for name in sorted(os.listdir(PY_PKG_SRC)):
        if name.endswith((".py", ".json")):
            changed += install_file(os.path.join(PY_PKG_SRC, name), os.path.join(pkg_dir, name))
    changed += install_file(os.path.join(NATIVE, "cffi", "ffibench_cdef.py"),
                            os.path.join(pkg_dir, "_cffi_cdef.py"))
    log("python sources: %d file(s) updated in %s" % (changed, pkg_dir))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-dir", required=True, help="where compiler/CMake/cargo outputs are kept")
    ap.add_argument("--only", default="", help="comma-separated binding ids (default: all)")
    args = ap.parse_args(argv)

    if sys.prefix == getattr(sys, "base_prefix", sys.prefix):
        print("build.py: run it with a virtual environment's python (it installs into the venv), "
              "not %s" % sys.executable, file=sys.stderr)
        return 2

    source_pkg = load_source_package()
    all_ids = list(source_pkg.BINDINGS)
    if args.only.strip():
        wanted = [b.strip() for b in args.only.split(",") if b.strip()]
        unknown = [b for b in wanted if b not in all_ids]
        if unknown:
            print("build.py: unknown binding id(s): %s (known: %s)"
                  % (", ".join(unknown), ", ".join(all_ids)), file=sys.stderr)
            return 2
        selected = [b for b in all_ids if b in wanted]
    else:
        selected = all_ids

    build_dir = os.path.abspath(args.build_dir)
    os.makedirs(build_dir, exist_ok=True)
    started = time.monotonic()
    log("python %s (%s), free-threaded build: %s, build dir %s"
        % (platform.python_version(), sys.executable, FREE_THREADED, build_dir))

    # 1. toolchains
    t0 = time.monotonic()
    needed = set()
    for b in selected:
        needed.update(NEEDS.get(b, ()))
    try:
        tool_failures = ensure_toolchains(build_dir) if needed else {}
    except BuildError as e:  # e.g. an unreadable requirements file
        tool_failures = {n: str(e) for n in needed}
    log("toolchains: %.1fs" % (time.monotonic() - t0))

    # 2. the C library, installed with the loader modules (global: no library, no bindings)
    pkg_dir = os.path.join(sysconfig.get_paths()["purelib"], "ffibench")
    try:
        builder = Builder(build_dir, pkg_dir)
        builder.build_lib()
        os.makedirs(pkg_dir, exist_ok=True)
        install_file(builder.lib, os.path.join(pkg_dir, "libffibench.so"))
        install_python_sources(pkg_dir)
    except (BuildError, OSError) as e:
        reason = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print("build.py: libffibench.so: %s" % reason, file=sys.stderr)
        return 1
    installed_lib = os.path.join(pkg_dir, "libffibench.so")

    # 3. each binding, independently
    steps = {
        "capi": builder.build_capi,
        "cffi-api": builder.build_cffi_api,
        "pybind11": builder.build_pybind11,
        "pyo3": builder.build_pyo3,
        "nanobind": builder.build_nanobind,
    }
    results = collections.OrderedDict()
    for b in selected:
        t0 = time.monotonic()
        result = {"status": "ok"}
        try:
            for tool in NEEDS.get(b, ()):
                if tool in tool_failures:
                    raise BuildError(tool_failures[tool])
            if b in steps:
                log("building %s" % b)
                install_extension(pkg_dir, EXTENSIONS[b], steps[b]())
        except Exception as e:  # one binding's failure never stops the others
            if not isinstance(e, BuildError):
                e = BuildError("%s: %s" % (type(e).__name__, e))
            result = {"status": "error", "error": (str(e).strip().splitlines() or ["failed"])[0]}
            if b in EXTENSIONS:  # never leave a stale module that would look built
                remove_extension(pkg_dir, EXTENSIONS[b])
        if b in ("cffi-abi", "cffi-api") and CFFI_CHECK_BYPASSED:
            result["note"] = CFFI_313T_NOTE
        results[b] = result
        log("%s: %s (%.1fs)%s" % (b, result["status"], time.monotonic() - t0,
                                  " - " + result["error"] if "error" in result else ""))

    # 4. what was built, for probe.py and the experiment drivers
    info_path = os.path.join(pkg_dir, "_build_info.json")
    try:
        with open(info_path, encoding="utf-8") as f:
            info = json.load(f)
        if info.get("python") != sys.executable:
            info = {}
    except (OSError, ValueError):
        info = {}
    bindings = info.get("bindings") if isinstance(info.get("bindings"), dict) else {}
    bindings.update(results)
    importlib.invalidate_caches()
    info = {
        "lib": installed_lib,
        "python": sys.executable,
        "version": platform.python_version(),
        "freeThreadedBuild": FREE_THREADED,
        "extSuffix": EXT_SUFFIX,
        "cc": " ".join(builder.cc),
        "cxx": " ".join(builder.cxx),
        "cflags": " ".join(OPT),
        "toolchains": toolchain_versions(),
        "bindings": {b: bindings[b] for b in all_ids if b in bindings},
        "builtAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    tmp = info_path + ".tmp-%d" % os.getpid()
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    os.replace(tmp, info_path)

    ok = sum(1 for r in results.values() if r["status"] == "ok")
    log("done: %d/%d bindings ok in %.1fs" % (ok, len(results), time.monotonic() - started))
    print(json.dumps({"lib": installed_lib, "bindings": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
