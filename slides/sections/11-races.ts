// "Racing global states after No-GIL": the unsafe C code, the talk's tables from the live run, the
// four configurations, and the talk's safe/uncertain/race matrix.
import { TALK_RACES } from '../../analysis/talk.ts';
import { BOTH, cite, GIL, NOGIL, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

const configs = [`${GIL}?loader=pydll`, `${GIL}?loader=cdll`, `${NOGIL}?loader=pydll`, `${NOGIL}?loader=cdll`];

export default /* html */ `
<section>
<section>
  <h2>Racing global states after No-GIL</h2>
  ${codeBlock('native/ffibench/ffibench.c', { fn: 'unsafe_increment' }, { fn: 'unsafe_withdraw' })}
  ${notes(`A global counter incremented with a read and a write, nothing atomic; a bank withdrawal that
  checks the balance, waits, then writes back a stale balance. How the threads call it: next slide (↓).`)}
</section>
<section>
  <h2>Racing global states: the threads</h2>
  ${codeBlock('demos/races.py', { fn: 'race' })}
  ${notes(`50 threads call the counter, released together by a barrier; 100 threads try to withdraw.`)}
</section>
</section>
<section data-live="races" data-runtimes="${BOTH.join(',')}" data-params='{"loader":"pydll"}'>
  <h2>Racing global states: PyDLL</h2>
  ${view('races-counter', { experiment: 'races', runtimes: ['@'], match: { loader: 'pydll' } })}
  ${view('races-bank', { experiment: 'races', runtimes: ['@'], match: { loader: 'pydll' } })}
  ${notes(`The talk's two tables for the runtime in the picker, PyDLL: the last repeat, plus how many of
  the repeats raced. On the GIL build PyDLL serialises the calls; on the free-threaded build nothing does.
  The parameters used are above each table: on 2 cores, 10,000 iterations per thread rarely race.`)}
</section>
<section data-live="races" data-runtimes="${BOTH.join(',')}" data-params='{"loader":"cdll"}'>
  <h2>Racing global states: CDLL</h2>
  ${view('races-counter', { experiment: 'races', runtimes: ['@'], match: { loader: 'cdll' } })}
  ${view('races-bank', { experiment: 'races', runtimes: ['@'], match: { loader: 'cdll' } })}
  ${notes(`Same experiment through CDLL: the GIL is released during each C call, so even the GIL build
  runs the unsafe code in parallel.`)}
</section>
<section>
<section>
  <h2>Who is protected: GIL / no-GIL × PyDLL / CDLL</h2>
  ${view('races-lost', { experiment: 'races', runtimes: configs, cls: 'fill' })}
  ${notes(`The accuracy of the unsafe counter in four configurations. The talk's matrix next to what we
  measured: next slide (↓).`)}
</section>
<section>
  <h2>Who is protected: the talk's matrix and ours</h2>
  ${view('races-matrix', { experiment: 'races', runtimes: configs })}
  ${notes(`The talk's "Uncertain" (its word) for non-thread-safe code with the GIL is measured here both ways:
  through PyDLL, which keeps the GIL during the call, and through CDLL, which releases it.`)}
</section>
</section>
<section>
  <h2>Recap (the talk) and this machine</h2>
  <ul class="big">${TALK_RACES.recap.map((t) => `<li>${t}</li>`).join('')}</ul>
  ${cite('“Racing global states after No-GIL”, Recap')}
  ${view('races-claims', { experiment: 'races', runtimes: BOTH, match: { loader: 'pydll' } })}
  ${notes(`The talk's race outputs next to ours for PyDLL. Its counter ran 10,000 iterations per thread
  on 8 cores; ours runs the parameters shown.`)}
</section>`;
