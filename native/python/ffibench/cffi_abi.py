"""Binding "cffi-abi": libffibench.so through cffi's ABI mode (ffi.dlopen).

The library's functions are the module's functions; only str_len (str -> UTF-8
bytes) and sum_array (buffer -> int64_t[]) need a wrapper. `ffi` and `lib`
reach every other symbol.
"""

from cffi import FFI

from . import lib_path
from ._cffi_cdef import CDEF

ffi = FFI()
ffi.cdef(CDEF)
lib = ffi.dlopen(lib_path())

return_int = lib.return_int
add = lib.add
bytes_len = lib.byte_length
get_pid = lib.get_pid

_byte_length = lib.byte_length
_sum_array = lib.sum_array
_from_buffer = ffi.from_buffer


def str_len(s):
    return _byte_length(s.encode())


def sum_array(buf):
    return _sum_array(_from_buffer("int64_t[]", buf), len(buf))
