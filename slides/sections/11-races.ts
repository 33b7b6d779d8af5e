// "Racing global states after No-GIL": the unsafe C code, the talk's tables from the live run, the
// four configurations, and the talk's safe/uncertain/race matrix.
import { int, t } from '../i18n/index.ts';
import { TALK_RACES } from '../../analysis/talk.ts';
import { BOTH, cite, GIL, NOGIL, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

const configs = [`${GIL}?loader=pydll`, `${GIL}?loader=cdll`, `${NOGIL}?loader=pydll`, `${NOGIL}?loader=cdll`];

export default (): string => /* html */ `
<section>
<section>
  <h2>Racing global states after No-GIL</h2>
  ${codeBlock('native/ffibench/ffibench.c', { fn: 'unsafe_increment' }, { fn: 'unsafe_withdraw' })}
  ${notes(t()['n.racesCode'])}
</section>
<section>
  <h2>${t()['races.threads']('Racing global states')}</h2>
  ${codeBlock('demos/races.py', { fn: 'race' })}
  ${notes(t()['n.racesThreads'](50, 100))}
</section>
</section>
<section data-live="races" data-runtimes="${BOTH.join(',')}" data-params='{"loader":"pydll"}'>
  <h2>${t()['races.loader']('Racing global states', 'PyDLL')}</h2>
  ${view('races-counter', { experiment: 'races', runtimes: ['@'], match: { loader: 'pydll' } })}
  ${view('races-bank', { experiment: 'races', runtimes: ['@'], match: { loader: 'pydll' } })}
  ${notes(t()['n.racesPydll'](int(10_000)))}
</section>
<section data-live="races" data-runtimes="${BOTH.join(',')}" data-params='{"loader":"cdll"}'>
  <h2>${t()['races.loader']('Racing global states', 'CDLL')}</h2>
  ${view('races-counter', { experiment: 'races', runtimes: ['@'], match: { loader: 'cdll' } })}
  ${view('races-bank', { experiment: 'races', runtimes: ['@'], match: { loader: 'cdll' } })}
  ${notes(t()['n.racesCdll'])}
</section>
<section>
<section>
  <h2>${t()['races.who']}</h2>
  ${view('races-lost', { experiment: 'races', runtimes: configs, cls: 'fill' })}
  ${notes(t()['n.racesLost'])}
</section>
<section>
  <h2>${t()['races.matrix']}</h2>
  ${view('races-matrix', { experiment: 'races', runtimes: configs })}
  ${notes(t()['n.racesMatrix'])}
</section>
</section>
<section>
  <h2>${t()['recap.title']}</h2>
  <ul class="big">${TALK_RACES.recap.map((t) => `<li>${t}</li>`).join('')}</ul>
  ${cite(t()['kit.citeRecap']('Racing global states after No-GIL'))}
  ${view('races-claims', { experiment: 'races', runtimes: BOTH, match: { loader: 'pydll' } })}
  ${notes(t()['n.racesRecap'](int(10_000), 8))}
</section>`;
