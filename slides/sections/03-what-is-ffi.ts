// "What is Python FFI": one C library, called from Python through each binding. Code from the
// repository's sources; each slide shows one way of binding (vertical sub-slides).
import { notes } from './kit.ts';
import { codeBlock } from '../code.ts';

export default /* html */ `
<section>
<section>
  <h2>What is Python FFI</h2>
  <p class="lead">Foreign Function Interface: calling code compiled from another language (C, C++, Rust) from Python.</p>
  <h4>The C library every binding calls: libffibench.so</h4>
  ${codeBlock('native/ffibench/ffibench.c', { fn: 'return_int' }, { fn: 'add' }, { fn: 'get_pid' })}
  ${notes(`Every binding in this deck calls the same exported symbols of the same shared library,
  libffibench.so, so a comparison measures the binding and not the linking. The code on these slides
  is cut from the repository's files at build time: it is the code the experiments run.`)}
</section>
<section>
  <h2>What is Python FFI: declared at run time</h2>
  <div class="cols-2">
    <div class="fragment">
      <h4>ctypes: declared at run time, called through libffi</h4>
      ${codeBlock('native/python/ffibench/ctypes_pydll.py', { lines: /^(lib = |return_int = |add = )/ })}
    </div>
    <div class="fragment">
      <h4>cffi, ABI mode: ffi.dlopen</h4>
      ${codeBlock('native/python/ffibench/cffi_abi.py', { lines: /^(ffi = |ffi\.cdef|lib = ffi|return_int = )/ })}
    </div>
  </div>
  ${notes(`ctypes and cffi's ABI mode load the library at run time and convert the arguments on every
  call, through libffi; nothing is compiled for the binding.`)}
</section>
</section>
<section>
<section>
  <h2>What is Python FFI: compiled bindings</h2>
  <div class="cols-2">
    <div class="fragment">
      <h4>pybind11 (C++), free-threading declared</h4>
      ${codeBlock('native/pybind11/ffibench_pybind11.cpp', { from: /^PYBIND11_MODULE/, to: /m\.def\("add"/ })}
    </div>
    <div class="fragment">
      <h4>PyO3 (Rust), free-threading declared</h4>
      ${codeBlock('native/pyo3/src/lib.rs', { fn: 'return_int' }, { from: /#\[pymodule/, to: /wrap_pyfunction!\(add/ })}
    </div>
  </div>
  ${notes(`pybind11 and PyO3 generate the CPython glue at compile time; ctypes and cffi ABI mode
  convert arguments at run time. Each module here declares free-threading support
  (py::mod_gil_not_used, gil_used = false, the Py_mod_gil slot): a module that does not re-enables
  the GIL on import in a free-threaded build.`)}
</section>
<section>
  <h2>The floor: the hand-written C API</h2>
  ${codeBlock('native/capi/ffibench_capi.c', { fn: 'capi_return_int' })}
  ${notes(`The hand-written C-API module: no generated glue at all. Every chart measures the other
  bindings against it.`)}
</section>
</section>`;
