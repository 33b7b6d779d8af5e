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

method=single-shot reproduces the talk's sampling for comparison: one call between two timer reads,
nothing subtracted (same interleaving). method=talk is the talk's whole harness (demos/talk_harness.py):
its four bindings behind its wrapper methods and a lambda, cold call + 1 ms sleep, `samples` single
shots of which the first `warmups` are dropped, GC on, the bindings one after another.

Function `str_len_fresh` hands every call a NEW non-ASCII str, all built before the batch that uses
them, so none has a cached UTF-8 form: the binding converts each one (the cost the talk attributed
to "Unicode translation"). Only bindings that take a str themselves run it; those that need a Python
wrapper to encode (ctypes, cffi) report it as not applicable.
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
import talk_harness  # noqa: E402

# Function shape -> (arguments as locals, the call). Arguments are built once, outside the timing.
SHAPES = {
    "return_int": ((), "f()"),
    "add": (("a", "b"), "f(a, b)"),
    "bytes_len": (("a",), "f(a)"),
    "str_len": (("a",), "f(a)"),
    "sum_array": (("a",), "f(a)"),
    "get_pid": ((), "f()"),
    "str_len_fresh": (("a",), "f(a)"),
}

# Functions that are not one of a binding's own: what each calls on the binding, and why a binding
# may not take part (see FRESH_TEMPLATE).
DERIVED_FUNCTIONS = {"str_len_fresh": "str_len"}
# Most strings one fresh batch builds (memory and set-up time stay bounded; the batch is shorter).
MAX_FRESH_LOOPS = 200_000


def arguments(function):
    return {
        "return_int": (),
        "add": (2, 3),
        "bytes_len": (b"hello",),
        "str_len": ("h\u00e9llo",),
        "sum_array": (array.array("q", range(64)),),
        "get_pid": (),
        "str_len_fresh": (fresh_strings(1)[0],),
    }[function]


_fresh_counter = itertools.count()


def fresh_strings(n):
    """n new non-ASCII str objects (two-byte kind, all the same length), none ever converted to UTF-8."""
    return ["h\u00e9llo \u4e16\u754c %09d" % next(_fresh_counter) for _ in range(n)]


def fresh_applicable(binding, module):
    """str_len_fresh measures a binding's own str conversion: it needs a str_len that is the binding's
    own callable, not a Python wrapper that encodes first."""
    if "str_len" in getattr(module, "WRAPPED", ()):
        return "not applicable: %s cannot take a str (its str_len is a Python wrapper that calls .encode())" % binding
    return None


# The talk's cffi rows: ABI mode (ffi.dlopen) behind the methods of a Python wrapper class, so every
# call went through one extra Python frame and an attribute lookup. Timed as series "cffi-talk" beside
# the direct "cffi-abi" when talk_cffi is set (talk_harness.TalkStyleCffi, on ffibench's cffi-abi handle).
TALK_CFFI = "cffi-talk"
TalkStyleCffi = talk_harness.TalkStyleCffi


BATCH_TEMPLATE = """
def batch(_loops, _timer, f{params}):
    _it = _repeat(None, _loops)
    _t0 = _timer()
    for _ in _it:
        {body}
    _t1 = _timer()
    return _t1 - _t0
"""
# str_len_fresh: the same batch, walking a list of fresh strings (one per iteration, bound to `a`)
# instead of repeating one call; its params are ("_strings",).
FRESH_TEMPLATE = BATCH_TEMPLATE.replace("_it = _repeat(None, _loops)", "_it = iter(_strings)").replace("for _ in _it:", "for a in _it:")
assert "iter(_strings)" in FRESH_TEMPLATE and "for a in _it:" in FRESH_TEMPLATE

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
        self.fresh = function in DERIVED_FUNCTIONS
        self.shape = "(%s)%s" % (", ".join(params), " fresh str" if self.fresh else "")
        self.args = arguments(function)
        self.fn = fn
        self.batch = compile_template(FRESH_TEMPLATE if self.fresh else BATCH_TEMPLATE, "batch", ("_strings",) if self.fresh else params, body or call)
        self.single = compile_template(SINGLE_TEMPLATE, "single", params, body or call)
        self.loops = 1

    def time_batch(self, timer, loops=None):
        loops = loops or self.loops
        if self.fresh:  # built before the clock starts; each string is used once
            return self.batch(loops, timer, self.fn, fresh_strings(loops))
        return self.batch(loops, timer, self.fn, *self.args)

    def time_single(self, timer):
        return self.single(timer, self.fn, *(fresh_strings(1) if self.fresh else self.args))


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


