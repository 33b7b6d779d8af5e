// "Not Release GIL, But Built with Free-Threaded": a counting thread while C sleeps, CDLL vs PyDLL.
import { BOTH, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';
import { loaderTable } from './08-cdll-vs-pydll.ts';

export default /* html */ `
<section>
  <h2>Not Release GIL, But Built with Free-Threaded</h2>
  ${loaderTable}
  ${codeBlock('demos/pydll_blocking.py', { fn: 'count' }, { from: /^\s+t0 = time\.perf_counter\(\)$/, to: /^\s+after = cell\[0\]$/ })}
  ${notes(`One thread counts in a Python loop while the main thread sits in usleep() inside C. Through
  CDLL the GIL is released during the sleep and the counter keeps counting; through PyDLL the GIL is
  held, so on a GIL build the counter stops. On a free-threaded build there is no GIL to hold.`)}
</section>
<section data-live="pydll-blocking" data-runtimes="${BOTH.join(',')}">
  <h2>PyDLL blocking: counting during a C sleep</h2>
  ${view('blocking-counters', { experiment: 'pydll-blocking', runtimes: BOTH })}
  ${view('blocking-claims', { experiment: 'pydll-blocking', runtimes: BOTH, noBadge: true })}
  ${notes(`The counters are the medians of the repeats. With the GIL, what PyDLL still counts is the
  GIL hand-over around the call (the switch interval), not the sleep. Without the GIL, both loaders let
  the counter run.`)}
</section>`;
