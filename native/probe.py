#!/usr/bin/env python3
"""Reports what an interpreter is and which ffibench bindings work on it.

    <python> native/probe.py

Prints one JSON object on stdout:
    {"version": "3.13.5", "implementation": "cpython",
     "freeThreadedBuild": bool,          # sysconfig Py_GIL_DISABLED
     "gilEnabledAfterImports": bool,     # sys._is_gil_enabled() after importing
                                         # every binding that imports (True
                                         # where the function does not exist)
     "bindings": {id: {"status": "ok"|"error"|"missing", "error"?: str,
                       "note"?: str, "gilEnabledAfterImport": bool|null}}}

Each binding is checked in a fresh subprocess, so one binding (re-enabling the
GIL, crashing, hanging) cannot mask another. "missing" means the ffibench
package or that binding's module is not installed. Never crashes: whatever
goes wrong is reported in the JSON. Runs on any Python 3.7+, with or without
ffibench installed.
"""

import json
import os
import platform
import subprocess
import sys
import sysconfig

# The one list of bindings, read from the source tree: the probe must also run
# where ffibench is not installed.
LIST_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "python", "ffibench", "bindings.json")
TIMEOUT_S = 120


def read_specs():
    """binding id -> what the child checks of it (from bindings.json), in display order."""
    with open(LIST_PATH, encoding="utf-8") as f:
        listed = json.load(f)
    return {spec["id"]: {"wrapped": spec["wrapped"], "baseline": bool(spec.get("baseline")),
                         "functions": listed["functions"]}
            for spec in listed["bindings"]}


# Runs in the child: `python -c CHILD one <binding> <its entry as JSON>` or
# `python -c CHILD all <binding>...`. Prints one JSON line.
CHILD = r'''
import json, os, sys
sys.path = [p for p in sys.path if p not in ("", os.getcwd())]

def gil_enabled():
    f = getattr(sys, "_is_gil_enabled", None)
    return True if f is None else bool(f())

def import_ffibench():
    try:
        import ffibench
    except ModuleNotFoundError as e:
        if e.name == "ffibench":
            return None, "the ffibench package is not installed"
        raise
    if not hasattr(ffibench, "load"):  # e.g. a stray directory named ffibench
        return None, "the ffibench package is not installed (found %r)" % (getattr(ffibench, "__path__", None),)
    return ffibench, None

def is_missing(exc, module_name):
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return False
    return exc.name == module_name or module_name.startswith(exc.name + ".")

def describe(exc):
    text = str(exc).strip().splitlines()
    return "%s: %s" % (type(exc).__name__, text[0] if text else "")

def check_one(bid, spec):
    out = {"status": "error", "gilEnabledAfterImport": None}
    ffibench, why = import_ffibench()
    if ffibench is None:
        out.update(status="missing", error=why)
        return out
    note = ((ffibench.build_info().get("bindings") or {}).get(bid) or {}).get("note") \
        if hasattr(ffibench, "build_info") else None
    if note:
        out["note"] = note
    module_name = getattr(ffibench, "MODULES", {}).get(bid, "?")
    try:
        mod = ffibench.load(bid)
    except Exception as e:
        if is_missing(e, module_name):
            out.update(status="missing", error="%s is not installed" % module_name)
        else:
            out["error"] = "import %s failed: %s" % (module_name, describe(e))
            out["gilEnabledAfterImport"] = gil_enabled()
        return out
    out["gilEnabledAfterImport"] = gil_enabled()

    from array import array
    pid = os.getpid()
    checks = [
        ("return_int()", lambda: mod.return_int(), 42),
        ("add(2, 3)", lambda: mod.add(2, 3), 5),
        ("add(-7, 3)", lambda: mod.add(-7, 3), -4),
        ("bytes_len(b'hello')", lambda: mod.bytes_len(b"hello"), 5),
        ("str_len('h\u00e9llo')", lambda: mod.str_len("h\u00e9llo"), 6),
        ("sum_array(array('q', range(1000)))", lambda: mod.sum_array(array("q", range(1000))), 499500),
        ("get_pid()", lambda: mod.get_pid(), pid),
    ]
    failures = []
    for label, call, expected in checks:
        try:
            got = call()
        except Exception as e:
            failures.append("%s raised %s" % (label, describe(e)))
            continue
        if type(got) is not int or got != expected:
            failures.append("%s returned %r, expected %r" % (label, got, expected))
    wrapped = getattr(mod, "WRAPPED", None)
    if not isinstance(wrapped, frozenset):
        failures.append("module has no WRAPPED frozenset")
    elif wrapped != frozenset(spec["wrapped"]):
        failures.append("WRAPPED is %s, bindings.json says %s" % (sorted(wrapped), sorted(spec["wrapped"])))
    elif not spec.get("baseline"):
        # What "wrapped" means: a Python function (one more frame) in front of the binding's own callable.
        import types
        for name in spec["functions"]:
            is_python = isinstance(getattr(mod, name, None), types.FunctionType)
            if is_python and name not in wrapped:
                failures.append("%s is a Python function, but bindings.json does not list it as wrapped" % name)
            elif name in wrapped and not is_python:
                failures.append("%s is the binding's own callable, but bindings.json lists it as wrapped" % name)
    if failures:
        out["error"] = "; ".join(failures)
    else:
        out["status"] = "ok"
    return out

def import_all(ids):
    imported = []
    ffibench, _ = import_ffibench()
    if ffibench is not None:
        for bid in ids:
            try:
                ffibench.load(bid)
                imported.append(bid)
            except Exception:
                pass
    return {"imported": imported, "gilEnabledAfterImports": gil_enabled()}

mode = sys.argv[1]
try:
    result = check_one(sys.argv[2], json.loads(sys.argv[3])) if mode == "one" else import_all(sys.argv[2:])
except BaseException as e:
    result = {"status": "error", "error": "probe child failed: " + describe(e)}
sys.stdout.write("\n" + json.dumps(result) + "\n")
'''