def calibrate_loops(time_loops, batch_ns, max_loops=1 << 30):
    """Loop count whose batch lasts about batch_ns, given time_loops(loops) -> ns:
    grow the loop count (like timeit.autorange) until a batch lasts at least a
    quarter of the target, then scale to the target from that batch."""
    loops = 1
    while True:
        elapsed = time_loops(loops)
        if elapsed >= batch_ns / 4 or loops >= max_loops:
            break
        loops = min(max_loops, loops * (4 if elapsed < batch_ns / 64 else 2))
    # Scale to the target from the last measurement (at least one call).
    per_call = max(elapsed, 1) / loops
    return max(1, min(max_loops, int(batch_ns / per_call)))


def load_bindings(p, ffibench):
    """The modules to measure, by series binding id, and the bindings skipped with why."""
    modules, skipped = {}, {}
    wanted = list(p["bindings"])
    if p["method"] == "talk":
        for binding in wanted:
            if binding not in talk_harness.TALK_BINDINGS:
                skipped[binding] = "not one of the talk's four bindings (method=talk measures %s)" % ", ".join(talk_harness.TALK_BINDINGS)
        wanted = [b for b in talk_harness.TALK_BINDINGS if b in wanted]
    for binding in wanted:
        try:
            modules[binding] = ffibench.load(binding)
        except Exception as exc:  # a binding that fails to import is skipped, the others still run
            skipped[binding] = "%s: %s" % (type(exc).__name__, exc)
    if p["method"] == "talk":
        modules = {b: talk_harness.wrap(b, m) for b, m in modules.items()}
    elif p.get("talk_cffi"):
        try:
            modules[TALK_CFFI] = TalkStyleCffi(modules.get("cffi-abi") or ffibench.load("cffi-abi"))
        except Exception as exc:
            skipped[TALK_CFFI] = "%s: %s" % (type(exc).__name__, exc)
    return modules, skipped


def callable_of(p, binding, module, function):
    """(the callable a series times, None) or (None, why it is not applicable)."""
    if p["method"] == "talk":
        if function not in talk_harness.TALK_FUNCTIONS:
            return None, "not applicable: the talk's harness had no %s (method=talk)" % function
        return talk_harness.talk_lambda(module, function, arguments(function)), None
    if function in DERIVED_FUNCTIONS:
        why = fresh_applicable(binding, module)
        if why:
            return None, why
    fn = getattr(module, DERIVED_FUNCTIONS.get(function, function), None)
    return (fn, None) if fn is not None else (None, "binding %s has no function %s" % (binding, function))


def build_series(p, modules):
    """Every binding x function that can be called, checked with one real call; and the pairs that
    are not applicable, with why."""
    series, not_applicable = [], {}
    for binding, module in modules.items():
        for function in p["functions"]:
            key = "%s/%s" % (binding, function)
            fn, why = callable_of(p, binding, module, function)
            if fn is None:
                not_applicable[key] = why
                continue
            s = Series(binding, function, fn, body="f()" if p["method"] == "talk" else None)
            try:
                s.time_single(time.perf_counter_ns)  # one real call: fails here, not mid-measurement
            except Exception as exc:
                error("%s raised %s: %s; skipped" % (s.key, type(exc).__name__, exc))
                continue
            series.append(s)
    return series, not_applicable


def calibrate(series, timer, timer_overhead, batch_ns):
    """Loop counts of every series and of one empty loop per function shape; the empty loops'
    first estimate (9 batches each)."""
    empties = {}
    for s in series:
        empties.setdefault(s.shape, EmptyLoop(s))
    for i, item in enumerate(series + list(empties.values())):
        progress(i, len(series) + len(empties), "calibrating %s" % item.key)
        cap = MAX_FRESH_LOOPS if item.fresh else 1 << 30
        item.loops = calibrate_loops(lambda loops: item.time_batch(timer, loops), batch_ns, cap)
    for e in empties.values():
        e.values.extend((e.time_batch(timer) - timer_overhead) / e.loops for _ in range(9))
        e.refresh()
    return empties


