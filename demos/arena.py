"""glibc arena risk matrix (the talk's arena_test.py --arena-risk): N Python threads each make
`calls` native calls; every call starts M native threads that malloc, touch (write every byte of)
and free `blocks` blocks of `block_kib` KiB. Which memory grows, and is it glibc's arenas?
With touch=false the blocks are never written, as in the talk's recipe (a 64 MiB Vec with set_len):
address space only, never resident.

The loader decides whether the calling thread holds the GIL while the native threads run:
  pydll          ctypes.PyDLL: held (the talk's PyO3 function held it too: no allow_threads)
  cdll           ctypes.CDLL: released around the call
  pyo3-held      the Rust workload in PyO3 (ffibench._pyo3.arena_churn): held
  pyo3-released  the same inside Python::detach: released
With the GIL held, the N Python threads' calls cannot overlap, so at most M native threads exist at
once; released (or on a free-threaded build) up to N x M do, and glibc gives each concurrent thread
its own arena up to its limit (8 per CPU).

Every measurement is a FRESH process of this interpreter (a clean baseline), `repeats` of them per
cell, with the chosen allocator (LD_PRELOAD) and glibc tunables (GLIBC_TUNABLES) in its environment.
Each records before and after the threads ran and were joined: VmRSS and VmHWM, and from glibc's
malloc_info() the arena count and the bytes the non-main arenas hold. A baseline process per row runs
the same N Python threads with a Python function in place of the native call: the interpreter's own
growth. Each cell reports the median over its processes with the spread (lowest, highest).

Blocks of 128 KiB and more are above glibc's initial mmap threshold: mmap'd, not arena memory (the
talk used 64 MiB, which is above every threshold glibc allows). A native thread still gets an arena
for its first small allocation, so the arena COUNT follows the threads, the arena BYTES the blocks.
"""

import json
import os
import subprocess
import sys

from driver import Driver, alternate, main, partial, progress
from malloc_env import MIB, TUNABLES, child_env, import_pyo3, spread

# Below this, a difference of medians is not called growth, however clearly the processes separate:
# a fresh thread arena alone holds ~132 KiB (its heap header and top pad).
GREW_FLOOR_MIB = 0.25

LOADERS = {
    # loader: (module, function, holds the calling thread's GIL during the call)
    "pydll": ("ffibench.ctypes_pydll", "arena_churn", True),
    "cdll": ("ffibench.ctypes_cdll", "arena_churn", False),
    "pyo3-held": ("ffibench._pyo3", "arena_churn", True),
    "pyo3-released": ("ffibench._pyo3", "arena_churn_detached", False),
}


def _meminfo(key):
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def load_churn(loader):
    import importlib

    module, name, _ = LOADERS[loader]
    if module == "ffibench._pyo3":
        return getattr(import_pyo3(), name)
    return getattr(importlib.import_module(module).lib, name)


