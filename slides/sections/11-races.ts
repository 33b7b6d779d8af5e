// "Racing global states after No-GIL": the unsafe C code, the talk's tables from the live run, the
// four configurations, and the talk's safe/uncertain/race matrix.
import { int, t } from '../i18n/index.ts';
import { TALK_RACES } from '../../analysis/talk.ts';
import { BOTH, cite, GIL, NOGIL, notes, slide } from './kit.ts';
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
${slide(t()['races.threads']('Racing global states'), codeBlock('demos/races.py', { fn: 'race' }), t()['n.racesThreads'](50, 100))}
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
${slide(t()['races.who'], view('races-lost', { experiment: 'races', runtimes: configs, cls: 'fill' }), t()['n.racesLost'])}
${slide(t()['races.matrix'], view('races-matrix', { experiment: 'races', runtimes: configs }), t()['n.racesMatrix'])}
</section>
<section>
  <h2>${t()['recap.title']}</h2>
  <ul class="big">${TALK_RACES.recap.map((t) => `<li>${t}</li>`).join('')}</ul>
  ${cite(t()['kit.citeRecap']('Racing global states after No-GIL'))}
  ${view('races-claims', { experiment: 'races', runtimes: BOTH, match: { loader: 'pydll' } })}
  ${notes(t()['n.racesRecap'](int(10_000), 8))}
</section>`;