def measure_rounds(p, series, empties, timer, timer_overhead, rng):
    """Randomized blocks (batched or single-shot): every round one sample of every series, in a
    shuffled order; streams samples. Returns {series key: [ns]}."""
    warmups, total = int(p["warmups"]), int(p["warmups"]) + int(p["samples"])
    batched = p["method"] == "batched"
    pending, values = {}, {s.key: [] for s in series}
    last_flush = time.monotonic()
    order = list(series) + list(empties.values())
    for round_no in range(total):
        rng.shuffle(order)
        warm = round_no < warmups
        if batched:
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
    return values


def measure_talk(p, series):
    """The talk's sampling: series one after another (its binding order), each cold call + 1 ms
    sleep + `samples` single shots through its lambda, the first `warmups` dropped; GC on."""
    values, cold = {}, {}
    for i, s in enumerate(series):
        progress(i, len(series), "talk harness: %s" % s.key)
        first, hot, mismatches = talk_harness.cold_then_hot(s.fn, int(p["samples"]))
        if mismatches:
            error("%s: %d calls returned another value than the first" % (s.key, mismatches))
        cold[s.key] = first
        values[s.key] = [float(v) for v in hot[int(p["warmups"]):]]
        samples({s.key: values[s.key]}, "ns")
    progress(len(series), len(series), "done")
    return values, cold


def run():
    drv = Driver("call-overhead")
    p = dict(drv.params)
    p.setdefault("method", "batched")
    # Imports first: a module without free-threading support re-enables the GIL here, and meta
    # (sent next) must report the state the timings ran under.
    import ffibench

    modules, skipped = load_bindings(p, ffibench)
    drv.meta()
    for binding, why in skipped.items():
        error("binding %s skipped: %s" % (binding, why))
    series, not_applicable = build_series(p, modules)
    if not series:
        raise RuntimeError("nothing to measure: no binding/function could be called")

    timer = time.perf_counter_ns
    resolution_ns = time.get_clock_info("perf_counter").resolution * 1e9
    empties, cold = {}, None
    if p["method"] == "talk":
        timer_overhead = measure_timer_overhead(timer)
        values, cold = measure_talk(p, series)
    else:
        gc.collect()
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            timer_overhead = measure_timer_overhead(timer)
            if p["method"] == "batched":
                empties = calibrate(series, timer, timer_overhead, float(p["batch_ms"]) * 1e6)
            values = measure_rounds(p, series, empties, timer, timer_overhead, random.Random(int(p.get("seed", 1))))
        finally:
            if gc_was_enabled:
                gc.enable()
    drv.finish(summary(p, modules, series, empties, values, timer_overhead, resolution_ns, skipped, not_applicable, cold))


def summary(p, modules, series, empties, values, timer_overhead, resolution_ns, skipped, not_applicable, cold):
    out = {
        "method": p["method"],
        "calibration": {s.key: {"loops": s.loops, "shape": s.shape} for s in series},
        # The empty loop of each function shape: its loop count, every batch of it (ns per
        # iteration: 9 at calibration, then one per round), and the estimate that each measured
        # round's samples of that shape subtracted.
        "overhead": {
            e.shape: {"loops": e.loops, "nsPerIteration": e.values, "subtractedNs": e.subtracted}
            for e in empties.values()
        },
        "wrapped": {b: sorted(getattr(m, "WRAPPED", talk_harness.TALK_FUNCTIONS if p["method"] == "talk" else ())) for b, m in modules.items()},
        "order": "sequential (the talk's)" if p["method"] == "talk" else "randomized blocks",
        "medians": {k: statistics.median(v) for k, v in values.items() if v},
        "timerOverheadNs": timer_overhead,
        "timerResolutionNs": resolution_ns,
        "skipped": skipped,
        "notApplicable": not_applicable,
    }
    if p["method"] == "talk":
        out["talk"] = {
            "callPaths": {b: talk_harness.CALL_PATHS[b] for b in modules},
            "coldNs": cold,
            "dropped": int(p["warmups"]),
            "gc": "on",
        }
    return out


if __name__ == "__main__":
    main(run)
