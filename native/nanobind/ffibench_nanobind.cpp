// ffibench._nanobind: libffibench.so through nanobind (built FREE_THREADED).
// nanobind's `const char *` caster takes a str (its cached UTF-8, no copy);
// bytes come as nb::bytes; the array arrives as an nb::ndarray, which nanobind
// imports through the buffer protocol.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include "ffibench.h"

namespace nb = nanobind;

using Int64Array = nb::ndarray<const int64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

NB_MODULE(_nanobind, m) {
    m.doc() = "ffibench through nanobind";
    m.def("return_int", &return_int);
    m.def("add", &add);
    m.def("bytes_len", [](nb::bytes b) { return byte_length(b.c_str()); });
    m.def("str_len", &byte_length);
    m.def("sum_array", [](Int64Array a) { return sum_array(a.data(), a.size()); });
    m.def("get_pid", &get_pid);
}
