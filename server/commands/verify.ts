// `ffi-corners verify`: runs what the
// talk's claims need (analysis/claims.ts says which experiments, with which parameters, on which
// builds), alternating the GIL and free-threaded processes in a seeded order, then prints each
// claim's verdict with the number behind it. Progress goes to stderr; every run is also saved
// under results/. With --records it runs nothing and judges the given record files.
import { parse } from './args.ts';
import { SPECS } from './specs.ts';
import { onInterrupt } from '../util/interrupt.ts';
import { existsSync, readFileSync } from 'node:fs';
import { CLAIMS, DEFAULT_RULE, evaluateClaims, type ClaimNeed } from '../../analysis/claims.ts';
import { seededRandom } from '../../analysis/stats.ts';
import { findExperiment, resolveParams } from '../../protocol/experiments.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { isComplete, minorOf, pairByVersion, type RuntimePair } from '../../protocol/runtime.ts';
import { loadConfig } from '../config.ts';
import { Run } from '../jobs/runner.ts';
import { formatClaims } from '../report/claims.ts';
import { discoverRuntimes, type RuntimeCandidate } from '../runtimes/discover.ts';
import { envPython } from '../runtimes/env.ts';
import { selectRuntimes } from '../runtimes/resolve.ts';
import { UserError } from '../util/errors.ts';

/** How much each mode measures. The rules are the same; --quick only has fewer, shorter processes. */
export const MODES = {
  default: {
    processes: 5,
    sizing: {
      'call-overhead': { samples: 40, warmups: 3, batch_ms: 1 },
      'cdll-vs-pydll': { calls: 300_000, repeats: 3 },
      'pydll-blocking': { sleep_ms: 500, repeats: 3 },
      races: { repeats: 3 },
      arena: { calls: 3 },
    } as Record<string, Record<string, unknown>>,
  },
  quick: {
    processes: 3,
    sizing: {
      'call-overhead': { samples: 20, warmups: 2, batch_ms: 0.5 },
      'cdll-vs-pydll': { calls: 150_000, repeats: 3 },
      'pydll-blocking': { sleep_ms: 500, repeats: 2 },
      races: { repeats: 2 },
      arena: { calls: 2 },
    } as Record<string, Record<string, unknown>>,
  },
};
export type Mode = keyof typeof MODES;

/** One run to make: an experiment with its parameters on one runtime. */
export interface PlannedRun {
  experiment: string;
  params: Record<string, unknown>;
  runtime: RuntimeCandidate;
}

/** The runtimes a need names, among those available (paired by minor version, never by id). */
function runtimesFor(need: ClaimNeed, all: RuntimeCandidate[]): RuntimeCandidate[] {
  const newestFirst = (a: RuntimePair, b: RuntimePair) => {
    const [x1, x2] = a.version.split('.').map(Number);
    const [y1, y2] = b.version.split('.').map(Number);
    return y1! - x1! || y2! - x2!;
  };
  const pairs = pairByVersion(all, minorOf).sort(newestFirst);
  const pair = need.version === 'newest' ? (pairs.find(isComplete) ?? pairs[0]) : pairs.find((p) => p.version === need.version);
  if (!pair) return [];
  return need.builds.map((b) => all.find((r) => r.id === (b === 'gil' ? pair.gil : pair.ft))).filter((r): r is RuntimeCandidate => !!r);
}

/**
 * The runs every claim needs, deduplicated, in the order they will run: `processes` rounds; in each
 * round every runtime's run of each experiment once, the runtimes in a seeded random order (A B,
 * B A, …), so drift and load fall on both arms alike. A need of one process runs in the first round.
 */
export function plan(all: RuntimeCandidate[], mode: Mode, seed: number, processes = MODES[mode].processes): PlannedRun[][] {
  const wanted = new Map<string, { run: PlannedRun; many: boolean }>();
  for (const claim of CLAIMS) {
    for (const need of claim.needs) {
      const exp = findExperiment(need.experiment);
      if (!exp) continue; // an experiment this checkout does not have (yet): its claims say not-tested
      for (const rt of runtimesFor(need, all)) {
        const params = { ...MODES[mode].sizing[need.experiment], ...need.params };
        const key = JSON.stringify([need.experiment, rt.id, Object.entries(params).sort()]);
        const had = wanted.get(key);
        wanted.set(key, { run: { experiment: need.experiment, params, runtime: rt }, many: (had?.many ?? false) || need.processes === 'many' });
      }
    }
  }
  const random = seededRandom(seed);
  const rounds: PlannedRun[][] = [];
  for (let i = 0; i < processes; i++) {
    const round = [...wanted.values()].filter((w) => w.many || i === 0).map((w) => w.run);
    // Group by experiment and parameters; shuffle the runtimes within each group (Fisher–Yates).
    const groups = new Map<string, PlannedRun[]>();
    for (const r of round) {
      const k = JSON.stringify([r.experiment, Object.entries(r.params).sort()]);
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const ordered: PlannedRun[] = [];
    for (const g of groups.values()) {
      for (let j = g.length - 1; j > 0; j--) {
        const k = Math.floor(random() * (j + 1));
        [g[j], g[k]] = [g[k]!, g[j]!];
      }
      ordered.push(...g);
    }
    rounds.push(ordered);
  }
  return rounds;
}

function readRecords(files: string[]): RunRecord[] {
  return files.map((f) => {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(f, 'utf8'));
    } catch (err) {
      throw new UserError(`${f}: cannot read a run record: ${(err as Error).message.split('\n')[0]}`);
    }
    const r = data as Partial<RunRecord>;
    if (!r || typeof r !== 'object' || typeof r.experiment !== 'string' || typeof r.samples !== 'object' || !('params' in r)) {
      throw new UserError(`${f}: not a run record (expected the JSON that \`ffi-corners run\` saves under results/)`);
    }
    return r as RunRecord;
  });
}

