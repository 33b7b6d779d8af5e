// Benchmarks of the memory experiments: wall time of the default arena grid (with its repeats) and
// of the allocator scenarios per runtime, against their budgets (60 s and 90 s on 2 cores), and the
// figures they measured: arenas GIL held vs released, the talk's ratio both ways, allocator ranks.
//
//   node --import tsx bench/memory.ts     prints this section of BENCHMARKS.md on its own
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { allocatorScenarios, arenaCells, arenaRiskAmplified, cellAt, rankAllocators, type Amplification, type ArenaInput } from '../analysis/arena.ts';
import type { DriverEvent } from '../protocol/events.ts';
import { projectRoot } from '../server/paths.ts';
import { newestPair } from '../server/runtimes/resolve.ts';

export const MEMORY_BUDGET_S = { arena: 60, allocators: 90 };

interface Timed {
  experiment: string;
  runtime: string;
  sets: string[];
  seconds: number;
  record: ArenaInput;
}

export interface MemoryResult {
  date: string;
  loadavgAtStart: number[];
  runs: Timed[];
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function timed(experiment: string, runtime: string, sets: string[] = []): Timed {
  log(`${experiment} on ${runtime} ${sets.join(' ')}`);
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [join(projectRoot, 'bin/ffi-corners.mjs'), 'run', experiment, '--runtime', runtime, ...sets.flatMap((s) => ['--set', s]), '--json'], {
    cwd: projectRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 0) throw new Error(`${experiment} on ${runtime} failed: ${res.stderr.slice(-1000)}`);
  const events = res.stdout.trim().split('\n').map((l) => JSON.parse(l) as DriverEvent);
  const meta = events.find((e) => e.type === 'meta') as Extract<DriverEvent, { type: 'meta' }>;
  const partials = events.filter((e): e is Extract<DriverEvent, { type: 'partial' }> => e.type === 'partial').map((e) => ({ key: e.key, data: e.data }));
  const result = (events.find((e) => e.type === 'result') as Extract<DriverEvent, { type: 'result' }> | undefined)?.data ?? null;
  return { experiment, runtime, sets, seconds, record: { params: meta.params, partials, result } };
}

export function benchMemory(runtimes: string[]): MemoryResult {
  const date = new Date().toISOString();
  const loadavgAtStart = loadavg();
  const runs: Timed[] = [];
  for (const runtime of runtimes) {
    runs.push(timed('arena', runtime));
    if (runtime.endsWith('-gil')) runs.push(timed('arena', runtime, ['loader=cdll']));
    runs.push(timed('allocators', runtime));
  }
  return { date, loadavgAtStart, runs };
}

const ratio = (a: Amplification | null) => (!a || a.ratio === null ? 'n/a' : `${a.ratio.toFixed(2)}× [${a.low!.toFixed(2)}–${a.high!.toFixed(2)}]`);

export function renderMemory(r: MemoryResult): string[] {
  const find = (experiment: string, runtime: RegExp, loader = 'pydll') =>
    r.runs.find((x) => x.experiment === experiment && runtime.test(x.runtime) && (experiment !== 'arena' || x.record.params['loader'] === loader));
  const out = [
    '## Memory experiments: arena and allocators',
    '',
    `Measured ${r.date.slice(0, 10)}, 1-minute load at start ${r.loadavgAtStart[0]?.toFixed(1)} (other work shared the 2 cores). Wall time of \`run arena\` with its default grid (N = 1, 2, 4, 8 × M = 1, 4, 16, 50, 3 processes per cell and per baseline: 60 processes) and of \`run allocators\` (5 scenarios × 4 allocators × 3 processes), budgets ${MEMORY_BUDGET_S.arena} s and ${MEMORY_BUDGET_S.allocators} s per runtime:`,
    '',
    '| run | runtime | wall time | budget |',
    '|---|---|---:|---:|',
    ...r.runs.map((x) => `| ${x.experiment}${x.sets.length ? ` (${x.sets.join(', ')})` : ''} | ${x.runtime} | ${x.seconds.toFixed(1)} s | ${MEMORY_BUDGET_S[x.experiment as 'arena' | 'allocators']} s |`),
    '',
    'Arenas at N=8, M=4 (median over 3 processes, lowest–highest; the baseline is the same Python threads without the native call):',
    '',
    '| arm | arenas | baseline | thread-arena MiB |',
    '|---|---:|---:|---:|',
  ];
  for (const x of r.runs.filter((y) => y.experiment === 'arena')) {
    const c = cellAt(arenaCells(x.record), 8, 4);
    if (!c?.arenas || !c.baselineArenas || !c.arenaMiB) continue;
    out.push(`| ${x.runtime}, ${String(x.record.params['loader'])} | ${c.arenas.median} (${c.arenas.low}–${c.arenas.high}) | ${c.baselineArenas.median} | ${c.arenaMiB.median.toFixed(2)} |`);
  }
  const gil = find('arena', /-gil$/);
  const nogil = find('arena', /-nogil$/);
  if (gil && nogil) {
    const { talkWay, likeForLike } = arenaRiskAmplified(gil.record, nogil.record);
    out.push(
      '',
      `The talk's "risk amplification" (29.46× on 3.13.5, one run) at the largest cell, no-GIL over GIL: total RSS growth (its way) ${ratio(talkWay)}; non-main arena bytes (like for like) ${ratio(likeForLike)}.`,
    );
  }
  for (const x of r.runs.filter((y) => y.experiment === 'allocators')) {
    out.push('', `Allocator ranks on ${x.runtime} (1 = lowest median of the scenario's quantity):`, '', '| scenario | by | ' + ['glibc', 'jemalloc', 'tcmalloc', 'mimalloc'].join(' | ') + ' |', '|---|---|---:|---:|---:|---:|');
    for (const s of allocatorScenarios(x.record)) {
      const ranked = rankAllocators(s);
      const cell = (a: string) => {
        const k = ranked.find((y) => y.arm.arm === a);
        return !k || k.rank === null ? 'n/a' : `${k.rank} (${k.value!.median.toFixed(1)})`;
      };
      out.push(`| ${s.id} | ${s.rankBy} | ${['glibc', 'jemalloc', 'tcmalloc', 'mimalloc'].map(cell).join(' | ')} |`);
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('memory.ts')) {
  const pair = await newestPair();
  console.log(renderMemory(benchMemory([pair.gil, pair.ft])).join('\n'));
}
