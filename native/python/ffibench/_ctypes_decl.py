"""ctypes signatures of every libffibench.so symbol (ffibench.h), shared by the
CDLL and PyDLL bindings: the two differ only in the loader class."""

from ctypes import POINTER, c_char_p, c_int, c_int64, c_long, c_size_t, c_uint

SIGNATURES = {
    "return_int": (c_int, []),
    "add": (c_int, [c_int, c_int]),
    "byte_length": (c_size_t, [c_char_p]),
    "sum_array": (c_int64, [POINTER(c_int64), c_size_t]),
    "get_pid": (c_int, []),
    "sleep_us": (c_int, [c_uint]),
    "reset_counter": (None, []),
    "get_counter": (c_long, []),
    "unsafe_increment": (c_long, [c_int]),
    "mutex_increment": (c_long, [c_int]),
    "atomic_increment": (c_long, [c_int]),
    "bank_reset": (None, [c_long]),
    "bank_balance": (c_long, []),
    "bank_withdrawn": (c_long, []),
    "unsafe_withdraw": (c_int, [c_long, c_uint]),
    "safe_withdraw": (c_int, [c_long, c_uint]),
    "arena_churn": (c_int, [c_int, c_size_t, c_int, c_int]),
    "malloc_arena_count": (c_int, []),
    "crash_segfault": (None, []),
}


def declare(lib):
    """Sets restype/argtypes of every symbol on a CDLL/PyDLL; returns lib."""
    for name, (restype, argtypes) in SIGNATURES.items():
        func = getattr(lib, name)
        func.restype = restype
        func.argtypes = argtypes
    return lib


def functions(lib):
    """The binding's functions on a declared library handle, in the order
    return_int, add, bytes_len, get_pid, str_len, sum_array: the foreign
    functions themselves, and minimal wrappers only where ctypes cannot take
    the Python type directly (str -> UTF-8 bytes, a buffer -> int64 array)."""
    byte_length, c_sum_array = lib.byte_length, lib.sum_array

    def str_len(s):
        return byte_length(s.encode())

    def sum_array(buf):
        return c_sum_array((c_int64 * len(buf)).from_buffer(buf), len(buf))

    return lib.return_int, lib.add, lib.byte_length, lib.get_pid, str_len, sum_array
