// Benchmarks of the measuring harness itself: does our call-overhead method agree with pyperf,
// how much of the talk's single-shot figures was timer overhead, is the ranking stable, and what
// does the full matrix cost. Everything is measured in one run, side by side, on this machine.
//
// The pyperf comparison is made twice (docs/benchmarking.md says why):
// - in one process (bench/same_process.py): our driver's batch and the function pyperf's workers
//   time, alternating batch for batch with the same loop count. The machine's state reaches both
//   alike, so what is left is the difference between the two methods;
// - across processes: `pyperf timeit` as a user runs it against our `call-overhead` run, in ROUNDS
//   rounds of (pyperf for every binding, our run, pyperf for every binding again), both pinned to one
//   CPU. The two pyperf invocations of a round, before and after ours, are also compared with each
//   other: how far pyperf agrees with itself on this machine is the yardstick for how far ours can.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExperiment, resolveParams } from '../protocol/experiments.ts';
import { BINDING_IDS } from '../protocol/runtime.ts';
import { median, quantile, summary } from '../analysis/stats.ts';
import type { CallOverheadResult } from '../analysis/call-overhead.ts';
import type { RunRecord } from '../protocol/record.ts';
import { Run } from '../server/jobs/runner.ts';
import { ResultsStore } from '../server/results/store.ts';
import { envPython } from '../server/runtimes/env.ts';
import { projectRoot } from '../server/paths.ts';

export const PYPERF = 'pyperf==2.10.0';
/** The talk's own figure: its call-overhead matrix took 25.6 s per runtime. */
export const TALK_MATRIX_S = 25.6;
/** Rounds of (pyperf, ours, pyperf); odd, so every median over rounds is a measured value. */
export const ROUNDS = 5;
/** Our batch length (call-overhead's default batch_ms). pyperf's values are made as long
 * (`--min-time`), so both tools' values have the same granularity. */
export const BATCH_MS = findExperiment('call-overhead')!.params['batch_ms']!.default as number;
/** `pyperf timeit` worker processes per invocation, and values per process. */
export const PYPERF_PROCESSES = 6;
export const PYPERF_ARGS = ['--processes', String(PYPERF_PROCESSES), '--values', '60'];
/** The low quantile that estimates the time of an uncontended core. */
export const LOW_Q = 0.05;
/** The bar for agreement with pyperf, also the gap below which two bindings count as tied. */
export const TOLERANCE = 0.05;
/** Rounds of alternating batches in the same-process comparison. */
export const SAME_PROCESS_ROUNDS = 200;

export const within = (ratio: number): boolean => Math.abs(ratio - 1) <= TOLERANCE;

export interface HarnessResult {
  /** The CPU both tools were pinned to. */
  cpu: string;
  rounds: number;
  runtimes: Record<string, RuntimeHarness>;
}

/** One process, alternating batches: ns per loop iteration; net subtracts each method's empty loop. */
export interface SameProcess {
  binding: string;
  loops: number;
  oursMedianNs: number;
  pyperfMedianNs: number;
  /** Median over rounds of ours / pyperf's in the same round. */
  ratio: number;
  /** Ours as the driver reports it; pyperf's as median(f()) - median(pass). */
  oursNetNs: number;
  pyperfNetNs: number;
  netRatio: number;
}

/** Separate processes: per round, ours (one process) against a typical worker process of pyperf's two
 * invocations (median over the processes of each one's statistic), and pyperf's first invocation
 * against its second. ns per loop iteration as both tools time it (ours: ns/call plus our
 * measured loop overhead per iteration, i.e. the batch time per loop; pyperf: its values). */
export interface CrossProcess {
  binding: string;
  oursMedianNs: number[];
  pyperfMedianNs: number[];
  oursP5Ns: number[];
  pyperfP5Ns: number[];
  /** pyperf before our run / pyperf after it, same round. */
  pyperfSelfMedian: number[];
  pyperfSelfP5: number[];
}

