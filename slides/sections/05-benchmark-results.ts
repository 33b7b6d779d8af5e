// Benchmark results: the live call-overhead experiment (distributions), the ranking with CIs, the
// talk's statistics and p-value tables computed from our data, and the talk's verdicts vs ours.
import { talkPairsTable, talkStatsTable } from '../views/call-overhead.ts';
import '../views/compare.ts';
import { BOTH, notes } from './kit.ts';
import { view } from '../live/views.ts';

/** The talk's method for the statistics slide: single calls, the talk-style cffi series beside ours. */
const SINGLE_SHOT = { method: 'single-shot', talk_cffi: true, functions: ['return_int'] };

export default /* html */ `
<section data-live="call-overhead" data-runtimes="${BOTH.join(',')}" id="call-overhead-live">
  <h2>Benchmark ctypes, cffi, pybind11, PyO3</h2>
  ${view('co-violin', { experiment: 'call-overhead', runtimes: ['@'], cls: 'fill' })}
  ${notes(`Press Run (or it runs on entry with auto-run). Samples stream in about ten times a second;
  each violin is one binding calling return_int() of the same C library. python is a pure-Python
  function of the same shape, capi the hand-written C-API module: the floor. The picker switches the
  runtime: 3.13.5 with the GIL and the free-threaded build.`)}
</section>
<section>
  <h2>Ranking against the C-API floor, GIL vs free-threaded</h2>
  <div class="unit-switch" role="radiogroup" aria-label="ranking unit">
    <label><input type="radio" name="co-ranking-unit" value="ns" checked> ns/call</label>
    <label><input type="radio" name="co-ranking-unit" value="instructions"> instructions/call</label>
  </div>
  <div class="switch-stack">
    ${view('co-ranking', { experiment: 'call-overhead', runtimes: BOTH, cls: 'fill' })}
    ${view('instr-ranking', { experiment: 'instructions', runtimes: BOTH, cls: 'fill' })}
  </div>
  ${notes(`Each bar: median ns/call of a binding divided by the median of the hand-written C-API
  module, with a 95% percentile bootstrap interval. 1.0 is as fast as the floor. Both runtimes side by
  side; the order is by the GIL build's medians. The switch shows the same ranking by instructions per
  call, counted under valgrind: it does not move between runs.`)}
</section>
<section data-live="call-overhead" data-runtimes="${BOTH.join(',')}" id="call-overhead-compare">
  <h2>Your machine against the recorded run</h2>
  ${view('co-compare', { experiment: 'call-overhead', runtimes: ['@'], match: { method: 'batched' }, data: { slow: '1' } })}
  ${notes(`The run shown here (this session's, or the server's newest saved one) beside the run recorded
  with the deck: per binding both medians and live / recorded, ordered by the recorded run, and whether
  the ranking moved (Kendall's tau over the bindings both measured). Absolute nanoseconds follow the
  machine; the order is what should travel. With no live run yet it says so: press Run.`)}
</section>
<section>
<section data-live="call-overhead" data-runtimes="${BOTH.join(',')}" data-params='${JSON.stringify(SINGLE_SHOT)}' id="call-overhead-stats-talk">
  <h2>Method statistics the talk's way</h2>
  ${view('co-stats-talk', { experiment: 'call-overhead', runtimes: ['@'], match: { method: 'single-shot', talk_cffi: true }, data: { slow: '1' } })}
  ${notes(`Like for like with the talk's table: single-shot samples (one call between two perf_counter_ns()
  reads, as the talk took them), the bindings the talk ran (ctypes = CDLL, cffi = ABI mode behind a
  wrapper method), and the talk's estimators: Tukey outliers dropped, then its mixed skewness and
  kurtosis, MAD × 1.4826. The talk's table as printed: next slide (↓).`)}
</section>
<section>
  <h2>Method statistics: the talk's</h2>
  ${talkStatsTable('A')}
  ${notes(`The talk's first statistics table, as printed: Tukey outliers dropped, MAD scaled by 1.4826.`)}
</section>
<section data-live="call-overhead" data-runtimes="${BOTH.join(',')}" id="call-overhead-stats">
  <h2>Method statistics: our batched samples</h2>
  ${view('co-stats', { experiment: 'call-overhead', runtimes: ['@'], data: { slow: '1' } })}
  ${notes(`Our batched method: each sample is a loop of calls lasting about the batch time, loop and timer
  overhead subtracted, so CV, skewness and kurtosis shrink by construction and are not comparable with
  the talk's single calls. Our estimators, on all samples: CV with ddof 1, biased skewness and excess
  kurtosis as SciPy, MAD unscaled.`)}
</section>
</section>
<section>
<section data-live="call-overhead" data-runtimes="${BOTH.join(',')}">
  <h2>Mann–Whitney U / BH: ours</h2>
  ${view('co-pairs', { experiment: 'call-overhead', runtimes: ['@'], data: { slow: '1', bindings: 'ctypes-cdll,cffi-api,pybind11,pyo3' } })}
  ${notes(`The talk's six comparisons, on our samples of the same four bindings: two-sided Mann–Whitney U,
  Benjamini–Hochberg over these six pairs, and the rank-biserial effect size. With hundreds of samples
  per binding almost any difference is "significant": read the effect size and the medians. The talk's
  table: next slide (↓).`)}
</section>
<section>
  <h2>Mann–Whitney U / BH: the talk's</h2>
  ${talkPairsTable('A')}
  ${notes(`The talk's first p-value table, as printed.`)}
</section>
</section>
<section>
<section id="verdicts-vs-talk">
  <h2>The talk's verdicts vs this machine</h2>
  ${view('co-claims', { experiment: 'call-overhead', runtimes: BOTH, match: { talk_cffi: true, method: 'batched' } })}
  ${notes(`For each of the talk's p-value tables, whether its "Faster" verdicts hold on this machine, judged
  by the claims' rule (the talk's names mapped to what it ran: ctypes = CDLL, cffi = ABI mode behind a
  wrapper method). The talk's second pair of tables: next slides (↓).`)}
</section>
<section>
  <h2>The talk's second tables: statistics</h2>
  ${talkStatsTable('B')}
  ${notes(`The talk's second statistics table, for reference.`)}
</section>
<section>
  <h2>The talk's second tables: Mann–Whitney U / BH</h2>
  ${talkPairsTable('B')}
  ${notes(`The talk's second p-value table, for reference.`)}
</section>
</section>`;
