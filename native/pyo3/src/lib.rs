//! ffibench._pyo3: libffibench.so through PyO3. Each function converts its
//! arguments, calls the exported C symbol, and converts the result. Besides
//! those, the arena and allocator workloads in Rust (src/alloc.rs), as the
//! talk's arena demo was a PyO3 module starting Rust threads.

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

mod alloc;

/// The exported symbols of libffibench.so (see native/ffibench/ffibench.h).
mod c {
    use std::ffi::{c_char, c_int};

    extern "C" {
        pub fn return_int() -> c_int;
        pub fn add(a: c_int, b: c_int) -> c_int;
        pub fn byte_length(s: *const c_char) -> usize;
        pub fn sum_array(values: *const i64, n: usize) -> i64;
        pub fn get_pid() -> c_int;
    }
}

#[pyfunction]
fn return_int() -> i32 {
    unsafe { c::return_int() }
}

#[pyfunction]
fn add(a: i32, b: i32) -> i32 {
    unsafe { c::add(a, b) }
}

#[pyfunction]
fn bytes_len(b: &Bound<'_, PyBytes>) -> usize {
    // A bytes object's buffer always ends with a NUL byte (CPython guarantees it).
    unsafe { c::byte_length(b.as_bytes().as_ptr().cast()) }
}

#[pyfunction]
fn str_len(s: &Bound<'_, PyString>) -> PyResult<usize> {
    // Borrows the str's cached UTF-8 (PyUnicode_AsUTF8AndSize), which CPython
    // always terminates with a NUL byte: no copy.
    let utf8 = s.to_str()?;
    Ok(unsafe { c::byte_length(utf8.as_ptr().cast()) })
}

#[pyfunction]
fn sum_array(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    let buf = match PyBuffer::<i64>::get(obj) {
        Ok(buf) => buf,
        // An empty array('q') may expose a pointer PyO3 finds misaligned for i64 and
        // refuses; with nothing to read, there is nothing to misread: sum of nothing.
        Err(_) if obj.len().ok() == Some(0) => return Ok(unsafe { c::sum_array(std::ptr::null(), 0) }),
        Err(err) => return Err(err),
    };
    if !buf.is_c_contiguous() {
        return Err(PyTypeError::new_err("sum_array() needs a contiguous buffer of int64"));
    }
    Ok(unsafe { c::sum_array(buf.buf_ptr().cast(), buf.item_count()) })
}

#[pyfunction]
fn get_pid() -> i32 {
    unsafe { c::get_pid() }
}

/// The arena workload in Rust, as the talk's `run_arena_test` did it: `threads` Rust threads each
/// allocate `allocs` blocks of `block_size` bytes (Vec<u8>, from malloc: below the mmap threshold
/// they come from an arena), write every byte (`touch`; the talk's never wrote them), and free
/// them. The calling thread stays attached (on the GIL build: holds the GIL) until every thread
/// has joined. Returns 0, or -errno.
#[pyfunction]
#[pyo3(signature = (threads, block_size, allocs, touch = true))]
fn arena_churn(threads: usize, block_size: usize, allocs: usize, touch: bool) -> i32 {
    alloc::churn(threads, block_size, allocs, touch)
}

/// The same work with the thread detached (`Python::detach`: the GIL released) while it runs.
#[pyfunction]
#[pyo3(signature = (threads, block_size, allocs, touch = true))]
fn arena_churn_detached(py: Python<'_>, threads: usize, block_size: usize, allocs: usize, touch: bool) -> i32 {
    py.detach(|| alloc::churn(threads, block_size, allocs, touch))
}

/// The allocator scenarios' workload (detached): see alloc::pattern. Returns (nanoseconds from
/// the first thread started to the last joined, blocks kept), or raises OSError.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn alloc_pattern(
    py: Python<'_>,
    threads: usize,
    min_size: usize,
    max_size: usize,
    allocs: usize,
    rounds: usize,
    keep_every: usize,
    hold: bool,
    seed: u64,
) -> PyResult<(u64, usize)> {
    let spec = alloc::Pattern { min_size, max_size, allocs, rounds, keep_every, hold, seed };
    py.detach(|| alloc::pattern(threads, spec)).map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))
}

/// Frees the blocks alloc_pattern kept; returns how many there were.
#[pyfunction]
fn release_kept(py: Python<'_>) -> usize {
    py.detach(alloc::release_kept)
}

#[pymodule(gil_used = false)]
fn _pyo3(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(return_int, m)?)?;
    m.add_function(wrap_pyfunction!(add, m)?)?;
    m.add_function(wrap_pyfunction!(bytes_len, m)?)?;
    m.add_function(wrap_pyfunction!(str_len, m)?)?;
    m.add_function(wrap_pyfunction!(sum_array, m)?)?;
    m.add_function(wrap_pyfunction!(get_pid, m)?)?;
    m.add_function(wrap_pyfunction!(arena_churn, m)?)?;
    m.add_function(wrap_pyfunction!(arena_churn_detached, m)?)?;
    m.add_function(wrap_pyfunction!(alloc_pattern, m)?)?;
    m.add_function(wrap_pyfunction!(release_kept, m)?)?;
    Ok(())
}