export interface RuntimeHarness {
  sameProcess: SameProcess[];
  sameProcessWallS: number;
  crossProcess: CrossProcess[];
  /** Wall time per round of one pyperf invocation per binding (ours: matrixWallS). */
  pyperfWallS: number[];
  /** The talk's method (one call between two perf_counter_ns reads) against ours. */
  singleShot: { binding: string; singleShotNs: number; batchedNs: number; overheadShare: number }[];
  timerPairNs: number | null;
  /** Our runs: medians per binding per run, their CV, the ranking per run. `rankStable`: identical in
   * every run; `swaps`: pairs that changed order, with the gap between their medians. */
  stability: {
    medians: Record<string, number[]>;
    cv: Record<string, number>;
    ranks: string[][];
    rankStable: boolean;
    swaps: { faster: string; slower: string; gap: number }[];
  };
  /** Wall time of the default call-overhead matrix (all bindings) on this runtime, per round. */
  matrixWallS: number[];
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function callOverhead(runtime: string, given: Record<string, unknown>, store: ResultsStore, cpus: string): Promise<{ record: RunRecord; wallS: number }> {
  const exp = findExperiment('call-overhead')!;
  const t0 = performance.now();
  const record = await new Run({ experiment: exp, runtimeId: runtime, python: envPython(runtime), params: resolveParams(exp, given), store, cpus }).done;
  const wallS = (performance.now() - t0) / 1000;
  if (record.status !== 'ok') throw new Error(`call-overhead on ${runtime} failed: ${record.reason}`);
  return { record, wallS };
}

const samplesOf = (record: RunRecord, binding: string): number[] => record.samples[`${binding}/return_int`] ?? [];
const medianOf = (record: RunRecord, binding: string): number => median(samplesOf(record, binding));

/** Our samples of a binding as the batch time per loop iteration, as pyperf times its loop: ns/call
 * plus what the driver subtracted, i.e. the empty-loop estimate of each round and the timer reads
 * spread over the batch's loops. */
function rawSamples(record: RunRecord, binding: string): number[] {
  const result = record.result as Pick<CallOverheadResult, 'calibration' | 'overhead' | 'timerOverheadNs'> | null;
  const cal = result?.calibration[`${binding}/return_int`];
  const subtracted = cal && result.overhead[cal.shape]?.subtractedNs;
  if (!cal || !subtracted) throw new Error(`call-overhead reported no calibration or overhead for ${binding}`);
  const timerNs = result.timerOverheadNs ?? 0;
  return samplesOf(record, binding).map((v, i) => v + subtracted[i]! + timerNs / cal.loops);
}

/** One `pyperf timeit` of `f()` for a binding, pinned to `cpu`: the values of each worker process,
 * in ns per loop. */
function pyperf(python: string, cpu: string, binding: string): { processes: number[][]; wallS: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-corners-pyperf-'));
  try {
    const out = join(dir, 'out.json');
    const setup = `import ffibench; f = ffibench.load(${JSON.stringify(binding)}).return_int`;
    const args = ['-m', 'pyperf', 'timeit', ...PYPERF_ARGS, '--min-time', String(BATCH_MS / 1000), '--quiet', '--affinity', cpu, '-o', out, '-s', setup, 'f()'];
    const t0 = performance.now();
    const res = spawnSync(python, args, { encoding: 'utf8' });
    const wallS = (performance.now() - t0) / 1000;
    if (res.status !== 0) throw new Error(`pyperf timeit failed: ${res.stderr.trim().split('\n').pop()}`);
    const data = JSON.parse(readFileSync(out, 'utf8')) as { benchmarks: { runs: { values?: number[] }[] }[] };
    // Runs without values are pyperf's calibration processes.
    const processes = data.benchmarks.flatMap((b) => b.runs.map((r) => (r.values ?? []).map((v) => v * 1e9))).filter((v) => v.length > 0);
    return { processes, wallS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A statistic of a typical pyperf worker process: the median over processes of each one's statistic.
 * Ours is one process per run; pooling pyperf's processes instead would let the p5 pick the fastest
 * of them (each process settles at its own level, a few percent apart) and favour pyperf. */
const perProcess = (processes: number[][], stat: (v: number[]) => number): number => median(processes.map(stat));
const p5 = (v: number[]) => quantile(v, LOW_Q);

function sameProcess(python: string, cpu: string): { rows: SameProcess[]; wallS: number } {
  const script = join(projectRoot, 'bench', 'same_process.py');
  const args = [script, '--bindings', BINDING_IDS.join(','), '--batch-ms', String(BATCH_MS), '--rounds', String(SAME_PROCESS_ROUNDS), '--cpu', cpu];
  const t0 = performance.now();
  const res = spawnSync(python, args, { encoding: 'utf8' });
  const wallS = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`bench/same_process.py failed: ${res.stderr.trim().split('\n').pop() ?? `exit ${res.status}`}`);
  const data = JSON.parse(res.stdout) as { bindings: Record<string, Omit<SameProcess, 'binding'>> };
  return { rows: BINDING_IDS.map((b) => ({ binding: b, ...data.bindings[b]! })), wallS };
}

function ensurePyperf(python: string): void {
  if (spawnSync(python, ['-c', 'import pyperf'], { stdio: 'ignore' }).status === 0) return;
  log(`installing ${PYPERF} into ${python}`);
  const res = spawnSync(python, ['-m', 'pip', 'install', '--quiet', PYPERF], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`cannot install ${PYPERF}: ${res.stderr.trim().split('\n').pop()}`);
}

const ranking = (medians: Record<string, number>): string[] => Object.keys(medians).sort((a, b) => medians[a]! - medians[b]!);

/** Pairs ordered one way in some run and the other way in another, with the relative gap between
 * their overall medians (a swap inside TOLERANCE is two bindings the harness cannot tell apart). */
export function rankSwaps(ranks: string[][], overall: Record<string, number>): { faster: string; slower: string; gap: number }[] {
  const swaps: { faster: string; slower: string; gap: number }[] = [];
  const names = ranks[0] ?? [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i]!, names[j]!];
      const orders = new Set(ranks.map((r) => r.indexOf(a) < r.indexOf(b)));
      if (orders.size < 2) continue;
      const [faster, slower] = overall[a]! <= overall[b]! ? [a, b] : [b, a];
      swaps.push({ faster, slower, gap: overall[slower]! / overall[faster]! - 1 });
    }
  }
  return swaps;
}

