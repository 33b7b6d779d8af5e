"""The command line: the order of the steps, the JSON report on stdout and
_build_info.json in the installed package (see native/build.py for the contract)."""

import argparse
import collections
import datetime
import importlib
import json
import os
import platform
import sys
import sysconfig
import time

from . import cffi313t
from .bindings import BUILDERS
from .compilers import Build
from .install import install_extension, install_file, install_python_sources, remove_extension
from .libffibench import build_lib
from .proc import BuildError, log
from .toolchains import ensure_toolchains, toolchain_versions
from .tree import EXT_SUFFIX, FREE_THREADED, OPT, binding_note, read_bindings


def select(only, all_ids):
    """The binding ids --only names, in display order; ValueError names the unknown ones."""
    if not only.strip():
        return list(all_ids)
    wanted = [b.strip() for b in only.split(",") if b.strip()]
    unknown = [b for b in wanted if b not in all_ids]
    if unknown:
        raise ValueError("unknown binding id(s): %s (known: %s)" % (", ".join(unknown), ", ".join(all_ids)))
    return [b for b in all_ids if b in wanted]


def build_binding(spec, build, pkg_dir, tool_failures):
    """Builds and installs one binding; its entry of the report (never raises)."""
    result = {"status": "ok"}
    extension = spec.get("extension")
    try:
        for tool in spec["toolchains"]:
            if tool in tool_failures:
                raise BuildError(tool_failures[tool])
        if extension:
            if spec["id"] not in BUILDERS:
                raise BuildError("no builder for %s in native/ffibuild/bindings/" % spec["id"])
            log("building %s" % spec["id"])
            install_extension(pkg_dir, extension, BUILDERS[spec["id"]](build))
    except Exception as e:  # one binding's failure never stops the others
        if not isinstance(e, BuildError):
            e = BuildError("%s: %s" % (type(e).__name__, e))
        result = {"status": "error", "error": (str(e).strip().splitlines() or ["failed"])[0]}
        if extension:  # never leave a stale module that would look built
            remove_extension(pkg_dir, extension)
    note = binding_note(spec)
    if note and cffi313t.NEEDED and "cffi" in spec["toolchains"]:
        note += " (%s)" % cffi313t.NOTE
    if note:
        result["note"] = note
    return result


def write_build_info(pkg_dir, build, installed_lib, results, all_ids):
    """What was built, for probe.py and the experiment drivers: merged with the
    statuses of bindings this run did not build (--only)."""
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
        "cc": " ".join(build.cc),
        "cxx": " ".join(build.cxx),
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


def main(argv=None, description=None):
    ap = argparse.ArgumentParser(prog="build.py", description=description)
    ap.add_argument("--build-dir", required=True, help="where compiler/CMake/cargo outputs are kept")
    ap.add_argument("--only", default="", help="comma-separated binding ids (default: all)")
    args = ap.parse_args(argv)

    if sys.prefix == getattr(sys, "base_prefix", sys.prefix):
        print("build.py: run it with a virtual environment's python (it installs into the venv), "
              "not %s" % sys.executable, file=sys.stderr)
        return 2

    try:
        specs = read_bindings()
    except (OSError, ValueError, KeyError) as e:
        print("build.py: cannot read the binding list: %s" % e, file=sys.stderr)
        return 2
    try:
        selected = select(args.only, list(specs))
    except ValueError as e:
        print("build.py: %s" % e, file=sys.stderr)
        return 2

    build_dir = os.path.abspath(args.build_dir)
    os.makedirs(build_dir, exist_ok=True)
    started = time.monotonic()
    log("python %s (%s), free-threaded build: %s, build dir %s"
        % (platform.python_version(), sys.executable, FREE_THREADED, build_dir))

    # 1. toolchains
    t0 = time.monotonic()
    needed = set()
    for b in selected:
        needed.update(specs[b]["toolchains"])
    try:
        tool_failures = ensure_toolchains(build_dir) if needed else {}
    except BuildError as e:  # e.g. an unreadable requirements file
        tool_failures = {n: str(e) for n in needed}
    log("toolchains: %.1fs" % (time.monotonic() - t0))

    # 2. the C library, installed with the loader modules (global: no library, no bindings)
    pkg_dir = os.path.join(sysconfig.get_paths()["purelib"], "ffibench")
    try:
        build = Build(build_dir)
        build_lib(build)
        os.makedirs(pkg_dir, exist_ok=True)
        install_file(build.lib, os.path.join(pkg_dir, "libffibench.so"))
        install_python_sources(pkg_dir)
    except (BuildError, OSError) as e:
        reason = (str(e).strip().splitlines() or [type(e).__name__])[0]
        print("build.py: libffibench.so: %s" % reason, file=sys.stderr)
        return 1
    installed_lib = os.path.join(pkg_dir, "libffibench.so")

    # 3. each binding, independently
    results = collections.OrderedDict()
    for b in selected:
        t0 = time.monotonic()
        results[b] = result = build_binding(specs[b], build, pkg_dir, tool_failures)
        log("%s: %s (%.1fs)%s" % (b, result["status"], time.monotonic() - t0,
                                  " - " + result["error"] if "error" in result else ""))

    # 4. what was built
    write_build_info(pkg_dir, build, installed_lib, results, list(specs))

    ok = sum(1 for r in results.values() if r["status"] == "ok")
    log("done: %d/%d bindings ok in %.1fs" % (ok, len(results), time.monotonic() - started))
    print(json.dumps({"lib": installed_lib, "bindings": results}))
    return 0
