// "The Fastest Solution for C++ Binding": the C++ bindings' code and where they rank here.
import { t } from '../i18n/index.ts';
import { BOTH, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

export default (): string => /* html */ `
<section>
  <h2>The Fastest Solution for C++ Binding</h2>
  <div class="cols-2">
    <div>
      <h4>pybind11</h4>
      ${codeBlock('native/pybind11/ffibench_pybind11.cpp', { lines: /PYBIND11_MODULE|m\.def\("return_int"/ })}
      <h4>nanobind</h4>
      ${codeBlock('native/nanobind/ffibench_nanobind.cpp', { lines: /NB_MODULE|m\.def\("return_int"/ })}
    </div>
    ${view('co-medians', { experiment: 'call-overhead', runtimes: BOTH })}
  </div>
  ${notes(t()['n.fastest'])}
</section>`;