def cell(spec):
    """Child process: one measurement, one JSON line on stdout."""
    import threading
    import time

    from malloc_env import glibc_malloc_info, mapped, status

    churn = load_churn(spec["loader"])  # imported in the baseline too: the same libraries loaded
    info = glibc_malloc_info() if spec["allocator"] == "glibc" else None
    if spec["library"] and not mapped(spec["library"]):
        raise SystemExit("LD_PRELOAD=%s was not loaded into the process" % spec["library"])

    def snapshot():
        st = status()
        snap = {"rss_kib": st["VmRSS"], "hwm_kib": st["VmHWM"]}
        if info is not None:
            snap.update(info())
        return snap

    n, m, calls = spec["python_threads"], spec["native_threads"], spec["calls"]
    size, blocks, touch = spec["block_kib"] * 1024, spec["blocks"], bool(spec["touch"])

    def python_work(threads, block_size, allocs, touch):
        return 0

    work = churn if spec["mode"] == "native" else python_work
    barrier = threading.Barrier(n + 1)
    codes, call_ns, raised = [], [], []

    def worker():
        barrier.wait()
        mine, times = [], []
        try:
            for _ in range(calls):
                t = time.perf_counter_ns()
                mine.append(work(m, size, blocks, touch))
                times.append(time.perf_counter_ns() - t)
        except Exception as e:  # the call itself failed (not a -errno): say which, once
            raised.append("%s: %s" % (type(e).__name__, e))
        codes.extend(mine)
        call_ns.extend(times)

    before = snapshot()
    pool = [threading.Thread(target=worker) for _ in range(n)]
    for t in pool:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in pool:
        t.join()
    seconds = time.perf_counter() - t0
    if raised:
        raise SystemExit("the native call raised in %d of %d Python threads: %s" % (len(raised), n, raised[0]))
    after = snapshot()
    call_ns.sort()
    print(json.dumps({"before": before, "after": after, "seconds": seconds, "call_ns": call_ns[len(call_ns) // 2],
                      "failed_calls": sum(1 for c in codes if c != 0), "first_error": next((c for c in codes if c != 0), 0)}))


def which_grew(native, baseline, interpreter):
    """'arenas' (the native run's thread arenas hold more than the baseline's), 'interpreter' (the
    baseline itself grew), 'both' or 'neither'; with another allocator than glibc, 'native' stands
    for the native run's RSS beyond the baseline's. A side grew when its spread lies wholly above the
    other's (every process above every one it is compared with: with 3 against 3, the chance of that
    without a difference is 1 in 20) and its median by more than GREW_FLOOR_MIB. The interpreter is
    compared with zero growth."""
    if native["arenaMiB"] is not None:
        label, a, b = "arenas", native["arenaMiB"], baseline["arenaMiB"]
    else:
        label, a, b = "native", native["rssMiB"], interpreter
    grew_native = a["low"] > b["high"] and a["median"] - b["median"] > GREW_FLOOR_MIB
    grew_interp = interpreter["low"] > 0 and interpreter["median"] > GREW_FLOOR_MIB
    return {(True, True): "both", (True, False): label, (False, True): "interpreter", (False, False): "neither"}[(grew_native, grew_interp)]


def summarize(raws, arenas_meaningful):
    """Per-process measurements -> medians with their spreads."""
    mib = lambda kib: kib / 1024  # noqa: E731
    out = {
        "rssMiB": spread([mib(r["after"]["rss_kib"] - r["before"]["rss_kib"]) for r in raws]),
        "peakRssMiB": spread([mib(r["after"]["hwm_kib"] - r["before"]["rss_kib"]) for r in raws]),
        "seconds": spread([r["seconds"] for r in raws]),
        "callNs": spread([r["call_ns"] for r in raws]),
        "arenas": None,
        "arenaMiB": None,
        "arenaPeakMiB": None,
        "mmapMiB": None,
        "failedCalls": sum(r["failed_calls"] for r in raws),
    }
    if arenas_meaningful and all("arenas" in r["after"] for r in raws):
        out.update(
            arenas=spread([r["after"]["arenas"] for r in raws]),
            arenaMiB=spread([r["after"]["thread_arena_bytes"] / MIB for r in raws]),
            arenaPeakMiB=spread([r["after"]["thread_arena_peak_bytes"] / MIB for r in raws]),
            mmapMiB=spread([r["after"]["mmap_bytes"] / MIB for r in raws]),
        )
    first_error = next((r["first_error"] for r in raws if r["failed_calls"]), None)
    if first_error is not None:
        out["firstError"] = first_error
    return out


def blocks_mmapped(block_kib, mmap_threshold_kib):
    """'always', 'never', or 'at first' (glibc's dynamic threshold starts at 128 KiB and rises to
    the size of a freed mmap'd block, up to 32 MiB, unless a threshold is set)."""
    if mmap_threshold_kib:
        return "always" if block_kib >= mmap_threshold_kib else "never"
    if block_kib < 128:
        return "never"
    return "always" if block_kib > 32 * 1024 else "at first"


def measure_cell(spec, env):
    """One measurement in a fresh process of this interpreter (`cell`), with the cell's environment."""
    proc = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--cell", json.dumps(spec)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300,
    )
    if proc.returncode != 0:
        raise RuntimeError("cell %s N=%d M=%d exited %d: %s" % (spec["mode"], spec["python_threads"], spec["native_threads"], proc.returncode, proc.stderr.strip()[-500:]))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def refuse_oversized(p):
    """Refuses parameters whose worst case at once (every Python thread inside a call, every native
    thread holding all its blocks) would hold more than half the memory available. Unwritten blocks that
    glibc always mmaps are address space, not memory: never resident, so never refused (a failed mmap is
    a failed call). Smaller unwritten blocks come from arenas, whose reused pages may be resident."""
    if not p["touch"] and blocks_mmapped(p["block_kib"], p["mmap_threshold"]) == "always":
        return
    rows, cols = p["python_threads"], p["native_threads"]
    worst_kib = max(rows) * max(cols) * p["blocks"] * p["block_kib"]
    available_kib = _meminfo("MemAvailable")
    if available_kib and worst_kib > available_kib // 2:
        raise RuntimeError(
            "the largest cell may hold %.1f GiB at once (N=%d x M=%d x %d x %d KiB), more than half of the %.1f GiB available: "
            "use fewer threads, blocks or a smaller block_kib" % (worst_kib / MIB, max(rows), max(cols), p["blocks"], p["block_kib"], available_kib / MIB)
        )


