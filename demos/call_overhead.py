"""Experiment `call-overhead`: nanoseconds per call of each binding's functions, in this runtime.

The talk timed each sample as ONE call between two perf_counter_ns() reads, through a lambda, the
bindings one after another. That puts the timer and the lambda frame inside every number and lets
drift (frequency, other load) favour whichever binding ran first. Here (method=batched, default):

- every binding is imported before `meta`, so meta's GIL state is the one the timings ran under;
- each series ("binding/function") gets a calibrated loop count so one batch lasts ~batch_ms;
- the timed code is a function compiled from a template per function shape, as timeit does: the
  callable and its arguments are locals, the call sits directly in a `for` loop, no lambda, no
  extra frame; perf_counter_ns() is read once before and once after the whole loop;
- the loop overhead is the same template with an empty body, one per function shape, timed in every
  round among the real batches; samples subtract the median of all its batches so far (refreshed
  ~10 times a second), one estimate shared by every series of the shape. A single measurement at
  calibration would tie each series to the machine's state at that moment: on a VM whose core is at
  times shared, the per-series overheads differed by up to 3 ns, a fifth of the fastest calls. With
  T the two timer reads: ns/call = (batch - T) / loops - median((empty batch - T) / its loops);
- the garbage collector is off while timing, warm-up rounds are discarded;
- series are interleaved in randomized blocks: every round takes one batch of every series, in an
  order shuffled with random.Random(seed).

method=single-shot reproduces the talk's method for comparison: one call between two timer reads,
nothing subtracted (same interleaving).
"""

import array
import gc
import itertools
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import Driver, error, main, progress, samples  # noqa: E402

# Function shape -> (arguments as locals, the call). Arguments are built once, outside the timing.
SHAPES = {
    "return_int": ((), "f()"),
    "add": (("a", "b"), "f(a, b)"),
    "bytes_len": (("a",), "f(a)"),
    "str_len": (("a",), "f(a)"),
    "sum_array": (("a",), "f(a)"),
    "get_pid": ((), "f()"),
}


def arguments(function):
    return {
        "return_int": (),
        "add": (2, 3),
        "bytes_len": (b"hello",),
        "str_len": ("h\u00e9llo",),
        "sum_array": (array.array("q", range(64)),),
        "get_pid": (),
    }[function]


# The talk's cffi rows: ABI mode (ffi.dlopen) behind the methods of a Python wrapper class, so every
# call went through one extra Python frame and an attribute lookup. Timed as series "cffi-talk" beside
# the direct "cffi-abi" when talk_cffi is set; the library handle is ffibench's own cffi-abi one.
TALK_CFFI = "cffi-talk"


class TalkStyleCffi:
    """cffi ABI mode called through wrapper methods, as the talk's benchmark did."""

    WRAPPED = frozenset(("return_int", "add", "bytes_len", "str_len", "sum_array", "get_pid"))

    def __init__(self, module):
        self.lib = module.lib
        self.ffi = module.ffi

    def return_int(self):
        return self.lib.return_int()

    def add(self, a, b):
        return self.lib.add(a, b)

    def bytes_len(self, b):
        return self.lib.byte_length(b)

    def str_len(self, s):
        return self.lib.byte_length(s.encode())

    def sum_array(self, buf):
        return self.lib.sum_array(self.ffi.from_buffer("int64_t[]", buf), len(buf))

    def get_pid(self):
        return self.lib.get_pid()


BATCH_TEMPLATE = """
def batch(_loops, _timer, f{params}):
    _it = _repeat(None, _loops)
    _t0 = _timer()
    for _ in _it:
        {body}
    _t1 = _timer()
    return _t1 - _t0
"""

SINGLE_TEMPLATE = """
def single(_timer, f{params}):
    _t0 = _timer()
    {body}
    _t1 = _timer()
    return _t1 - _t0
"""


def compile_template(template, name, params, body):
    """A timing function for one shape; body "pass" gives the overhead-only twin."""
    src = template.format(params="".join(", " + p for p in params), body=body)
    namespace = {"_repeat": itertools.repeat}
    exec(compile(src, "<call_overhead %s>" % name, "exec"), namespace)
    return namespace[name]


class Series:
    """One binding/function pair: its callable, arguments and compiled timing functions (`body`
    replaces the call: "pass" makes the empty loop of the same shape)."""

    def __init__(self, binding, function, fn, body=None):
        self.key = "%s/%s" % (binding, function)
        self.binding = binding
        self.function = function
        params, call = SHAPES[function]
        self.shape = "(%s)" % ", ".join(params)
        self.args = arguments(function)
        self.fn = fn
        self.batch = compile_template(BATCH_TEMPLATE, "batch", params, body or call)
        self.single = compile_template(SINGLE_TEMPLATE, "single", params, body or call)
        self.loops = 1

    def time_batch(self, timer, loops=None):
        return self.batch(loops or self.loops, timer, self.fn, *self.args)

    def time_single(self, timer):
        return self.single(timer, self.fn, *self.args)


class EmptyLoop(Series):
    """The loop overhead of one function shape: the batch template with an empty body and the shape's
    arguments, with its own calibrated loop count, timed once in every round among the real batches.
    `estimate` (ns per iteration) is the median of all its batches so far, refreshed between rounds
    whenever samples are emitted; each round's samples of this shape subtract the current estimate."""

    def __init__(self, series):
        super().__init__(series.binding, series.function, series.fn, body="pass")
        self.key = "empty loop %s" % self.shape
        self.values = []  # ns per iteration of every empty batch timed
        self.subtracted = []  # the estimate subtracted in each measured round
        self.estimate = None

    def refresh(self):
        self.estimate = statistics.median(self.values)


