"""Experiment `instructions`: instructions executed per call of each binding's functions, counted
under valgrind's callgrind, and where they go (call paths grouped into layers).

Nanoseconds move with the machine's state; the number of instructions a call executes does not.
Method (docs/instructions.md says why):

- the loop is call-overhead's own: the same compiled batch template (`call_overhead.Series`), the
  callable and its arguments as locals, `for _ in _repeat(None, loops): f()`; the empty loop is its
  twin with `pass` as the body (`call_overhead.EmptyLoop`), one per function shape;
- every binding runs in its own process under `valgrind --tool=callgrind`, so a binding that crashes
  or that valgrind refuses costs that binding only; up to one process per CPU we may run on;
- inside it, after a warm-up batch of every loop, each loop runs with `calls` iterations and with 0,
  and callgrind writes its counts at each boundary (`--dump-before=getppid`; the worker calls
  os.getppid() between loops). A loop's count is (N iterations) - (0 iterations): the process's
  start-up, imports and the batch function's own entry and exit cancel;
- instructions per call = (series N - series 0 - (empty N - empty 0)) / N; the call paths and layers
  are the same difference, per function and per layer (demos/callgrind.py).
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import Driver, die_with_parent, error, main, partial, progress  # noqa: E402

INSTALL = "sudo apt-get install valgrind (it is in scripts/system-packages.txt: `npm start` installs it)"
WARMUP_LOOPS = 200  # enough for the specializing interpreter to settle on every instruction of the loop
MAX_PATH_ENTRIES = 30


# ---- the worker: runs under valgrind, one binding ----------------------------------------------

def worker(spec):
    """Runs every loop of one binding with `calls` iterations and with 0, a marker between loops.
    Prints one JSON line: the segments in order, and the functions it could not call."""
    import gc

    die_with_parent()  # valgrind is this process: it goes when the driver goes
    from call_overhead import EmptyLoop, Series

    timer = time.perf_counter_ns
    import ffibench

    if spec.get("crash"):  # FFI_CORNERS_TEST_FAULTS=1 only: a real native crash under valgrind
        ffibench.load("ctypes-cdll").lib.crash_segfault()
    module = ffibench.load(spec["binding"])
    series, skipped, empties = [], {}, {}
    for function in spec["functions"]:
        fn = getattr(module, function, None)
        if fn is None:
            skipped[function] = "binding %s has no function %s" % (spec["binding"], function)
            continue
        s = Series(spec["binding"], function, fn)
        try:
            s.time_single(timer)
        except Exception as exc:
            skipped[function] = "%s raised %s: %s" % (s.key, type(exc).__name__, exc)
            continue
        series.append(s)
        empties.setdefault(s.shape, EmptyLoop(s))
    loops = list(empties.values()) + series
    n = int(spec["calls"])
    gc.collect()
    gc.disable()
    for item in loops:
        item.batch(WARMUP_LOOPS, timer, item.fn, *item.args)
    segments = []
    os.getppid()  # marker: everything before it (start-up, imports, warm-up) is one dump
    for item in loops:
        for count in (0, n):
            item.batch(count, timer, item.fn, *item.args)
            os.getppid()  # marker: the dump before it holds this loop only
            segments.append([item.key, count])
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    sys.stdout.write(json.dumps({"segments": segments, "skipped": skipped, "gilEnabled": gil,
                                 "shapes": {s.key: "empty loop %s" % s.shape for s in series}}) + "\n")


# ---- the orchestrator ------------------------------------------------------------------------

def valgrind_binary():
    path = shutil.which("valgrind")
    if not path:
        raise RuntimeError("valgrind not found on PATH: %s" % INSTALL)
    return path


def valgrind_version(path):
    out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    version = out.stdout.strip()
    if out.returncode != 0 or not version:
        raise RuntimeError("%s --version failed (%s): %s" % (path, out.returncode, INSTALL))
    return version


def dumps_in(directory, prefix):
    """callgrind's numbered dumps <prefix>.<pid>.<n>, in order (the unnumbered one is the exit's)."""
    found = []
    for name in os.listdir(directory):
        m = re.match(re.escape(prefix) + r"\.\d+\.(\d+)$", name)
        if m:
            found.append((int(m.group(1)), os.path.join(directory, name)))
    return [path for _, path in sorted(found)]


def stderr_tail(path, lines=6):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = [ln.rstrip() for ln in f if ln.strip()]
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def why_failed(code, err_file):
    tail = stderr_tail(err_file)
    if code < 0:
        what = "killed by signal %d" % -code
    elif "unhandled instruction" in tail or "Unrecognised instruction" in tail:
        what = "refused by valgrind (an instruction it does not know)"
    else:
        m = re.search(r"Process terminating with default action of signal (\d+) \((\w+)\)", tail)
        what = "crashed under valgrind (%s)" % m.group(2) if m else "exited with status %d" % code
    return "%s: %s" % (what, tail) if tail else what


def evaluate(binding, work, info, calls, with_paths):
    """The counts of one binding's finished worker: per series, instructions per call, the empty
    loop per iteration, and (with_paths) its call path and layers."""
    import callgrind

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))  # layer_mix walks up long caller chains
    files = dumps_in(work, binding)
    segments = info["segments"]
    if len(files) < len(segments):
        raise RuntimeError("callgrind wrote %d dumps for %d loops" % (len(files), len(segments)))
    dumps = {}
    for (key, count), path in zip(segments, files[len(files) - len(segments):]):
        dumps[(key, count)] = callgrind.parse(path)
    out = {"perCall": {}, "loopPerIteration": {}, "paths": {}, "layers": {}}
    for key, empty in info["shapes"].items():
        s0, sn, e0, en = dumps[(key, 0)], dumps[(key, calls)], dumps[(empty, 0)], dumps[(empty, calls)]
        loop = (en.total - e0.total) / calls
        per_call = (sn.total - s0.total) / calls - loop
        out["loopPerIteration"][key] = round(loop, 2)
        out["perCall"][key] = round(per_call, 2)
        if not with_paths:
            continue

        def diff(get):
            a, b, c, d = get(sn), get(s0), get(en), get(e0)
            return {k: (a.get(k, 0) - b.get(k, 0) - c.get(k, 0) + d.get(k, 0)) / calls for k in set(a) | set(b) | set(c) | set(d)}

        layers = diff(lambda d: d.layers())
        out["layers"][key] = {k: round(layers.get(k, 0.0), 1) + 0.0 for k in callgrind.LAYERS}  # + 0.0: no "-0.0"
        self_cost = diff(lambda d: d.self_cost)
        inclusive = diff(lambda d: d.inclusive())
        objects = {**e0.objects, **s0.objects, **sn.objects}
        mix = sn.layer_mix()
        path = []
        for symbol, inc in inclusive.items():
            own = self_cost.get(symbol, 0.0)
            passes_through = abs(own) < 0.5 and inc >= per_call - 0.5  # main(), PyEval_EvalCode, ... above the loop
            if abs(inc) < 0.5 or passes_through or inc > per_call + 0.5:
                continue
            layer = callgrind.main_layer(mix.get(symbol, {}))
            path.append({"symbol": symbol, "perCall": round(inc, 1), "self": round(own, 1) + 0.0, "layer": layer,
                         "object": os.path.basename(objects.get(symbol) or "?")})
        path.sort(key=lambda e: -e["perCall"])
        out["paths"][key] = path[:MAX_PATH_ENTRIES]
    return out


def new_result(version, calls, skipped):
    return {"tool": {"name": "callgrind", "version": version}, "calls": calls, "paths": {}, "layers": {},
            "perCall": {}, "loopPerIteration": {}, "gilEnabled": {}, "errors": dict(skipped), "seconds": {},
            "cpuSeconds": {},
            "method": "callgrind dumps around each loop in one process per binding: N iterations minus 0, "
                      "the empty loop's difference subtracted"}


def collect(binding, code, out_path, err_path, work, calls, with_paths, piece, result):
    """A finished worker: its counts into `piece` and `result`, or its error (the others go on)."""
    try:
        if code != 0:
            raise RuntimeError(why_failed(code, err_path))
        with open(out_path) as f:
            lines = [ln for ln in f.read().splitlines() if ln.startswith("{")]
        if not lines:
            raise RuntimeError("the worker printed nothing: " + stderr_tail(err_path))
        info = json.loads(lines[-1])
        counted = evaluate(binding, work, info, calls, with_paths)
        piece.update(counted, gilEnabled=info["gilEnabled"])
        for function, why in info["skipped"].items():
            error(why)
            result["errors"]["%s/%s" % (binding, function)] = why
        for field in ("perCall", "loopPerIteration", "paths", "layers"):
            result[field].update(counted[field])
        result["gilEnabled"][binding] = info["gilEnabled"]
    except Exception as exc:
        piece["error"] = str(exc)
        result["errors"][binding] = str(exc)
        error("binding %s: %s" % (binding, exc))


def run():
    drv = Driver("instructions")
    p = drv.params
    calls = int(p["calls"])
    with_paths = bool(p.get("paths", True))
    # Imports first, as call-overhead does: meta's GIL state is the one after every binding's import.
    import ffibench

    importable, skipped = [], {}
    for binding in p["bindings"]:
        try:
            ffibench.load(binding)
            importable.append(binding)
        except Exception as exc:
            skipped[binding] = "cannot import it: %s: %s" % (type(exc).__name__, exc)
    drv.meta()
    valgrind = valgrind_binary()
    version = valgrind_version(valgrind)
    for binding, why in skipped.items():
        error("binding %s skipped: %s" % (binding, why))
    if not importable:
        raise RuntimeError("nothing to count: no binding could be imported")

    crash = os.environ.get("FFI_CORNERS_TEST_FAULTS") == "1" and os.environ.get("FFI_CORNERS_TEST_CRASH_BINDING")
    parallel = max(1, min(len(os.sched_getaffinity(0)), len(importable)))
    work = tempfile.mkdtemp(prefix="ffi-corners-callgrind-")
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = new_result(version, calls, skipped)
    pending = list(importable)
    running = {}
    done = 0
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    progress(0, len(importable), "counting %s" % ", ".join(pending[:parallel]))
    try:
        while pending or running:
            while pending and len(running) < parallel:
                binding = pending.pop(0)
                spec = {"binding": binding, "functions": p["functions"], "calls": calls, "crash": crash == binding}
                out_f = open(os.path.join(work, binding + ".out"), "w")
                err_path = os.path.join(work, binding + ".err")
                cmd = [valgrind, "--tool=callgrind", "--dump-before=getppid", "--dump-instr=no", "-q",
                       "--callgrind-out-file=%s.%%p" % os.path.join(work, binding),
                       sys.executable, os.path.abspath(__file__), "--worker", json.dumps(spec)]
                with open(err_path, "w") as err_f:
                    proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, env=env, cwd=work)
                running[binding] = (proc, out_f, err_path, time.monotonic())
            time.sleep(0.05)
            for binding, (proc, out_f, err_path, started) in list(running.items()):
                code = proc.poll()
                if code is None:
                    continue
                del running[binding]
                out_f.close()
                seconds = round(time.monotonic() - started, 2)
                # CPU time of the children reaped since the last one: this worker (poll() reaps one at a time).
                now = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = round(now.ru_utime + now.ru_stime - reaped.ru_utime - reaped.ru_stime, 2)
                reaped = now
                piece = {"binding": binding, "seconds": seconds, "cpuSeconds": cpu}
                collect(binding, code, out_f.name, err_path, work, calls, with_paths, piece, result)
                result["seconds"][binding] = seconds
                result["cpuSeconds"][binding] = cpu
                if not with_paths:
                    piece.pop("paths", None)
                    piece.pop("layers", None)
                partial(binding, piece)
                done += 1
                progress(done, len(importable), "counted %s" % binding + (" (error)" if "error" in piece else ""))
    finally:
        for proc, out_f, _, _ in running.values():
            proc.kill()
            proc.wait()
            out_f.close()
        shutil.rmtree(work, ignore_errors=True)
    if not with_paths:
        del result["paths"], result["layers"]
    if not result["perCall"]:
        raise RuntimeError("no binding could be counted: " + "; ".join("%s: %s" % kv for kv in result["errors"].items()))
    drv.finish(result)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker(json.loads(sys.argv[2]))
    else:
        main(run)
