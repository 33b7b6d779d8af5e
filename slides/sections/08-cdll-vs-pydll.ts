// CDLL vs PyDLL: the talk's loader table, the code that differs, and the live timing.
import { int, t } from '../i18n/index.ts';
import { TALK_LOADERS } from '../../analysis/talk.ts';
import { BOTH, cite, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

export const loaderTable = `<table class="data"><thead><tr><th>Loader</th><th>GIL Released?</th><th>Best for</th><th>Risk</th></tr></thead><tbody>${TALK_LOADERS.map(
  (l) => `<tr><td><b>${l.loader}</b></td><td>${l.released}</td><td>${l.bestFor}</td><td>${l.risk}</td></tr>`,
).join('')}</tbody></table>`;

export default (): string => /* html */ `
<section>
  <h2>CDLL vs PyDLL</h2>
  ${loaderTable}
  ${cite(t()['cdll.citeWhat'])}
  <div class="cols-2">
    <div>
      ${codeBlock('native/python/ffibench/ctypes_cdll.py', { lines: /^lib = / })}
      ${codeBlock('native/python/ffibench/ctypes_pydll.py', { lines: /^lib = / })}
    </div>
    ${codeBlock('demos/cdll_vs_pydll.py', { fn: 'timed' })}
  </div>
  ${notes(t()['n.cdll'])}
</section>
<section data-live="cdll-vs-pydll" data-runtimes="${BOTH.join(',')}">
  <h2>${t()['cdll.live'](int(2_000_000))}</h2>
  <div class="cols-2">
    ${view('cdll-bars', { experiment: 'cdll-vs-pydll', runtimes: BOTH })}
    ${view('cdll-claims', { experiment: 'cdll-vs-pydll', runtimes: BOTH, noBadge: true })}
  </div>
  ${notes(t()['n.cdllLive'](int(2_000_000)))}
</section>`;