def run_child(args):
    """Runs CHILD; returns (parsed JSON or None, one-line reason when None)."""
    env = dict(os.environ)
    env["PYTHONSAFEPATH"] = "1"  # 3.11+: no cwd/script dir on sys.path (CHILD also strips it)
    env.pop("PYTHON_GIL", None)  # measure the modules' declarations, not an override
    try:
        proc = subprocess.run(
            [sys.executable, "-X", "utf8", "-c", CHILD] + list(args),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=TIMEOUT_S, env=env,
        )
    except subprocess.TimeoutExpired:
        return None, "timed out after %ds" % TIMEOUT_S
    except OSError as e:
        return None, "cannot start %s: %s" % (sys.executable, e)
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    if lines:
        try:
            return json.loads(lines[-1]), None
        except ValueError:
            pass
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode < 0:
        reason = "crashed (signal %d)" % -proc.returncode
    else:
        reason = "exited with status %d" % proc.returncode
    if err:
        reason += ": " + err[-1][:300]
    return None, reason


def probe_binding(item):
    bid, spec = item
    result, reason = run_child(["one", bid, json.dumps(spec)])
    if result is None:
        return {"status": "error", "error": "probe of %s %s" % (bid, reason),
                "gilEnabledAfterImport": None}
    out = {"status": result.get("status", "error")}
    if out["status"] not in ("ok", "error", "missing"):
        out["status"] = "error"
    for key in ("error", "note"):
        if result.get(key):
            out[key] = str(result[key])
    gil = result.get("gilEnabledAfterImport")
    out["gilEnabledAfterImport"] = gil if isinstance(gil, bool) else None
    return out


def probe(specs):
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    report = {
        "version": platform.python_version(),
        "implementation": sys.implementation.name,
        "freeThreadedBuild": free_threaded,
        "gilEnabledAfterImports": True,
        "bindings": {},
    }
    try:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            results = list(pool.map(probe_binding, specs.items()))
    except Exception as e:  # no threads: one at a time
        results = [probe_binding(item) for item in specs.items()]
    report["bindings"] = dict(zip(specs, results))

    importable = [b for b, r in report["bindings"].items() if r["status"] != "missing"]
    result, reason = run_child(["all"] + importable)
    if result is not None and isinstance(result.get("gilEnabledAfterImports"), bool):
        report["gilEnabledAfterImports"] = result["gilEnabledAfterImports"]
    else:  # the one process that imports them all failed: judge from the separate ones
        report["gilEnabledAfterImports"] = (not free_threaded) or any(
            r.get("gilEnabledAfterImport") is not False for r in report["bindings"].values()
            if r["status"] != "missing")
        report["error"] = "importing every binding in one process %s" % (
            reason or "failed: " + str((result or {}).get("error")))
    return report


def main():
    specs = {}
    try:
        specs = read_specs()
        report = probe(specs)
    except BaseException as e:  # never crash: still one JSON object
        report = {
            "version": platform.python_version(),
            "implementation": sys.implementation.name,
            "freeThreadedBuild": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            "gilEnabledAfterImports": True,
            "bindings": {b: {"status": "error", "error": "probe failed", "gilEnabledAfterImport": None}
                         for b in specs},
            "error": "probe failed: %s: %s" % (type(e).__name__, e),
        }
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
