// Benchmark setup: the talk's pinned machine next to this one (live environment check), the
// runtimes and their GIL state after imports, and how a sample is taken.
import { TALK_MACHINE } from '../../analysis/talk.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import { BOTH, cite, notes } from './kit.ts';
import { codeBlock } from '../code.ts';
import { view } from '../live/views.ts';

const BATCH_MS = findExperiment('call-overhead')?.params['batch_ms']?.default;

export default /* html */ `
<section>
  <h2>Benchmark ctypes, cffi, pybind11, PyO3: the talk's machine</h2>
  <ul class="machine">
    <li>${TALK_MACHINE.kernel}</li>
    <li>${TALK_MACHINE.cpu}</li>
    <li>${TALK_MACHINE.disabled}</li>
    <li><code>${TALK_MACHINE.pinning}</code></li>
    <li>${TALK_MACHINE.hugePages}</li>
    <li>${TALK_MACHINE.toolchain}</li>
    <li>${TALK_MACHINE.pythons}</li>
  </ul>
  ${cite('benchmark setup')}
  ${notes(`The talk ran on a tuned machine: isolated, tickless CPUs, a locked clock, no turbo, no SMT,
  no ASLR, pinned with numactl. The next slide checks the same things on the machine this deck runs on.`)}
</section>
<section>
<section data-live="env-check" id="env-check-live">
  <h2>Is this a pinned, quiet benchmark machine?</h2>
  ${view('env-checklist', { experiment: 'env-check', data: { 'hide-cols': '4,5', rest: "the talk's machine and the fixes: next slides (↓), the CSV and JSON" } })}
  ${notes(`The environment check reads the kernel command line, cpufreq, SMT, ASLR, huge pages and the
  load. Each row: what this machine has; the talk's machine and how to fix it are on the next two
  slides. Warnings mean the numbers that follow are noisier than the talk's; they are still measured
  the same way on both runtimes.`)}
</section>
<section>
  <h2>The environment check, with the fixes (1)</h2>
  ${view('env-checklist', { experiment: 'env-check', data: { rows: '1-6', rest: 'next slide (↓)' }, noBadge: true })}
  ${notes(`Each row: what this machine has, what the talk's machine had, and how to fix it.`)}
</section>
<section>
  <h2>The environment check, with the fixes (2)</h2>
  ${view('env-checklist', { experiment: 'env-check', data: { rows: '7-12', rest: 'previous and next slides (↑ ↓)' }, noBadge: true })}
  ${notes(`The next checks: SMT, ASLR, huge pages, load, CPU model.`)}
</section>
<section>
  <h2>The environment check, with the fixes (3)</h2>
  ${view('env-checklist', { experiment: 'env-check', data: { rows: '13-', rest: 'previous slides (↑)' } })}
  ${notes(`The rest of the checks: hypervisor, pinning, and where this machine reports them the
  instruction counters (perf, valgrind). Six rows a slide, so a machine with more checks than the
  recorded one still fits.`)}
</section>
</section>
<section>
  <h2>Runtimes: is the GIL really off?</h2>
  ${view('runtime-gil', { experiment: 'call-overhead', runtimes: BOTH })}
  <p class="lead">Measured with <code>sys._is_gil_enabled()</code> after importing every binding: a module that does not declare free-threading support turns the GIL back on.</p>
  ${notes(`Both runtimes are CPython 3.13.5 built from the same source with the same configure flags;
  the only difference is --disable-gil. The GIL state is measured after the imports, in the same process
  that times the calls. The talk's repository recorded it before importing its modules, none of which
  declared free-threading support.`)}
</section>
<section>
<section>
  <h2>How one sample is taken</h2>
  <ul class="recap">
    <li class="fragment">Each sample: a loop of calls calibrated to ~${BATCH_MS} ms (the default; the run's own value is in its parameters), timed as a whole</li>
    <li class="fragment">Loop and timer overhead (same loop, empty body, timed in every round) subtracted</li>
    <li class="fragment">Garbage collector off while timing; warm-ups discarded</li>
    <li class="fragment">Bindings interleaved in a shuffled order every round</li>
    <li class="fragment">Each runtime in its own process, pinned to the configured CPUs</li>
    <li class="fragment">The talk: one call between two <code>perf_counter_ns()</code> reads per sample, 200 samples, first 5 dropped, bindings one after another</li>
  </ul>
  ${notes(`The talk's samples were single calls between two timer reads through a lambda, so timer and
  lambda overhead are inside its medians. Here each sample is a calibrated batch with the loop and timer
  overhead subtracted; the empty loop that measures that overhead is timed in every round, so a machine
  that speeds up or slows down mid-run does not skew one binding. The bindings are interleaved so
  drift does not favour whichever ran first.
  method=single-shot reproduces the talk's way for comparison. The code: next two slides (↓).`)}
</section>
<section>
  <h2>How one sample is taken: the timed loop</h2>
  ${codeBlock('demos/call_overhead.py', { from: /^BATCH_TEMPLATE/, to: /^"""$/ })}
  ${notes(`The loop each sample times. The same template with an empty body is timed in every round and
  its median subtracted.`)}
</section>
<section>
  <h2>How one sample is taken: calibration</h2>
  ${codeBlock('demos/call_overhead.py', { fn: 'calibrate_loops' })}
  ${notes(`How many calls one sample makes: grown until a batch lasts a quarter of the ~2 ms target, then scaled to it.`)}
</section>
</section>`;