function machineOf(records: RunRecord[], extra: Record<string, unknown>): Record<string, unknown> {
  const envs = records.map((r) => r.meta?.env).filter((e) => !!e);
  const e = envs[0];
  return {
    cpuModel: e?.cpuModel ?? null,
    cpuCount: e?.cpuCount ?? null,
    affinity: e?.affinity ?? null,
    kernel: e?.kernel ?? null,
    glibc: e?.glibc ?? null,
    governor: e?.governor ?? null,
    smtActive: e?.smtActive ?? null,
    loadavgFirst: envs[0]?.loadavg ?? null,
    loadavgLast: envs.at(-1)?.loadavg ?? null,
    runtimes: [...new Set(records.map((r) => r.runtimeId).filter(Boolean))],
    records: records.length,
    rule: DEFAULT_RULE,
    ...extra,
  };
}

export async function verifyCommand(args: string[], write: (t: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  // Any number of positionals: this command says itself what it expects of them.
  const { values, positionals } = parse(args, SPECS.verify);
  if (positionals.length && !values.records) throw new UserError(`unexpected argument "${positionals[0]}" (to judge saved runs: --records FILE...)`);
  const log = (line: string) => process.stderr.write(`[verify] ${line}\n`);
  const started = Date.now();

  let records: RunRecord[];
  let extra: Record<string, unknown>;
  if (values.records) {
    if (!positionals.length) throw new UserError('--records: name at least one record file (results/<experiment>/<runtime>/*.json)');
    records = readRecords(positionals);
    extra = { mode: 'records', files: positionals.length };
  } else {
    const mode: Mode = values.quick ? 'quick' : 'default';
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new UserError(`--seed: expected a non-negative integer, got "${values.seed}"`);
    const cpus = values.cpus ?? loadConfig().cpus;
    let all = await discoverRuntimes((w) => process.stderr.write(`ffi-corners: warning: ${w}\n`));
    all = selectRuntimes(all, values.runtime);
    all = all.filter((rt) => {
      if (existsSync(envPython(rt.id))) return true;
      log(`${rt.id}: no bindings built (npx ffi-corners setup --runtime ${rt.id}); its claims will say not-tested`);
      return false;
    });
    const rounds = plan(all, mode, seed);
    const total = rounds.reduce((a, r) => a + r.length, 0);
    log(`${mode}: ${total} runs in ${rounds.length} rounds on ${all.map((r) => r.id).join(', ') || 'no runtime'} (seed ${seed})`);
    records = [];
    let done = 0;
    let cancelled = false;
    for (const round of rounds) {
      for (const p of round) {
        if (cancelled) break;
        const exp = findExperiment(p.experiment)!;
        const run = new Run({ experiment: exp, runtimeId: p.runtime.id, python: envPython(p.runtime.id), params: resolveParams(exp, p.params), cpus });
        const off = onInterrupt(() => {
          cancelled = true;
          run.cancel();
        });
        const t0 = Date.now();
        const record = await run.done;
        off();
        done++;
        log(`${done}/${total} ${p.experiment} on ${p.runtime.id}: ${record.status}${record.status === 'ok' ? '' : ` (${record.reason})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        records.push(record);
      }
    }
    if (cancelled) log('interrupted: judging what was measured');
    extra = { mode, seed, processesPerArm: MODES[mode].processes };
  }
  const claims = evaluateClaims(records);
  const wallS = (Date.now() - started) / 1000;
  const machine = machineOf(records, { ...extra, wallS });
  if (values.json) write(JSON.stringify({ claims, machine }, null, 2) + '\n');
  else write(formatClaims(claims) + `\n\n${records.length} runs, ${wallS.toFixed(0)} s.\n`);
  return 0;
}