def cell_entry(n, m, repeats, base, native, grew, arena_limit):
    """One cell of the matrix: its native measurements beside its row's baseline."""
    interpreter = base["rssMiB"]
    return dict(
        pythonThreads=n,
        nativeThreads=m,
        repeats=repeats,
        interpreterMiB=interpreter,
        baselineArenas=base["arenas"],
        baselineArenaMiB=base["arenaMiB"],
        arenaExcessMiB=None if native["arenaMiB"] is None else native["arenaMiB"]["median"] - base["arenaMiB"]["median"],
        rssExcessMiB=native["rssMiB"]["median"] - interpreter["median"],
        grew=grew,
        atArenaCap=None if native["arenas"] is None else native["arenas"]["high"] >= arena_limit,
        **native,
    )


def run():
    drv = Driver("arena")
    p = drv.params
    loader, allocator = p["loader"], p["allocator"]
    if loader not in LOADERS:
        raise ValueError("unknown loader %r (known: %s)" % (loader, ", ".join(LOADERS)))
    load_churn(loader)  # what every cell process imports: the GIL state in meta is after it
    drv.meta()
    from driver import gil_enabled

    env, library, tunables = child_env(allocator, {k: p[k] for k in TUNABLES})
    arenas_meaningful = allocator == "glibc"
    rows, cols, repeats = p["python_threads"], p["native_threads"], p["repeats"]

    def measure(mode, n, m):
        spec = dict(mode=mode, loader=loader, allocator=allocator, library=library, python_threads=n, native_threads=m,
                    calls=p["calls"], block_kib=p["block_kib"], blocks=p["blocks"], touch=p["touch"])
        return measure_cell(spec, env)

    refuse_oversized(p)

    cpu_count = os.cpu_count() or 1
    # glibc's arena limit without arena_max: 8 per CPU on 64-bit (mallopt(3), M_ARENA_MAX).
    glibc_cap = 8 * cpu_count
    arena_limit = p["arena_max"] or glibc_cap
    total = len(rows) * (len(cols) + 1) * repeats
    done = 0
    baselines, cells = [], []
    for n in rows:
        raw_base, raw_native = [], {m: [] for m in cols}
        # Repeats alternate (the baseline and every column, in reverse order every other repeat), so
        # drift spreads over all arms.
        for r, order in alternate([None] + list(cols), repeats):
            for m in order:
                if m is None:
                    progress(done, total, "N=%d: baseline, repeat %d/%d" % (n, r + 1, repeats))
                    raw_base.append(measure("python", n, 0))
                else:
                    progress(done, total, "N=%d x M=%d, repeat %d/%d" % (n, m, r + 1, repeats))
                    raw_native[m].append(measure("native", n, m))
                done += 1
        base = summarize(raw_base, arenas_meaningful)
        interpreter = base["rssMiB"]
        baselines.append(dict(pythonThreads=n, interpreterMiB=interpreter, arenas=base["arenas"], arenaMiB=base["arenaMiB"], peakRssMiB=base["peakRssMiB"]))
        for m in cols:
            native = summarize(raw_native[m], arenas_meaningful)
            grew = which_grew(native, base, interpreter)
            c = cell_entry(n, m, repeats, base, native, grew, arena_limit)
            cells.append(c)
            partial("cell-%d-%d" % (n, m), c)
    progress(total, total, "done")

    gil_held = LOADERS[loader][2] and gil_enabled()
    drv.finish(
        {
            "loader": loader,
            "gilHeldDuringCall": gil_held,
            "allocator": allocator,
            "allocatorLibrary": library,
            "arenasMeaningful": arenas_meaningful,
            "glibcTunables": tunables,
            "python_threads": rows,
            "native_threads": cols,
            **{k: p[k] for k in ("calls", "block_kib", "blocks", "touch", "repeats", "arena_max", "mmap_threshold", "trim_threshold")},
            "blocksMmapped": blocks_mmapped(p["block_kib"], p["mmap_threshold"]),
            "cpuCount": cpu_count,
            "arenaLimit": arena_limit,
            "glibcArenaCap": glibc_cap,
            "cellsAtCap": None if not arenas_meaningful else sum(1 for c in cells if c["atArenaCap"]),
            "grewFloorMiB": GREW_FLOOR_MIB,
            "baselines": baselines,
            "cells": cells,
            "maxArenas": max((c["arenas"]["high"] for c in cells if c["arenas"]), default=None),
        }
    )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--cell":
        cell(json.loads(sys.argv[2]))
    else:
        main(run)
