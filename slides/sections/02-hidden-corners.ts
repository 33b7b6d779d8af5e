// "The hidden corner you might be aware": the three levels, then reliability vs performance.
import { cite, notes } from './kit.ts';

export default /* html */ `
<section>
  <h2>The hidden corner you might be aware</h2>
  <ul class="levels">
    <li class="fragment"><b>Application level:</b> <mark>GIL Semantics</mark>, <mark>Thread Pinning</mark>, Refcount Edges &amp; Ownership, Error Propagation, Reentrancy...</li>
    <li class="fragment"><b>OS level:</b> <mark>Race Conditions</mark>, <mark>Dynamic Loading</mark> / lazy binding, <mark>System Libraries Features</mark>, Loader Search Path, Permissions...</li>
    <li class="fragment"><b>Hardware level:</b> <mark>ABI Compatibility</mark>, <mark>Cache Locality</mark>, Modern CPU Affinity Binding, TLB, Branch Prediction, I/O Topology...</li>
  </ul>
  ${cite()}
  ${notes(`The talk's map of where FFI bugs hide, by level. The highlighted ones are the corners this
  talk measures: GIL semantics, pinning, races, dynamic loading, system library features.`)}
</section>
<section>
  <h2>The hidden corner you might be aware</h2>
  <div class="cols-2">
    <div class="card"><h3>💪 Reliability Issues</h3><p>GIL Semantics, Thread Pinning, Race Conditions, ABI Compatibility</p></div>
    <div class="card"><h3>🚀 Performance Issues</h3><p>Dynamic Loading, System Libraries Features, Cache Locality</p></div>
  </div>
  ${cite()}
  ${notes(`Two kinds of trouble: things that break (reliability) and things that are slow
  (performance). The benchmark sections cover performance, races and arenas cover reliability.`)}
</section>`;
