"""Racing global state (the talk's demo_race_condition): C functions that update a global counter and
a bank balance, called from many Python threads at once through ctypes.

Counter race: `threads` Python threads, released together by a threading.Barrier, each call one
increment function of libffibench with `iterations`; expected = threads * iterations. Methods, in
this order, the counter reset before each: unsafe_increment (read, barrier, write), mutex_increment
(pthread mutex), atomic_increment (__atomic_fetch_add). Same iterations for every method.

Bank race: bank_reset(balance); `bank_threads` threads (barrier again) each try `bank_attempts`
withdrawals of `bank_amount` with unsafe_withdraw(amount, window) (check, spin `window`, write back a
stale balance), then the same with safe_withdraw (mutex). Consistent: final balance + withdrawn ==
initial balance.

The loader decides who is protected: PyDLL keeps the GIL during the call (a GIL build serialises the
calls: no race), CDLL releases it (the C code runs in parallel even with the GIL). A free-threaded
build has no GIL to keep: both race.

The whole race is repeated `repeats` times: a partial per repeat, then the totals per method.
"""

import statistics
import sys
import threading
import time

from driver import Driver, main, partial, progress, samples

COUNTER_METHODS = (("unsafe", "unsafe_increment"), ("mutex", "mutex_increment"), ("atomic", "atomic_increment"))
BANK_METHODS = (("unsafe", "unsafe_withdraw"), ("safe", "safe_withdraw"))


def race(n, work):
    """n threads, released together, each running work(); returns (per-thread results, seconds)."""
    barrier = threading.Barrier(n + 1)
    out = [None] * n

    def body(i):
        barrier.wait()
        out[i] = work()

    pool = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in pool:
        t.start()
    barrier.wait()  # every thread is started and waiting: go
    t0 = time.perf_counter()
    for t in pool:
        t.join()
    return out, time.perf_counter() - t0


def counter_race(lib, fn_name, p):
    """One counter race of one increment function: `threads` threads x `iterations`."""
    fn, iterations = getattr(lib, fn_name), p["iterations"]
    expected = p["threads"] * iterations
    lib.reset_counter()
    _, seconds = race(p["threads"], lambda: fn(iterations))
    final = lib.get_counter()
    lost = expected - final
    return {
        "final": final,
        "expected": expected,
        "lost": lost,
        "accuracy": final / expected,
        "status": "RACE" if lost else "OK",
        "seconds": round(seconds, 6),
    }


def bank_race(lib, fn_name, p):
    """One bank race of one withdrawal function: `bank_threads` threads x `bank_attempts` withdrawals."""
    fn, initial = getattr(lib, fn_name), p["bank_balance"]
    amount, window, attempts = p["bank_amount"], p["bank_window"], p["bank_attempts"]
    lib.bank_reset(initial)
    done, seconds = race(p["bank_threads"], lambda: sum(fn(amount, window) for _ in range(attempts)))
    withdrawn = lib.bank_withdrawn()
    final = lib.bank_balance()
    return {
        "successful": sum(done),
        "withdrawn": withdrawn,
        "final_balance": final,
        "balance_plus_withdrawn": final + withdrawn,
        "initial": initial,
        "consistent": final + withdrawn == initial and withdrawn <= initial,
        "overdrawn": max(0, withdrawn - initial),
        "seconds": round(seconds, 6),
    }


def counter_totals(runs, method):
    rows = [x["counter"][method] for x in runs]
    lost = [x["lost"] for x in rows]
    return {
        "repeats_with_race": sum(1 for v in lost if v),
        "repeats": len(rows),
        "max_lost": max(lost),
        "mean_lost": statistics.fmean(lost),
        "mean_accuracy": statistics.fmean(x["accuracy"] for x in rows),
        "min_accuracy": min(x["accuracy"] for x in rows),
        "median_seconds": statistics.median(x["seconds"] for x in rows),
    }


def bank_totals(runs, method, initial):
    rows = [x["bank"][method] for x in runs]
    return {
        "repeats_inconsistent": sum(1 for x in rows if not x["consistent"]),
        "repeats": len(rows),
        "mean_successful": statistics.fmean(x["successful"] for x in rows),
        "max_successful": max(x["successful"] for x in rows),
        "max_withdrawn": max(x["withdrawn"] for x in rows),
        "max_overdrawn": max(x["overdrawn"] for x in rows),
        "max_error": max(abs(x["balance_plus_withdrawn"] - initial) for x in rows),
        "median_seconds": statistics.median(x["seconds"] for x in rows),
    }


def run():
    drv = Driver("races")
    p = drv.params
    if p["loader"] == "cdll":
        from ffibench.ctypes_cdll import lib
    else:
        from ffibench.ctypes_pydll import lib
    # Every function this experiment calls comes declared on the handle (ffibench's _ctypes_decl).
    drv.meta()

    repeats = p["repeats"]
    steps = repeats * (len(COUNTER_METHODS) + len(BANK_METHODS))
    done = 0
    runs = []
    for r in range(repeats):
        counter = {}
        for method, fn_name in COUNTER_METHODS:
            progress(done, steps, "repeat %d/%d: counter %s" % (r + 1, repeats, method))
            counter[method] = counter_race(lib, fn_name, p)
            done += 1
        bank = {}
        for method, fn_name in BANK_METHODS:
            progress(done, steps, "repeat %d/%d: bank %s" % (r + 1, repeats, method))
            bank[method] = bank_race(lib, fn_name, p)
            done += 1
        piece = {"repeat": r + 1, "counter": counter, "bank": bank}
        runs.append(piece)
        partial("repeat-%d" % (r + 1), piece)
        samples({"lost/" + m: [float(counter[m]["lost"])] for m, _ in COUNTER_METHODS}, unit="increments")
    progress(steps, steps, "done")

    drv.finish(
        {
            "loader": p["loader"],
            "gil_enabled": bool(getattr(sys, "_is_gil_enabled", lambda: True)()),
            "expected": p["threads"] * p["iterations"],
            "bank_max_successful": p["bank_balance"] // p["bank_amount"],
            "runs": runs,
            "counter": {m: counter_totals(runs, m) for m, _ in COUNTER_METHODS},
            "bank": {m: bank_totals(runs, m, p["bank_balance"]) for m, _ in BANK_METHODS},
        }
    )


if __name__ == "__main__":
    main(run)
