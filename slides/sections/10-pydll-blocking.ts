// "Not Release GIL, But Built with Free-Threaded": a counting thread while C sleeps, CDLL vs PyDLL.
import { t } from '../i18n/index.ts';
import { BOTH, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';
import { loaderTable } from './08-cdll-vs-pydll.ts';

export default (): string => /* html */ `
<section>
  <h2>Not Release GIL, But Built with Free-Threaded</h2>
  ${loaderTable}
  ${codeBlock('demos/pydll_blocking.py', { fn: 'count' }, { from: /^\s+t0 = time\.perf_counter\(\)$/, to: /^\s+after = cell\[0\]$/ })}
  ${notes(t()['n.blockingCode'])}
</section>
<section data-live="pydll-blocking" data-runtimes="${BOTH.join(',')}">
  <h2>${t()['block.live']}</h2>
  ${view('blocking-counters', { experiment: 'pydll-blocking', runtimes: BOTH })}
  ${view('blocking-claims', { experiment: 'pydll-blocking', runtimes: BOTH, noBadge: true })}
  ${notes(t()['n.blockingLive'])}
</section>`;
