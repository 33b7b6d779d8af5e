"""Reading callgrind's output (one file per dump) and grouping the cost of a call into layers.

The format is valgrind's "Callgrind Format Specification" (callgrind's manual, chapter 3):
name compression "(id) name", `ob=`/`fn=` for the current object and function, `cob=`/`cfn=` and
`calls=` for a call, whose next cost line is the call's inclusive cost. Only the `Ir` event
(instructions executed) is kept.

Layers (LAYERS): what a listener can follow, from the outside of a call inwards. A function gets
its layer from its name or its object file (`layer_of`); a function with none of its own (malloc,
memcpy, pthread_mutex_lock, _Py_Dealloc, ...) counts for the layers of its callers, split by the
cost of each caller's calls to it. Everything below PyEval_SaveThread/RestoreThread counts as the
GIL's, whatever its own layer. Inlined code belongs to the function it was inlined into: a
free-threaded build's biased reference counting is mostly inline (Py_INCREF/Py_DECREF), so
`ft-sync` shows only the out-of-line parts (critical sections, mutexes, the shared-refcount slow
paths).
"""

import os
import re

LAYERS = ("dispatch", "conversion", "gil", "libffi", "ft-sync", "c-function")

_GIL = re.compile(
    r"^(PyEval_SaveThread|PyEval_RestoreThread|drop_gil|take_gil|_PyEval_(Acquire|Release)Lock"
    r"|_PyThreadState_(Attach|Detach|Suspend)|tstate_(try_attach|set_detached|activate|deactivate|wait_attach)"
    r"|detach_thread|PyGILState_)"
)
_FT_SYNC = re.compile(
    r"(CriticalSection|^_?PyMutex|^_PyParkingLot|^_PySemaphore|^_PyRWMutex|^_PySeqLock|^_PyOnceFlag"
    r"|^_Py_brc_|^_Py_MergeZeroLocalRefcount|^_Py_ExplicitMergeRefcount|RefShared|^_Py_\w*Lock"
    r"|^_Py_atomic|^__atomic_|^_Py_TryIncref|^_PyObject_SetMaybeWeakref|^_Py_qsbr|^_PyMem_FreeDelayed)"
)
_CONVERSION = re.compile(
    r"^(_?PyLong_|_?PyUnicode_As|PyUnicode_Encode|_PyUnicode_AsUTF8|unicode_encode_utf8|_?PyBytes_|_?PyFloat_"
    r"|_?PyArg_|_?Py_BuildValue|_?PyNumber_Index|PyObject_GetBuffer|PyBuffer_|PyMemoryView_|array_buffer"
    r"|_PyLong_FromSize_t|PyBool_FromLong)"
)
# Extension modules of the bindings: their own code is the binding's argument/return conversion.
_BINDING_OBJECTS = re.compile(r"^(_capi|_ctypes|_cffi_backend|_cffi_api|_pybind11|_pyo3|_nanobind|libnanobind)[.-]")


def layer_of(symbol, obj):
    """The layer a function has by itself, or None: it then counts for its callers' layers, and
    where no caller has one (the interpreter's loop, the call machinery from the CALL bytecode to
    the binding's entry) for `dispatch`. The interpreter's call machinery used *by* a binding (ctypes
    calling a type's from_param) thus counts as that binding's conversion."""
    base = os.path.basename(obj or "")
    if base.startswith("libffi.so") or symbol.startswith("ffi_"):
        return "libffi"
    if base.startswith("libffibench"):
        return "c-function"
    if _GIL.search(symbol):
        return "gil"
    if _FT_SYNC.search(symbol):
        return "ft-sync"
    if _CONVERSION.search(symbol):
        return "conversion"
    if _BINDING_OBJECTS.search(base):
        return "conversion"
    return None


