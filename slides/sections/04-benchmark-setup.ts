// Benchmark setup: the talk's pinned machine next to this one (live environment check), the
// runtimes and their GIL state after imports, and how a sample is taken.
import { TALK_MACHINE } from '../talk-figures.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import { BOTH, cite, codeBlock, notes, view } from './kit.ts';

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
<section data-live="env-check" id="env-check-live">
  <h2>Is this a pinned, quiet benchmark machine?</h2>
  ${view('env-checklist', { experiment: 'env-check', cls: 'fill' })}
  ${notes(`The environment check reads the kernel command line, cpufreq, SMT, ASLR, huge pages and the
  load. Each row: what this machine has, what the talk's machine had, and how to fix it. Warnings mean
  the numbers that follow are noisier than the talk's; they are still measured the same way on both runtimes.`)}
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
  <h2>How one sample is taken</h2>
  <div class="cols-2 wide-left">
    ${codeBlock('demos/call_overhead.py', { from: /^BATCH_TEMPLATE/, to: /^"""$/ }, { fn: 'calibrate_loops' })}
    <ul class="small-list">
      <li>Each sample: a loop of calls calibrated to ~${BATCH_MS} ms (the default; the run's own value is in its parameters), timed as a whole</li>
      <li>Loop and timer overhead (same loop, empty body, timed in every round) subtracted</li>
      <li>Garbage collector off while timing; warm-ups discarded</li>
      <li>Bindings interleaved in a shuffled order every round</li>
      <li>Each runtime in its own process, pinned to the configured CPUs</li>
      <li>The talk: one call between two <code>perf_counter_ns()</code> reads per sample, 200 samples, first 5 dropped, bindings one after another</li>
    </ul>
  </div>
  ${notes(`The talk's samples were single calls between two timer reads through a lambda, so timer and
  lambda overhead are inside its medians. Here each sample is a calibrated batch with the loop and timer
  overhead subtracted; the empty loop that measures that overhead is timed in every round, so a machine
  that speeds up or slows down mid-run does not skew one binding. The bindings are interleaved so
  drift does not favour whichever ran first.
  method=single-shot reproduces the talk's way for comparison.`)}
</section>`;
