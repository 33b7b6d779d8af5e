/* ffibench._capi: the hand-written CPython C-API binding (the floor of the
 * comparison). Each function converts its arguments, calls the one exported
 * symbol of libffibench.so, and converts the result: nothing else.
 *
 * METH_NOARGS for the argument-less calls, METH_FASTCALL for the others;
 * multi-phase init, declaring free-threading support (Py_mod_gil) where the
 * interpreter knows the slot (3.13+).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <string.h>

#include "ffibench.h"

static PyObject *capi_return_int(PyObject *self, PyObject *unused) {
    return PyLong_FromLong(return_int());
}

static PyObject *capi_get_pid(PyObject *self, PyObject *unused) {
    return PyLong_FromLong(get_pid());
}

static int check_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t expected) {
    if (nargs == expected) return 0;
    PyErr_Format(PyExc_TypeError, "%s() takes exactly %zd argument(s) (%zd given)", name,
                 expected, nargs);
    return -1;
}

static int as_c_int(PyObject *obj, int *out) {
    long value = PyLong_AsLong(obj);
    if (value == -1 && PyErr_Occurred()) return -1;
    if (value < INT_MIN || value > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "value does not fit in a C int");
        return -1;
    }
    *out = (int)value;
    return 0;
}

static PyObject *capi_add(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    int a, b;
    if (check_nargs("add", nargs, 2) < 0) return NULL;
    if (as_c_int(args[0], &a) < 0 || as_c_int(args[1], &b) < 0) return NULL;
    return PyLong_FromLong(add(a, b));
}

static PyObject *capi_bytes_len(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (check_nargs("bytes_len", nargs, 1) < 0) return NULL;
    const char *s = PyBytes_AsString(args[0]); /* the bytes' own NUL-terminated buffer */
    if (s == NULL) return NULL;
    return PyLong_FromSize_t(byte_length(s));
}

static PyObject *capi_str_len(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (check_nargs("str_len", nargs, 1) < 0) return NULL;
    /* The str's cached UTF-8 form (NUL-terminated), created on first use. */
    const char *s = PyUnicode_AsUTF8AndSize(args[0], NULL);
    if (s == NULL) return NULL;
    return PyLong_FromSize_t(byte_length(s));
}

static PyObject *capi_sum_array(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    Py_buffer view;
    if (check_nargs("sum_array", nargs, 1) < 0) return NULL;
    if (PyObject_GetBuffer(args[0], &view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) return NULL;
    const char *f = view.format; /* native int64: "q", "@q", "=q", "l" */
    if (f[0] == '@' || f[0] == '=') f++;
    if (view.itemsize != (Py_ssize_t)sizeof(int64_t) || f[0] == '\0' || f[1] != '\0' ||
        strchr("ql", f[0]) == NULL) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_TypeError, "sum_array() needs a buffer of 64-bit integers");
        return NULL;
    }
    int64_t total = sum_array((const int64_t *)view.buf, (size_t)(view.len / view.itemsize));
    PyBuffer_Release(&view);
    return PyLong_FromLongLong(total);
}

static PyMethodDef capi_methods[] = {
    {"return_int", capi_return_int, METH_NOARGS, "return_int() -> 42"},
    {"add", (PyCFunction)(void (*)(void))capi_add, METH_FASTCALL, "add(a, b) -> a + b"},
    {"bytes_len", (PyCFunction)(void (*)(void))capi_bytes_len, METH_FASTCALL,
     "bytes_len(b: bytes) -> byte_length(b)"},
    {"str_len", (PyCFunction)(void (*)(void))capi_str_len, METH_FASTCALL,
     "str_len(s: str) -> byte_length of s as UTF-8"},
    {"sum_array", (PyCFunction)(void (*)(void))capi_sum_array, METH_FASTCALL,
     "sum_array(buf) -> sum of a buffer of int64"},
    {"get_pid", capi_get_pid, METH_NOARGS, "get_pid() -> getpid()"},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot capi_slots[] = {
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef capi_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "ffibench._capi",
    .m_doc = "ffibench through a hand-written CPython C-API module",
    .m_size = 0,
    .m_methods = capi_methods,
    .m_slots = capi_slots,
};

PyMODINIT_FUNC PyInit__capi(void) { return PyModuleDef_Init(&capi_module); }