class Dump:
    """One callgrind dump: self cost and object per function, inclusive cost per call edge."""

    def __init__(self):
        self.total = 0
        self.self_cost = {}  # function -> Ir spent in its own code
        self.objects = {}  # function -> object file
        self.edges = {}  # (caller, callee) -> Ir of those calls, callee's callees included

    def inclusive(self):
        """function -> its own cost plus that of the calls it makes (recursive calls not counted twice)."""
        inc = dict(self.self_cost)
        for (caller, callee), cost in self.edges.items():
            if caller != callee:
                inc[caller] = inc.get(caller, 0) + cost
        return inc

    def layer_mix(self):
        """function -> {layer: share}: how its self cost splits over the layers (module docstring)."""
        callers = {}
        for (caller, callee), cost in self.edges.items():
            if caller != callee and cost > 0:
                callers.setdefault(callee, []).append((caller, cost))
        memo = {}
        visiting = set()

        def inherited(fn):
            """The layer mix of fn's callers, weighted by the cost of their calls to fn."""
            mix, weight = {}, 0
            for caller, cost in callers.get(fn, ()):
                if caller in visiting:
                    continue
                for layer, share in dist(caller).items():
                    mix[layer] = mix.get(layer, 0) + share * cost
                weight += cost
            return {k: v / weight for k, v in mix.items()} if weight else {}

        def dist(fn):
            if fn in memo:
                return memo[fn]
            visiting.add(fn)
            own = layer_of(fn, self.objects.get(fn))
            if own == "gil":
                out = {"gil": 1.0}
            else:
                up = inherited(fn)
                if own is None:
                    out = up or {"dispatch": 1.0}
                else:
                    gil = up.get("gil", 0.0)
                    out = {own: 1.0 - gil, "gil": gil} if gil else {own: 1.0}
            visiting.discard(fn)
            memo[fn] = out
            return out

        return {fn: dist(fn) for fn in set(self.self_cost) | set(callers)}

    def layers(self, mix=None):
        """layer -> Ir: every function's self cost split over its layers."""
        mix = mix or self.layer_mix()
        totals = dict.fromkeys(LAYERS, 0.0)
        for fn, cost in self.self_cost.items():
            for layer, share in mix[fn].items():
                totals[layer] += share * cost
        return totals


def main_layer(mix):
    """The layer with the largest share of a function's cost."""
    return max(mix.items(), key=lambda kv: kv[1])[0] if mix else "dispatch"


_NAME = re.compile(r"^\((\d+)\)(?: (.*))?$")
_RECURSION = re.compile(r"'\d+$")  # callgrind's "f'2": f called from within f (merged)


def parse(path):
    """Reads one callgrind output file into a Dump (the `Ir` event only)."""
    dump = Dump()
    names = {"ob": {}, "fn": {}}  # compressed ids; fl/fi/fe and cfi share "fl", unused here
    npos = 1
    ob = fn = cob = None
    call_pending = False
    callee = None

    def name(kind, text):
        m = _NAME.match(text)
        if not m:
            return text
        table = names[kind]
        if m.group(2) is not None:
            table[m.group(1)] = _RECURSION.sub("", m.group(2))
        return table.get(m.group(1), text)

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            c = line[:1]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[npos]) if len(parts) > npos else 0
                if call_pending:
                    key = (fn, callee)
                    dump.edges[key] = dump.edges.get(key, 0) + cost
                    call_pending = False
                else:
                    dump.self_cost[fn] = dump.self_cost.get(fn, 0) + cost
                continue
            key, _, value = line.rstrip("\n").partition("=")
            if key == "fn":
                fn = name("fn", value)
                dump.objects[fn] = ob
                dump.self_cost.setdefault(fn, 0)
                cob = None
            elif key == "ob":
                ob = name("ob", value)
            elif key == "cob":
                cob = name("ob", value)
            elif key == "cfn":
                callee = name("fn", value)
                dump.objects.setdefault(callee, cob or ob)
            elif key == "calls":
                call_pending = True
            elif line.startswith("positions:"):
                npos = len(line.split(":", 1)[1].split())
            elif line.startswith("summary:") or line.startswith("totals:"):
                dump.total = int(line.split(":", 1)[1].split()[0])
    if not dump.total:
        dump.total = sum(dump.self_cost.values())
    return dump
