// CDLL vs PyDLL: the talk's loader table, the code that differs, and the live timing.
import { TALK_LOADERS } from '../../analysis/talk.ts';
import { BOTH, cite, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

export const loaderTable = `<table class="data"><thead><tr><th>Loader</th><th>GIL Released?</th><th>Best for</th><th>Risk</th></tr></thead><tbody>${TALK_LOADERS.map(
  (l) => `<tr><td><b>${l.loader}</b></td><td>${l.released}</td><td>${l.bestFor}</td><td>${l.risk}</td></tr>`,
).join('')}</tbody></table>`;

export default /* html */ `
<section>
  <h2>CDLL vs PyDLL</h2>
  ${loaderTable}
  ${cite('loader table')}
  <div class="cols-2">
    <div>
      ${codeBlock('native/python/ffibench/ctypes_cdll.py', { lines: /^lib = / })}
      ${codeBlock('native/python/ffibench/ctypes_pydll.py', { lines: /^lib = / })}
    </div>
    ${codeBlock('demos/cdll_vs_pydll.py', { fn: 'timed' })}
  </div>
  ${notes(`The same library loaded twice: CDLL releases the GIL around every foreign call, PyDLL keeps it.
  Releasing and re-taking the GIL costs time on every call; keeping it blocks every other thread.`)}
</section>
<section data-live="cdll-vs-pydll" data-runtimes="${BOTH.join(',')}">
  <h2>CDLL vs PyDLL: getpid × 2,000,000</h2>
  <div class="cols-2">
    ${view('cdll-bars', { experiment: 'cdll-vs-pydll', runtimes: BOTH })}
    ${view('cdll-claims', { experiment: 'cdll-vs-pydll', runtimes: BOTH, noBadge: true })}
  </div>
  ${notes(`get_pid() of libffibench, called 2,000,000 times through each loader, interleaved, five
  times; the bars are medians, whiskers min to max. The talk's output is in the table, our medians
  below it. Run it for the selected runtime, or both one after the other.`)}
</section>`;
