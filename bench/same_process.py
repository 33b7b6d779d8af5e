"""Our timing method against pyperf's, in one process, batch for batch.

Run by bench/harness.ts with a runtime's venv python:

    python bench/same_process.py --bindings capi,pyo3,... --batch-ms 2 --rounds 200 --cpu 1 [--seed 1]

It prints one JSON object on stdout. For every binding's return_int it times, alternately and in a
shuffled order each round, with the same loop count (our calibration for batch_ms):

- ours: the call-overhead driver's own compiled batch (demos/call_overhead.py: Series.time_batch),
  and for the net figure its empty loop (EmptyLoop), also timed once a round, whose median so far is
  subtracted as the driver does;
- pyperf's: the function pyperf's timeit workers time (pyperf._timeit.Timer(...).make_inner(), the
  private module of the pinned pyperf version), with pyperf's timer (time.perf_counter), and the same
  for the statement `pass`, which is what a pyperf user subtracts for a net figure.

Batches of the two methods alternate every few milliseconds in one process, so the machine's state
(another tenant on the core, frequency) reaches both alike: what is left is the difference between
the two methods. Ratios are medians of per-round ratios: a pair of batches a few milliseconds apart
almost always sees one state of the machine, while a median over all batches can land in either
state of a bimodal machine. Across processes (pyperf timeit's own workers against our driver's process) the
machine's state is not shared, which bench/harness.ts measures separately.
"""

import argparse
import gc
import itertools
import json
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "demos"))

import call_overhead  # noqa: E402
import ffibench  # noqa: E402
from pyperf._timeit import Timer  # noqa: E402


def pyperf_inner(stmt, setup):
    return Timer(stmt, setup, "pass").make_inner()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bindings", required=True)
    ap.add_argument("--batch-ms", type=float, default=2.0)
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--cpu", type=int, required=True, help="the CPU to pin this process to")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.sched_setaffinity(0, {args.cpu})

    perf_counter_ns = time.perf_counter_ns
    perf_counter = time.perf_counter
    batch_ns = args.batch_ms * 1e6
    timer_ns = call_overhead.measure_timer_overhead(perf_counter_ns)
    series = []
    for binding in args.bindings.split(","):
        fn = ffibench.load(binding).return_int
        s = call_overhead.Series(binding, "return_int", fn)
        s.loops = call_overhead.calibrate_loops(lambda loops: s.time_batch(perf_counter_ns, loops), batch_ns)
        setup = "import ffibench; f = ffibench.load(%r).return_int" % binding
        series.append((s, pyperf_inner("f()", setup), pyperf_inner("pass", "pass")))
    empty = call_overhead.EmptyLoop(series[0][0])
    empty.loops = call_overhead.calibrate_loops(lambda loops: empty.time_batch(perf_counter_ns, loops), batch_ns)
    empty.values.extend((empty.time_batch(perf_counter_ns) - timer_ns) / empty.loops for _ in range(9))
    empty.refresh()

    values = {s.binding: {"ours": [], "oursNet": [], "pyperf": [], "pyperfPass": []} for s, _, _ in series}
    rng = random.Random(args.seed)
    gc.collect()
    gc.disable()  # as the driver times; pyperf's workers leave it on, and return_int allocates nothing
    try:
        for _ in range(args.rounds):
            order = [(s, p, pp, m) for s, p, pp in series for m in ("ours", "pyperf", "pyperfPass")] + [(None, None, None, "empty")]
            rng.shuffle(order)
            ours = {}
            for s, p, pp, method in order:
                if method == "empty":
                    empty.values.append((empty.time_batch(perf_counter_ns) - timer_ns) / empty.loops)
                elif method == "ours":
                    ours[s] = s.time_batch(perf_counter_ns)
                else:
                    inner = p if method == "pyperf" else pp
                    values[s.binding][method].append(inner(itertools.repeat(None, s.loops), perf_counter) * 1e9 / s.loops)
            for s, batch in ours.items():
                values[s.binding]["ours"].append(batch / s.loops)
                values[s.binding]["oursNet"].append((batch - timer_ns) / s.loops - empty.estimate)
            empty.refresh()
    finally:
        gc.enable()

    out = {}
    for s, _, _ in series:
        v = values[s.binding]
        # Each round timed every batch once, so the i-th values of the methods are a pair a few
        # milliseconds apart; ratios within pairs do not depend on which state the machine was in.
        # Net figures are what a user of each tool computes: ours as the driver reports it, pyperf's
        # as the median of `f()` minus the median of `pass`.
        pyperf_net = statistics.median(v["pyperf"]) - statistics.median(v["pyperfPass"])
        out[s.binding] = {
            "loops": s.loops,
            "oursMedianNs": statistics.median(v["ours"]),
            "pyperfMedianNs": statistics.median(v["pyperf"]),
            "ratio": statistics.median(o / p for o, p in zip(v["ours"], v["pyperf"])),
            "oursNetNs": statistics.median(v["oursNet"]),
            "pyperfNetNs": pyperf_net,
            "netRatio": statistics.median(v["oursNet"]) / pyperf_net,
        }
    json.dump({"rounds": args.rounds, "batchMs": args.batch_ms, "bindings": out}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
