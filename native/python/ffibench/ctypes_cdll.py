"""Binding "ctypes-cdll": libffibench.so through ctypes.CDLL: releases the GIL around each call.

The foreign functions are the module's functions; only str_len (str -> UTF-8
bytes) and sum_array (buffer -> int64 array) need a wrapper. `lib` is the
library handle, with every symbol declared, for the experiment drivers.
"""

import ctypes

from . import lib_path
from ._ctypes_decl import declare, functions

lib = declare(ctypes.CDLL(lib_path()))

return_int, add, bytes_len, get_pid, str_len, sum_array = functions(lib)
