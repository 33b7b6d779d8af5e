// "The hidden corner you might be aware": the three levels, then reliability vs performance.
import { t } from '../i18n/index.ts';
import { cite, notes } from './kit.ts';

export default (): string => /* html */ `
<section>
  <h2>The hidden corner you might be aware</h2>
  <ul class="levels">
    <li class="fragment"><b>Application level:</b> <mark>GIL Semantics</mark>, <mark>Thread Pinning</mark>, Refcount Edges &amp; Ownership, Error Propagation, Reentrancy...</li>
    <li class="fragment"><b>OS level:</b> <mark>Race Conditions</mark>, <mark>Dynamic Loading</mark> / lazy binding, <mark>System Libraries Features</mark>, Loader Search Path, Permissions...</li>
    <li class="fragment"><b>Hardware level:</b> <mark>ABI Compatibility</mark>, <mark>Cache Locality</mark>, Modern CPU Affinity Binding, TLB, Branch Prediction, I/O Topology...</li>
  </ul>
  ${cite()}
  ${notes(t()['n.levels'])}
</section>
<section>
  <h2>The hidden corner you might be aware</h2>
  <div class="cols-2">
    <div class="card"><h3>💪 Reliability Issues</h3><p>GIL Semantics, Thread Pinning, Race Conditions, ABI Compatibility</p></div>
    <div class="card"><h3>🚀 Performance Issues</h3><p>Dynamic Loading, System Libraries Features, Cache Locality</p></div>
  </div>
  ${cite()}
  ${notes(t()['n.kinds'])}
</section>`;
