"""PyDLL blocking (the talk's pydll_blocking.py): while the main thread is inside a C call that
sleeps (libffibench's sleep_us, i.e. usleep), how far does another Python thread get?

A counting thread increments a counter in a tight loop. The main thread waits until the counter is
really moving, reads it just before the call, calls sleep_us(sleep_ms * 1000) through CDLL (the GIL
is released during the call) or PyDLL (it is kept), and reads it again just after. The difference
is the iterations counted during the sleep. With the GIL, PyDLL stops the counter for the whole
sleep; what it still counts is the switch interval around the call: after the call returns, the
main thread gives the GIL to the waiting counter at its first eval-breaker check. A free-threaded
build has no GIL to keep: both loaders let the counter run.

Per repeat both loaders run, the one that goes first alternating; a fresh counting thread each time.
"""

from driver import Driver, alternate, main, partial, progress, samples


import statistics
import sys
import threading
import time


def count(cell, stop, started):
    """The counting thread: increments cell[0] until stop is non-empty."""
    started.set()
    while not stop:
        cell[0] += 1


def counter_rate(seconds=0.2):
    """Iterations per second of the counter while the main thread just sleeps in Python (GIL free)."""
    cell, stop, started = [0], [], threading.Event()
    t = threading.Thread(target=count, args=(cell, stop, started))
    t.start()
    started.wait()
    c0, t0 = cell[0], time.perf_counter()
    time.sleep(seconds)
    c1, t1 = cell[0], time.perf_counter()
    stop.append(True)
    t.join()
    return (c1 - c0) / (t1 - t0)


def run():
    drv = Driver("pydll-blocking")

    from ffibench.ctypes_cdll import lib as cdll
    from ffibench.ctypes_pydll import lib as pydll

    drv.meta()  # both handles come declared (ffibench's _ctypes_decl)

    sleep_ms, repeats = drv.params["sleep_ms"], drv.params["repeats"]
    usec = sleep_ms * 1000
    funcs = {"cdll": cdll.sleep_us, "pydll": pydll.sleep_us}

    def one(name):
        f = funcs[name]
        cell, stop, started = [0], [], threading.Event()
        t = threading.Thread(target=count, args=(cell, stop, started))
        t.start()
        started.wait()
        # Really running, not just started: wait until it has counted a while.
        deadline = time.monotonic() + 5
        while cell[0] < 10_000:
            if time.monotonic() > deadline:
                raise RuntimeError("the counting thread did not start counting within 5 s")
            time.sleep(0.001)
        t0 = time.perf_counter()
        before = cell[0]
        f(usec)
        after = cell[0]
        t1 = time.perf_counter()
        stop.append(True)
        t.join()
        return {"iterations": after - before, "call_seconds": t1 - t0, "warm_count": before}

    rate = counter_rate()
    counts = {"cdll": [], "pydll": []}
    total = repeats * 2
    for r, order in alternate(("cdll", "pydll"), repeats):
        piece = {"repeat": r + 1, "order": list(order)}
        for i, name in enumerate(order):
            progress(r * 2 + i, total, "repeat %d/%d: %s sleep_us(%d)" % (r + 1, repeats, name, usec))
            m = one(name)
            counts[name].append(m["iterations"])
            piece[name] = m
        partial("repeat-%d" % (r + 1), piece)
        samples({name: [float(counts[name][-1])] for name in funcs}, unit="iterations")
    progress(total, total, "done")

    med = {name: statistics.median(v) for name, v in counts.items()}
    drv.finish(
        {
            "sleep_ms": sleep_ms,
            "repeats": repeats,
            "gil_enabled": bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
            "switch_interval_s": sys.getswitchinterval(),
            # What the counter does in sleep_ms with nobody holding it back (measured for 200 ms).
            "free_running_per_s": rate,
            "expected_free": rate * sleep_ms / 1000,
            "cdll": {"iterations": counts["cdll"], "median": med["cdll"]},
            "pydll": {"iterations": counts["pydll"], "median": med["pydll"]},
            # PyDLL's share of CDLL's count: ~0 with the GIL, ~1 without.
            "ratio": med["pydll"] / med["cdll"] if med["cdll"] else None,
        }
    )


if __name__ == "__main__":
    main(run)
