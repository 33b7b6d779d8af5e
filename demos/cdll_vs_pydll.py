"""CDLL vs PyDLL (the talk's cdll_vs_pydll.py): the same symbol, get_pid() of libffibench, called
`calls` times in a loop through ctypes.CDLL (releases and re-takes the GIL around every call) and
through ctypes.PyDLL (keeps it).

Method: `repeats` timings per loader, interleaved (the loader that goes first alternates, so drift
and warm-up do not favour one); each timing is one perf_counter_ns() pair around a plain
`for _ in range(calls): f()` with the function bound to a local and the garbage collector off, like
the talk's (so the loop's own cost is inside; it is measured separately as `loop_s` and reported,
not subtracted). Speed-up = median CDLL time / median PyDLL time.
"""

from driver import Driver, alternate, main, partial, progress, samples


import gc
import os
import statistics
import time


def timed(f, n):
    """Seconds for n calls of f, GC off: one perf_counter_ns() pair around the loop."""
    gc.disable()
    try:
        t0 = time.perf_counter_ns()
        for _ in range(n):
            f()
        return (time.perf_counter_ns() - t0) / 1e9
    finally:
        gc.enable()


def nothing():
    return 0


def run():
    drv = Driver("cdll-vs-pydll")

    from ffibench.ctypes_cdll import lib as cdll
    from ffibench.ctypes_pydll import lib as pydll

    drv.meta()  # both handles come declared (ffibench's _ctypes_decl)

    calls, repeats = drv.params["calls"], drv.params["repeats"]
    funcs = {"cdll": cdll.get_pid, "pydll": pydll.get_pid}
    for name, f in funcs.items():
        if f() != os.getpid():
            raise RuntimeError("%s get_pid() returned %d, expected %d" % (name, f(), os.getpid()))

    # Warm-up: both paths (ctypes' argument converters, caches) before anything is timed.
    for f in funcs.values():
        timed(f, min(calls, 50_000))

    times = {"cdll": [], "pydll": []}
    loop = []
    total = repeats * 2
    for r, order in alternate(("cdll", "pydll"), repeats):
        piece = {"repeat": r + 1, "order": list(order)}
        for i, name in enumerate(order):
            progress(r * 2 + i, total, "repeat %d/%d: %s x %d" % (r + 1, repeats, name, calls))
            s = timed(funcs[name], calls)
            times[name].append(s)
            piece[name] = {"seconds": s, "ns_per_call": s * 1e9 / calls}
        loop.append(timed(nothing, calls))
        piece["loop_seconds"] = loop[-1]
        piece["speedup"] = piece["cdll"]["seconds"] / piece["pydll"]["seconds"]
        partial("repeat-%d" % (r + 1), piece)
        samples({name: [times[name][-1] * 1e9 / calls] for name in funcs}, unit="ns/call")
    progress(total, total, "done")

    def summary(name):
        t = times[name]
        med = statistics.median(t)
        return {
            "times_s": t,
            "median_s": med,
            "min_s": min(t),
            "max_s": max(t),
            "ns_per_call": med * 1e9 / calls,
            "ns_per_call_min": min(t) * 1e9 / calls,
        }

    out = {name: summary(name) for name in funcs}
    drv.finish(
        {
            "calls": calls,
            "repeats": repeats,
            "cdll": out["cdll"],
            "pydll": out["pydll"],
            "speedup": out["cdll"]["median_s"] / out["pydll"]["median_s"],
            # Best of the repeats: the least disturbed timing of each (noise only ever adds time).
            "speedup_min": out["cdll"]["min_s"] / out["pydll"]["min_s"],
            "speedups": [c / p for c, p in zip(times["cdll"], times["pydll"])],
            # An empty Python call in the same loop: the part of every timing that is not ctypes.
            "loop_s": statistics.median(loop),
            "loop_ns_per_call": statistics.median(loop) * 1e9 / calls,
            "method": "median of %d interleaved timings per loader, each one perf_counter_ns() pair around %d calls, GC off"
            % (repeats, calls),
        }
    )


if __name__ == "__main__":
    main(run)
