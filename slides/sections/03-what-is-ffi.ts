// "What is Python FFI": one C library, called from Python through each binding. Code from the
// repository's sources; each slide shows one way of binding (vertical sub-slides).
import { t } from '../i18n/index.ts';
import { notes, slide } from './kit.ts';
import { codeBlock } from '../code.ts';

export default (): string => /* html */ `
<section>
<section>
  <h2>What is Python FFI</h2>
  <p class="lead">${t()['ffi.lead']}</p>
  <h4>${t()['ffi.lib']}</h4>
  ${codeBlock('native/ffibench/ffibench.c', { fn: 'return_int' }, { fn: 'add' }, { fn: 'get_pid' })}
  ${notes(t()['n.ffi'])}
</section>
<section>
  <h2>${t()['ffi.runtimeTitle']('What is Python FFI')}</h2>
  <div class="cols-2">
    <div class="fragment">
      <h4>${t()['ffi.ctypes']}</h4>
      ${codeBlock('native/python/ffibench/ctypes_pydll.py', { lines: /^(lib = |return_int = |add = )/ })}
    </div>
    <div class="fragment">
      <h4>${t()['ffi.cffi']}</h4>
      ${codeBlock('native/python/ffibench/cffi_abi.py', { lines: /^(ffi = |ffi\.cdef|lib = ffi|return_int = )/ })}
    </div>
  </div>
  ${notes(t()['n.ffiRuntime'])}
</section>
</section>
<section>
<section>
  <h2>${t()['ffi.compiledTitle']('What is Python FFI')}</h2>
  <div class="cols-2">
    <div class="fragment">
      <h4>${t()['ffi.pybind11']}</h4>
      ${codeBlock('native/pybind11/ffibench_pybind11.cpp', { from: /^PYBIND11_MODULE/, to: /m\.def\("add"/ })}
    </div>
    <div class="fragment">
      <h4>${t()['ffi.pyo3']}</h4>
      ${codeBlock('native/pyo3/src/lib.rs', { fn: 'return_int' }, { from: /#\[pymodule/, to: /wrap_pyfunction!\(add/ })}
    </div>
  </div>
  ${notes(t()['n.ffiCompiled'])}
</section>
${slide(t()['ffi.floor'], codeBlock('native/capi/ffibench_capi.c', { fn: 'capi_return_int' }), t()['n.floor'])}
</section>`;
