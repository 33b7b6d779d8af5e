// Benchmarks of the instructions experiment: does a count hold from run to run (the bar: every
// binding within 0.5%, the ranking identical), and what it costs (the budget: all 9 bindings x
// return_int within 90 s per runtime, one binding within 15 s, on 2 cores). Runs through the
// runner, like the harness bench; the ns ranking's own stability is the harness's (Stability).
import { ResultsStore } from '../server/results/store.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { instructionRanking } from '../analysis/instructions.ts';
import { findExperiment, resolveParams } from '../protocol/experiments.ts';
import type { InstructionsResult } from '../protocol/results.ts';
import { BINDING_IDS } from '../protocol/runtime.ts';
import { Run } from '../server/jobs/runner.ts';
import { envPython } from '../server/runtimes/env.ts';

export const AGREE = 0.005;
export const BUDGET_ALL_S = 90;
export const BUDGET_ONE_S = 15;
/** The binding timed alone: ctypes-cdll executes the most instructions per call. */
export const ONE_BINDING = 'ctypes-cdll';

export interface InstructionsBench {
  date: string;
  cores: number;
  calls: number;
  runtimes: Record<
    string,
    {
      /** Instructions per return_int() call, per binding, in each of the two full runs. */
      perCall: Record<string, [number, number]>;
      ranks: [string[], string[]];
      /** Wall time of each full run (every binding), and of one run of ONE_BINDING alone. */
      allWallS: [number, number];
      oneWallS: number;
      /** CPU time (user + system) of the valgrind processes of each run: what a loaded machine cannot inflate. */
      allCpuS: [number, number];
      oneCpuS: number;
      /** 1-minute load average when the runtime's runs started. */
      loadavg: number;
      errors: Record<string, string>;
    }
  >;
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function count(runtime: string, given: Record<string, unknown>, store: ResultsStore): Promise<{ result: InstructionsResult; wallS: number }> {
  const exp = findExperiment('instructions')!;
  const t0 = performance.now();
  const record = await new Run({ experiment: exp, runtimeId: runtime, python: envPython(runtime), params: resolveParams(exp, given), store }).done;
  const wallS = (performance.now() - t0) / 1000;
  if (record.status !== 'ok' || !record.result) throw new Error(`instructions on ${runtime} failed: ${record.reason}`);
  return { result: record.result as InstructionsResult, wallS };
}

const cpu = (r: InstructionsResult) => Object.values(r.cpuSeconds).reduce((s, x) => s + x, 0);

export async function benchInstructions(runtimes: string[]): Promise<InstructionsBench> {
  const outDir = mkdtempSync(join(tmpdir(), 'ffi-corners-bench-instr-'));
  const store = new ResultsStore(outDir);
  const calls = findExperiment('instructions')!.params['calls']!.default as number;
  const out: InstructionsBench = { date: new Date().toISOString(), cores: cpus().length, calls, runtimes: {} };
  try {
    for (const rt of runtimes) {
      const load = loadavg()[0]!;
      const all = { bindings: BINDING_IDS.join(','), functions: 'return_int' };
      const a = await count(rt, all, store);
      log(`instructions ${rt}: all bindings ${a.wallS.toFixed(1)} s`);
      const b = await count(rt, all, store);
      log(`instructions ${rt}: all bindings again ${b.wallS.toFixed(1)} s`);
      const one = await count(rt, { bindings: ONE_BINDING }, store);
      log(`instructions ${rt}: ${ONE_BINDING} alone ${one.wallS.toFixed(1)} s`);
      const perCall: Record<string, [number, number]> = {};
      for (const [key, v] of Object.entries(a.result.perCall)) perCall[key.split('/')[0]!] = [v, b.result.perCall[key] ?? NaN];
      out.runtimes[rt] = {
        perCall,
        ranks: [instructionRanking(a.result).map((r) => r.binding), instructionRanking(b.result).map((r) => r.binding)],
        allWallS: [a.wallS, b.wallS],
        oneWallS: one.wallS,
        allCpuS: [cpu(a.result), cpu(b.result)],
        oneCpuS: cpu(one.result),
        loadavg: load,
        errors: { ...a.result.errors, ...b.result.errors },
      };
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return out;
}

/** The ns ranking's stability comes from the harness bench, which may be from another day: `nsDate` says which. */
export function renderInstructions(r: InstructionsBench | undefined, nsRankStable: Record<string, boolean | undefined> = {}, nsDate = ''): string[] {
  if (!r) return [];
  const f1 = (x: number) => x.toFixed(1);
  // Other work only slows a run down: a budget met on a busy machine is met; one missed there is not judged.
  const verdict = (met: boolean, load: number) => (met ? 'met' : load >= r.cores ? `not judged, load ${load.toFixed(1)} on ${r.cores} cores` : 'MISSED');
  const lines = [
    '## Instructions per call (valgrind)',
    '',
    `\`instructions\` with its defaults (${r.calls.toLocaleString('en-US')} calls per binding, paths on), every binding × \`return_int\`, twice per runtime,`,
    `then ${ONE_BINDING} alone (the most instructions per call). The bars: every binding within ${AGREE * 100}% between the two runs, the`,
    `ranking identical; all bindings within ${BUDGET_ALL_S} s, one binding within ${BUDGET_ONE_S} s on ${r.cores} cores. Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC.`,
    'Other work only slows a run down, so a budget met on a busy machine is met, and one missed there (1-minute load at or',
    'above the number of cores) is not judged. The CPU time of the valgrind processes, which a busy machine does not inflate,',
    'is given either way: on 2 cores the wall time is at least half of it.',
    'docs/instructions.md says how the counts are made.',
    '',
  ];
  for (const [rt, h] of Object.entries(r.runtimes)) {
    const worst = Math.max(...Object.values(h.perCall).map(([a, b]) => Math.abs(a - b) / a));
    const same = h.ranks[0].join() === h.ranks[1].join();
    const ns = nsRankStable[rt];
    lines.push(
      `### ${rt}`,
      '',
      `Largest difference between the two runs: ${(worst * 100).toFixed(3)}% (${worst <= AGREE ? 'within' : 'OUTSIDE'} ${AGREE * 100}%). ` +
        `Instruction ranking ${same ? 'identical in both runs' : 'CHANGED'}: ${h.ranks[0].join(' < ')}.` +
        (ns === undefined ? '' : ` The ns ranking (Stability above${nsDate ? `, ${nsDate.slice(0, 10)}` : ''}) was ${ns ? 'identical' : 'not identical'} over its runs.`),
      '',
      `Wall time (1-minute load ${h.loadavg.toFixed(1)} at the start): all bindings ${h.allWallS.map((s) => `${f1(s)} s`).join(' and ')} (budget ${BUDGET_ALL_S} s: ${verdict(Math.max(...h.allWallS) <= BUDGET_ALL_S, h.loadavg)}); ` +
        `${ONE_BINDING} alone ${f1(h.oneWallS)} s (budget ${BUDGET_ONE_S} s: ${verdict(h.oneWallS <= BUDGET_ONE_S, h.loadavg)}). ` +
        `CPU time of the valgrind processes, which a busy machine does not inflate: all bindings ${h.allCpuS.map((s) => `${f1(s)} s`).join(' and ')}, ${ONE_BINDING} alone ${f1(h.oneCpuS)} s.`,
      '',
      '| binding | run 1 | run 2 | difference |',
      '|---|---:|---:|---:|',
      ...h.ranks[0].map((b) => {
        const [x, y] = h.perCall[b]!;
        return `| ${b} | ${f1(x)} | ${f1(y)} | ${((Math.abs(x - y) / x) * 100).toFixed(3)}% |`;
      }),
      ...Object.entries(h.errors).map(([k, why]) => `\nNot counted: ${k}: ${why}`),
      '',
    );
  }
  return lines;
}
