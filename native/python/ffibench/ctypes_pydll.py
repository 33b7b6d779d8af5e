"""Binding "ctypes-pydll": libffibench.so through ctypes.PyDLL: keeps the GIL held during each call.

The foreign functions are the module's functions; only str_len (str -> UTF-8
bytes) and sum_array (buffer -> int64 array) need a wrapper. `lib` is the
library handle, with every symbol declared, for the experiment drivers.
"""

import ctypes

from . import lib_path
from ._ctypes_decl import declare, functions

lib = declare(ctypes.PyDLL(lib_path()))

return_int, add, bytes_len, get_pid, str_len, sum_array = functions(lib)