def measure_timer_overhead(timer):
    """Two back-to-back timer reads (median of 1001): what single-shot puts inside every sample besides
    the call, and what every batch contains besides its loop."""
    empty_single = compile_template(SINGLE_TEMPLATE, "single", (), "pass")
    return float(statistics.median(empty_single(timer, None) for _ in range(1001)))


def calibrate_loops(time_loops, batch_ns):
    """Loop count whose batch lasts about batch_ns, given time_loops(loops) -> ns:
    grow the loop count (like timeit.autorange) until a batch lasts at least a
    quarter of the target, then scale to the target from that batch."""
    loops = 1
    while True:
        elapsed = time_loops(loops)
        if elapsed >= batch_ns / 4 or loops >= 1 << 30:
            break
        loops *= 4 if elapsed < batch_ns / 64 else 2
    # Scale to the target from the last measurement (at least one call).
    per_call = max(elapsed, 1) / loops
    return max(1, int(batch_ns / per_call))


def run():
    drv = Driver("call-overhead")
    p = drv.params
    method = p.get("method", "batched")
    n_samples = int(p["samples"])
    warmups = int(p["warmups"])
    batch_ns = float(p["batch_ms"]) * 1e6
    rng = random.Random(int(p.get("seed", 1)))

    # Imports first: a module without free-threading support re-enables the GIL here, and meta
    # (sent next) must report the state the timings ran under.
    import ffibench

    modules = {}
    skipped = {}
    for binding in p["bindings"]:
        try:
            modules[binding] = ffibench.load(binding)
        except Exception as exc:  # a binding that fails to import is skipped, the others still run
            skipped[binding] = "%s: %s" % (type(exc).__name__, exc)
    if p.get("talk_cffi"):
        if "cffi-abi" in modules:
            modules[TALK_CFFI] = TalkStyleCffi(modules["cffi-abi"])
        else:
            try:
                modules[TALK_CFFI] = TalkStyleCffi(ffibench.load("cffi-abi"))
            except Exception as exc:
                skipped[TALK_CFFI] = "%s: %s" % (type(exc).__name__, exc)
    drv.meta()
    for binding, why in skipped.items():
        error("binding %s skipped: cannot import it: %s" % (binding, why))

    series = []
    for binding, module in modules.items():
        for function in p["functions"]:
            fn = getattr(module, function, None)
            if fn is None:
                error("binding %s has no function %s: skipped" % (binding, function))
                continue
            s = Series(binding, function, fn)
            try:
                s.time_single(time.perf_counter_ns)  # one real call: fails here, not mid-measurement
            except Exception as exc:
                error("%s raised %s: %s; skipped" % (s.key, type(exc).__name__, exc))
                continue
            series.append(s)
    if not series:
        raise RuntimeError("nothing to measure: no binding/function could be called")

    timer = time.perf_counter_ns
    gc.collect()
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        timer_overhead = measure_timer_overhead(timer)
        # Batched: one empty loop per function shape, timed in every round like a series of its own.
        empties = {}
        if method == "batched":
            for s in series:
                empties.setdefault(s.shape, EmptyLoop(s))
            for i, item in enumerate(series + list(empties.values())):
                progress(i, len(series) + len(empties), "calibrating %s" % item.key)
                item.loops = calibrate_loops(lambda loops: item.time_batch(timer, loops), batch_ns)
            for e in empties.values():
                e.values.extend((e.time_batch(timer) - timer_overhead) / e.loops for _ in range(9))
                e.refresh()

        total = warmups + n_samples
        pending = {}
        last_flush = time.monotonic()
        values = {s.key: [] for s in series}
        order = list(series) + list(empties.values())
        for round_no in range(total):
            rng.shuffle(order)
            warm = round_no < warmups
            if method == "batched":
                # batch = timer reads + loops x (call + loop overhead); the empty loop estimates the last.
                elapsed = {item: item.time_batch(timer) - timer_overhead for item in order}
                measured = [(s, elapsed[s] / s.loops - empties[s.shape].estimate) for s in series]
                for e in empties.values():
                    e.values.append(elapsed[e] / e.loops)
                    if not warm:
                        e.subtracted.append(e.estimate)
            else:
                measured = [(s, float(s.time_single(timer))) for s in order]
            if not warm:
                for s, value in measured:
                    values[s.key].append(value)
                    pending.setdefault(s.key, []).append(value)
            now = time.monotonic()
            if now - last_flush >= 0.1 or round_no == total - 1 or round_no == warmups:
                # Emitting costs a little: only between rounds, at most ~10 times per second (and at
                # once after the first measured round, so the first sample reaches the screen early).
                if pending:
                    samples(pending, "ns")
                    pending = {}
                for e in empties.values():
                    e.refresh()
                progress(round_no + 1, total, "warm-up" if warm else "measuring")
                last_flush = now
    finally:
        if gc_was_enabled:
            gc.enable()

    drv.finish(
        {
            "method": method,
            "calibration": {s.key: {"loops": s.loops, "shape": s.shape} for s in series},
            # The empty loop of each function shape: its loop count, every batch of it (ns per
            # iteration: 9 at calibration, then one per round), and the estimate that each measured
            # round's samples of that shape subtracted.
            "overhead": {
                e.shape: {"loops": e.loops, "nsPerIteration": e.values, "subtractedNs": e.subtracted}
                for e in empties.values()
            },
            "wrapped": {b: sorted(getattr(m, "WRAPPED", ())) for b, m in modules.items()},
            "order": "randomized blocks",
            "medians": {k: statistics.median(v) for k, v in values.items()},
            "timerOverheadNs": timer_overhead,
            "skipped": skipped,
        }
    )


if __name__ == "__main__":
    main(run)
