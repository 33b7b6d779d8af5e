// ffibench._pybind11: libffibench.so through pybind11. Plain function pointers
// where pybind11 converts the arguments itself (its `const char *` caster takes
// a str, as UTF-8, or bytes); a py::buffer for the array sum.
#include <pybind11/pybind11.h>

#include "ffibench.h"

namespace py = pybind11;

PYBIND11_MODULE(_pybind11, m, py::mod_gil_not_used()) {
    m.doc() = "ffibench through pybind11";
    m.def("return_int", &return_int);
    m.def("add", &add);
    m.def("bytes_len", &byte_length);
    m.def("str_len", &byte_length);
    m.def("sum_array", [](const py::buffer &buf) {
        py::buffer_info info = buf.request();
        if (info.ndim != 1 || info.itemsize != sizeof(int64_t) ||
            info.format != py::format_descriptor<int64_t>::format() ||
            (info.size > 1 && info.strides[0] != info.itemsize))
            throw py::type_error("sum_array() needs a contiguous buffer of int64");
        return sum_array(static_cast<const int64_t *>(info.ptr), static_cast<size_t>(info.size));
    });
    m.def("get_pid", &get_pid);
}
