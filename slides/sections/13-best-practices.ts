// Best practice (the talk's list) and the hidden corners again.
import { t } from '../i18n/index.ts';
import { TALK_BEST_PRACTICE } from '../../analysis/talk.ts';
import { cite, notes } from './kit.ts';

export default (): string => /* html */ `
<section>
  <h2>Best Practice</h2>
  <ul class="big">${TALK_BEST_PRACTICE.map((t) => `<li class="fragment">${t}</li>`).join('')}</ul>
  ${cite('Best Practice')}
  <ul class="small-list fragment">
    <li>${t()['best.pinning']('<code>npx ffi-corners run … --cpus 2-3</code>', '<code>"cpus"</code>')}</li>
    <li>${t()['best.ft']('<code>Py_mod_gil</code>, <code>py::mod_gil_not_used()</code>, <code>gil_used = false</code>', '<code>sys._is_gil_enabled()</code>')}</li>
  </ul>
  ${notes(t()['n.best'])}
</section>
<section>
  <h2>The hidden corner you might be aware</h2>
  <ul class="levels">
    <li><b>Application level:</b> <mark>GIL Semantics</mark>, <mark>Thread Pinning</mark>, Refcount Edges &amp; Ownership, Error Propagation, Reentrancy...</li>
    <li><b>OS level:</b> <mark>Race Conditions</mark>, <mark>Dynamic Loading</mark> / lazy binding, <mark>System Libraries Features</mark>, Loader Search Path, Permissions...</li>
    <li><b>Hardware level:</b> <mark>ABI Compatibility</mark>, <mark>Cache Locality</mark>, Modern CPU Affinity Binding, TLB, Branch Prediction, I/O Topology...</li>
  </ul>
  ${cite()}
  ${notes(t()['n.levelsAgain'])}
</section>`;