/** The CPU both tools are pinned to: the last one, away from the bench's own node process on CPU 0. */
export const pinnedCpu = (): string => String(Math.max(0, availableParallelism() - 1));

export async function benchHarness(runtimes: string[]): Promise<HarnessResult> {
  const cpu = pinnedCpu();
  const out: HarnessResult = { cpu, rounds: ROUNDS, runtimes: {} };
  const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-bench-'));
  const store = new ResultsStore(scratch);
  try {
    for (const rt of runtimes) {
      const python = envPython(rt);
      ensurePyperf(python);

      log(`${rt}: ours and pyperf's timeit function in one process, ${SAME_PROCESS_ROUNDS} alternating rounds, CPU ${cpu}`);
      const same = sameProcess(python, cpu);

      // The first run after the machine sat idle measured differently from the rest (clock ramp-up
      // on this VM): one discarded run first, like a warm-up sample.
      log(`${rt}: one discarded call-overhead run, then ${ROUNDS} rounds of pyperf timeit / ours / pyperf timeit, pinned to CPU ${cpu}`);
      await callOverhead(rt, {}, store, cpu);
      const runs: { record: RunRecord; wallS: number }[] = [];
      const cross: CrossProcess[] = BINDING_IDS.map((binding) => ({
        binding,
        oursMedianNs: [],
        pyperfMedianNs: [],
        oursP5Ns: [],
        pyperfP5Ns: [],
        pyperfSelfMedian: [],
        pyperfSelfP5: [],
      }));
      const pyperfWallS: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const before = BINDING_IDS.map((b) => pyperf(python, cpu, b));
        const ours = await callOverhead(rt, {}, store, cpu);
        const after = BINDING_IDS.map((b) => pyperf(python, cpu, b));
        runs.push(ours);
        pyperfWallS.push(before.reduce((s, p) => s + p.wallS, 0));
        BINDING_IDS.forEach((b, i) => {
          const c = cross[i]!;
          const [a, z] = [before[i]!.processes, after[i]!.processes];
          const raw = rawSamples(ours.record, b);
          c.oursMedianNs.push(median(raw));
          c.oursP5Ns.push(p5(raw));
          c.pyperfMedianNs.push(perProcess([...a, ...z], median));
          c.pyperfP5Ns.push(perProcess([...a, ...z], p5));
          c.pyperfSelfMedian.push(perProcess(a, median) / perProcess(z, median));
          c.pyperfSelfP5.push(perProcess(a, p5) / perProcess(z, p5));
        });
        log(`${rt}: round ${round + 1}/${ROUNDS} done`);
      }

      const medians: Record<string, number[]> = {};
      for (const b of BINDING_IDS) medians[b] = runs.map((r) => medianOf(r.record, b));
      const cv = Object.fromEntries(BINDING_IDS.map((b) => [b, summary(medians[b]!).cv]));
      const ranks = runs.map((_, i) => ranking(Object.fromEntries(BINDING_IDS.map((b) => [b, medians[b]![i]!]))));
      const rankStable = ranks.every((r) => JSON.stringify(r) === JSON.stringify(ranks[0]));
      const overall = Object.fromEntries(BINDING_IDS.map((b) => [b, median(medians[b]!)]));

      log(`${rt}: the talk's single-shot method`);
      const single = await callOverhead(rt, { method: 'single-shot', samples: 200, warmups: 5 }, store, cpu);
      const timerPairNs = (single.record.result as { timerOverheadNs?: number } | null)?.timerOverheadNs ?? null;
      const singleShot = BINDING_IDS.map((b) => {
        const singleShotNs = medianOf(single.record, b);
        const batchedNs = overall[b]!;
        return { binding: b, singleShotNs, batchedNs, overheadShare: (singleShotNs - batchedNs) / singleShotNs };
      });

      out.runtimes[rt] = {
        sameProcess: same.rows,
        sameProcessWallS: same.wallS,
        crossProcess: cross,
        pyperfWallS,
        singleShot,
        timerPairNs,
        stability: { medians, cv, ranks, rankStable, swaps: rankSwaps(ranks, overall) },
        matrixWallS: runs.map((r) => r.wallS),
      };
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}

const f1 = (x: number) => x.toFixed(1);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mark = (x: number) => `${x.toFixed(3)}${within(x) ? '' : ' ✗'}`;
const span = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const ratios = (a: number[], b: number[]) => a.map((v, i) => v / b[i]!);

/** How many bindings (or round pairs) agree within TOLERANCE, per comparison: the bar's summary. */
function agreement(h: RuntimeHarness) {
  const cross = h.crossProcess.map((c) => {
    const p5 = ratios(c.oursP5Ns, c.pyperfP5Ns);
    const med = ratios(c.oursMedianNs, c.pyperfMedianNs);
    return { c, p5, med, p5r: median(p5), medr: median(med) };
  });
  const inside = (x: number, range: number[]) => x >= Math.min(...range) && x <= Math.max(...range);
  return {
    cross,
    samePaired: h.sameProcess.filter((s) => within(s.ratio)).length,
    sameNet: h.sameProcess.filter((s) => within(s.netRatio)).length,
    crossP5: cross.filter((x) => within(x.p5r)).length,
    crossMedian: cross.filter((x) => within(x.medr)).length,
    insideSelfP5: cross.filter((x) => inside(x.p5r, x.c.pyperfSelfP5)).length,
    insideSelfMedian: cross.filter((x) => inside(x.medr, x.c.pyperfSelfMedian)).length,
    selfPairs: h.crossProcess.reduce((n, c) => n + c.pyperfSelfMedian.length, 0),
    selfP5: h.crossProcess.reduce((n, c) => n + c.pyperfSelfP5.filter(within).length, 0),
    selfMedian: h.crossProcess.reduce((n, c) => n + c.pyperfSelfMedian.filter(within).length, 0),
    selfWorstMedian: Math.max(...h.crossProcess.flatMap((c) => c.pyperfSelfMedian.map((x) => Math.abs(Math.log(x))))),
  };
}

/** Lines collected by a section of the report. */
function collect(fill: (push: (...l: string[]) => void) => void): string[] {
  const lines: string[] = [];
  fill((...l) => lines.push(...l));
  return lines;
}

/** Our method against pyperf's: in one process, batch for batch, then `pyperf timeit` in separate processes. */
function methodsPart(r: HarnessResult, agree: Record<string, ReturnType<typeof agreement>>): string[] {
  const n = BINDING_IDS.length;
  return collect((push) => {
    push(
      '',
      'In one process, where the machine\'s state reaches both methods alike, they agree: the method is pyperf\'s. Across',
      'processes, this VM moves the same loop by more than 5% between two invocations of pyperf itself; there, the bar measures',
      'the machine, and the tables show how far ours strays compared with how far pyperf strays from itself',
      '([docs/benchmarking.md](docs/benchmarking.md)).',
      '',
      '### Same process: the two methods, batch for batch',
      '',
      `\`bench/same_process.py\` alternates, in one process and in a shuffled order, ${SAME_PROCESS_ROUNDS} batches each of our driver's`,
      `compiled batch and of the function pyperf's timeit workers time (\`pyperf._timeit.Timer\`), with the same loop count`,
      `(our calibration for ${BATCH_MS} ms). The machine's state reaches both alike. *Paired ratio*: the median over rounds of`,
      "ours / pyperf's in the same round, a few milliseconds apart, so the machine's state cancels. **Net** is what a user of",
      "each tool computes: ours, ns/call as the driver reports it (the empty loop, timed every round, subtracted); pyperf's,",
      'the median of `f()` minus the median of `pass` (both alternating with the rest); its ratio is of the two medians.',
      '',
    );
    for (const [rt, h] of Object.entries(r.runtimes)) {
      push(`#### ${rt}`, '', '| binding | loops | ours median | pyperf median | paired ratio | ours net | pyperf net | net ratio |', '|---|---:|---:|---:|---:|---:|---:|---:|');
      for (const s of h.sameProcess) {
        push(
          `| ${s.binding} | ${s.loops} | ${f1(s.oursMedianNs)} | ${f1(s.pyperfMedianNs)} | ${mark(s.ratio)} | ` +
            `${f1(s.oursNetNs)} | ${f1(s.pyperfNetNs)} | ${mark(s.netRatio)} |`,
        );
      }
      push('', `✗ marks a ratio outside 5%. ${SAME_PROCESS_ROUNDS} rounds in ${f1(h.sameProcessWallS)} s.`, '');
    }
    push(
      '### Separate processes: our driver against `pyperf timeit`',
      '',
      `${r.rounds} rounds, after one discarded run of ours. Each round: \`pyperf timeit ${PYPERF_ARGS.join(' ')} --min-time ${BATCH_MS / 1000}\``,
      '`--affinity CPU -s "import ffibench; f = ffibench.load(B).return_int" "f()"` for every binding, then one `call-overhead`',
      'run with default parameters (all bindings in one process, randomized blocks, GC off), then pyperf again for every binding.',
      `\`--min-time\` makes pyperf's values as long as our ${BATCH_MS} ms batches, so both tools' values have the same granularity.`,
      `Ours is one process; pyperf's figure is that of a typical worker process (the median over the round's ${2 * PYPERF_PROCESSES} processes of`,
      "each one's statistic). *vs itself* is pyperf's invocation before our run against the one after it, about half a minute",
      `apart. Figures are medians over the rounds, with the range of the per-round ratios. Two estimators: the **median** (what the deck shows) and the **p${LOW_Q * 100}** (5th percentile). On a VM whose`,
      'core is at times shared with another tenant, timings are bimodal: the median lands in whichever state held the',
      'majority of that process\'s time, while a low quantile estimates the uncontended state as long as that state held',
      'more than 5% of it.',
      '',
    );
    for (const [rt, h] of Object.entries(r.runtimes)) {
      const a = agree[rt]!;
      push(
        `#### ${rt}`,
        '',
        '| binding | ours p5 | pyperf p5 | p5 ratio | rounds | pyperf vs itself | ours median | pyperf median | median ratio | rounds | pyperf vs itself |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      );
      for (const { c, p5, med, p5r, medr } of a.cross) {
        push(
          `| ${c.binding} | ${f1(median(c.oursP5Ns))} | ${f1(median(c.pyperfP5Ns))} | ${mark(p5r)} | ${span(p5)} | ${span(c.pyperfSelfP5)} | ` +
            `${f1(median(c.oursMedianNs))} | ${f1(median(c.pyperfMedianNs))} | ${mark(medr)} | ${span(med)} | ${span(c.pyperfSelfMedian)} |`,
        );
      }
      const oursWall = median(h.matrixWallS);
      const pyperfWall = median(h.pyperfWallS);
      push(
        '',
        `✗ marks a ratio outside 5%. Our ratio lies inside the range of pyperf's against itself for ${a.insideSelfP5}/${n} bindings (p5) and ` +
          `${a.insideSelfMedian}/${n} (median); pyperf's two invocations of one round differed by up to ${pct(Math.exp(a.selfWorstMedian) - 1)} on the median. ` +
          `Wall time per round (medians): ours ${f1(oursWall)} s for one run of all ${n} bindings, pyperf ${f1(pyperfWall)} s for one invocation per binding ` +
          `(${(pyperfWall / oursWall).toFixed(1)}× ours).`,
        '',
      );
    }
  });
}

/** The talk's own figures against ours: its single-shot method, rank stability over the rounds, the matrix's wall time. */
function talkFiguresPart(r: HarnessResult): string[] {
  return collect((push) => {
    push(
      "## The talk's single-shot method: how much of 73–259 ns was the timer",
      '',
      'The talk timed one call between two `perf_counter_ns()` reads. Same bindings, same run, both methods (batched:',
      'the median of the rounds\' medians, net of loop overhead):',
      '',
    );
    for (const [rt, h] of Object.entries(r.runtimes)) {
      push(`### ${rt}`, '', `Two back-to-back timer reads: ${h.timerPairNs === null ? 'not reported' : `${f1(h.timerPairNs)} ns`}.`, '');
      push('| binding | single-shot ns | batched ns | share of single-shot that is not the call |', '|---|---:|---:|---:|');
      for (const s of h.singleShot) push(`| ${s.binding} | ${f1(s.singleShotNs)} | ${f1(s.batchedNs)} | ${pct(s.overheadShare)} |`);
      push('');
    }
    push(
      `## Stability: ${r.rounds} default runs`,
      '',
      `Medians of \`return_int\` per binding (ns/call) in the ${r.rounds} rounds' runs of ours, their CV, and whether the rank order held.`,
      'A swap between two bindings whose medians lie within 5% of each other is a tie the harness cannot resolve (the same',
      '5% as the pyperf bar), not a change of ranking; a swap across a wider gap is.',
      '',
    );
    for (const [rt, h] of Object.entries(r.runtimes)) {
      const { stability: st } = h;
      const real = st.swaps.filter((s) => s.gap > TOLERANCE);
      const swapText = st.swaps.map((s) => `${s.faster} / ${s.slower} (${pct(s.gap)} apart)`).join(', ');
      const verdict = st.rankStable
        ? `Rank order identical in all ${st.ranks.length} runs`
        : real.length === 0
          ? `Rank order held up to ties: only pairs within 5% of each other swapped, ${swapText}`
          : `Rank order changed: ${swapText}`;
      const order = Object.keys(st.medians).sort((a, b) => median(st.medians[a]!) - median(st.medians[b]!));
      push(`### ${rt}`, '', `${verdict}. Order (overall medians): ${order.join(' < ')}.`, '');
      push(`| binding | ${st.ranks.map((_, i) => `run ${i + 1}`).join(' | ')} | CV of medians |`, `|---|${st.ranks.map(() => '---:|').join('')}---:|`);
      for (const [b, m] of Object.entries(st.medians)) push(`| ${b} | ${m.map(f1).join(' | ')} | ${pct(st.cv[b]!)} |`);
      push('');
    }
    push('## Matrix cost', '', `Wall time of the default call-overhead matrix (every binding, one runtime), against the talk's reported ${TALK_MATRIX_S} s per runtime:`, '');
    push(`| runtime | ${Array.from({ length: r.rounds }, (_, i) => `run ${i + 1}`).join(' | ')} | vs the talk |`, `|---|${'---:|'.repeat(r.rounds)}---:|`);
    for (const [rt, h] of Object.entries(r.runtimes)) {
      push(`| ${rt} | ${h.matrixWallS.map((s) => `${f1(s)} s`).join(' | ')} | ${(TALK_MATRIX_S / median(h.matrixWallS)).toFixed(1)}× faster |`);
    }
  });
}

export function renderHarness(r: HarnessResult): string[] {
  const n = BINDING_IDS.length;
  const agree = Object.fromEntries(Object.entries(r.runtimes).map(([rt, h]) => [rt, agreement(h)]));
  // The bar's summary: per runtime, how many bindings agree within TOLERANCE.
  const summary = [
    '## Harness accuracy: our ns/call against pyperf',
    '',
    `\`return_int\` of every binding, timed by our \`call-overhead\` method and by pyperf ${PYPERF.split('==')[1]}, both pinned to CPU ${r.cpu}.`,
    'Every figure is ns per loop iteration, the loop `for _ in it: f()` as both tools time it (ours: ns/call plus the',
    'loop overhead per iteration that the driver subtracted, i.e. the batch time per loop), unless it says *net*.',
    'The bar (docs/design.md): within 5%. Bindings (of 9) within it, and how often pyperf agreed with itself:',
    '',
    '| runtime | same process: paired | same process: net | separate processes: median | separate processes: p5 | pyperf vs itself: median (round pairs) | pyperf vs itself: p5 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(agree).map(([rt, a]) => `| ${rt} | ${a.samePaired}/${n} | ${a.sameNet}/${n} | ${a.crossMedian}/${n} | ${a.crossP5}/${n} | ${a.selfMedian}/${a.selfPairs} | ${a.selfP5}/${a.selfPairs} |`),
  ];
  return [...summary, ...methodsPart(r, agree), ...talkFiguresPart(r)];
}
