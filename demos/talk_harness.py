"""The talk's own harness, as a series of `call-overhead` (method=talk): its four bindings called
its way, so its numbers can be reproduced beside ours. What its benchmark did (repository
scc-tw/pycontw2025, docs/talk-harness.md cites the lines):

- each binding sat behind a Python class whose methods call `self.lib.<function>(...)`: ctypes with
  `self.lib` a `ctypes.CDLL` whose functions have argtypes/restype set; pybind11 and PyO3 with
  `self.lib` the extension module; cffi in ABI mode (`ffi.dlopen`) behind TWO such classes, an
  outer one delegating to an inner one (`self.abi.return_int()` -> `self.lib.return_int()`);
- the timed callable was a lambda calling the method (`lambda: impl_obj.return_int()`);
- per binding: gc.collect(), one cold call timed, a 1 ms sleep, then N single calls each between
  two perf_counter_ns() reads, the result compared (outside the two reads) with the cold one;
  the first 5 hot samples dropped; the garbage collector left on; the bindings one after another
  (ctypes, cffi, pybind11, PyO3), all N samples of one before the next.

The wrappers here are this project's own classes with that call path; they call libffibench.so
through ffibench's handles (the CDLL handle declared by ffibench, the cffi-abi `lib`, the modules).
"""

import gc
import time

# The talk's four bindings, in the order its harness ran them, as this project's binding ids.
TALK_BINDINGS = ("ctypes-cdll", "cffi-abi", "pybind11", "pyo3")

# Functions the talk's wrappers had a counterpart for. str_len: the talk encoded its (ASCII) string
# in the wrapper and passed bytes; it never passed a str to a binding.
TALK_FUNCTIONS = ("return_int", "add", "bytes_len", "str_len", "get_pid")

CALL_PATHS = {
    "ctypes-cdll": "lambda -> wrapper method -> CDLL function (argtypes/restype set)",
    "cffi-abi": "lambda -> outer wrapper method -> inner wrapper method -> ffi.dlopen function",
    "pybind11": "lambda -> wrapper method -> extension module function",
    "pyo3": "lambda -> wrapper method -> extension module function",
}


class SelfLibWrapper:
    """The methods the talk's wrappers shared: each calls `self.lib.<function>(...)` with the same name.
    Subclasses set `self.lib` and add the length functions, whose names differ between the C library
    and the extension modules."""

    def return_int(self):
        return self.lib.return_int()

    def add(self, a, b):
        return self.lib.add(a, b)

    def get_pid(self):
        return self.lib.get_pid()


class LibWrapper(SelfLibWrapper):
    """`self.lib` is a library handle (a CDLL, or cffi's ffi.dlopen lib); symbol names are the C library's."""

    def __init__(self, module):
        self.lib = module.lib

    def bytes_len(self, b):
        return self.lib.byte_length(b)

    def str_len(self, s):
        return self.lib.byte_length(s.encode("utf-8"))


class TalkStyleCffi(LibWrapper):
    """cffi ABI mode behind wrapper methods: the inner of the talk's two cffi wrappers, and alone
    the series "cffi-talk" of method=batched (talk_cffi=true)."""

    WRAPPED = frozenset(("return_int", "add", "bytes_len", "str_len", "sum_array", "get_pid"))

    def __init__(self, module):
        super().__init__(module)
        self.ffi = module.ffi

    def sum_array(self, buf):
        return self.lib.sum_array(self.ffi.from_buffer("int64_t[]", buf), len(buf))


class ModuleWrapper(SelfLibWrapper):
    """`self.lib` is the extension module (pybind11, PyO3); function names are the module's."""

    def __init__(self, module):
        self.lib = module

    def bytes_len(self, b):
        return self.lib.bytes_len(b)

    def str_len(self, s):
        return self.lib.bytes_len(s.encode("utf-8"))


class CffiOuterWrapper:
    """The outer of cffi's two wrappers: every method delegates to the inner one (`self.abi`, a
    TalkStyleCffi)."""

    def __init__(self, inner):
        self.abi = inner

    def return_int(self):
        return self.abi.return_int()

    def add(self, a, b):
        return self.abi.add(a, b)

    def bytes_len(self, b):
        return self.abi.bytes_len(b)

    def str_len(self, s):
        return self.abi.str_len(s)

    def get_pid(self):
        return self.abi.get_pid()


def wrap(binding, module):
    """The talk's wrapper object for one of its bindings (ffibench's module of that binding)."""
    if binding == "ctypes-cdll":
        return LibWrapper(module)
    if binding == "cffi-abi":
        return CffiOuterWrapper(TalkStyleCffi(module))
    return ModuleWrapper(module)


LAMBDA_TEMPLATE = """
def make(impl_obj{params}):
    return lambda: impl_obj.{function}({args})
"""


def talk_lambda(wrapper, function, args):
    """`lambda: impl_obj.<function>(<args>)`, the wrapper and the arguments closed over as the talk's were."""
    names = ["a%d" % i for i in range(len(args))]
    src = LAMBDA_TEMPLATE.format(params="".join(", " + n for n in names), function=function, args=", ".join(names))
    namespace = {}
    exec(compile(src, "<talk lambda %s>" % function, "exec"), namespace)
    return namespace["make"](wrapper, *args)


def cold_then_hot(func, iterations):
    """The talk's sampling of one callable: gc.collect(), one cold call timed, 1 ms sleep, then
    `iterations` calls each between two `time.perf_counter_ns()` reads (GC left as it is). Returns
    (cold ns, [hot ns], number of hot results that differed from the cold one).

    Written out as the talk's loop was, not with call_overhead's single-shot template: the timer is
    looked up as `time.perf_counter_ns` at each read (the second lookup falls inside the window) and
    the result is stored and compared with the first outside it, as the talk's timer did."""
    gc.collect()
    start_first = time.perf_counter_ns()
    first = func()
    end_first = time.perf_counter_ns()
    time.sleep(0.001)
    hot = []
    mismatches = 0
    for _ in range(iterations):
        start_hot = time.perf_counter_ns()
        value = func()
        end_hot = time.perf_counter_ns()
        hot.append(end_hot - start_hot)
        if value != first:
            mismatches += 1
    return end_first - start_first, hot, mismatches
