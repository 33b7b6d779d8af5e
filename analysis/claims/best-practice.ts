// "Best Practice": "Pin the thread". Judged on call-overhead runs whose processes were pinned to one
// CPU against runs that were not: does pinning narrow the spread between processes?
import { paramsKey, type RunRecord } from '../../protocol/record.ts';
import { quantile, seededRandom } from '../stats.ts';
import { TALK_BEST_PRACTICE } from '../talk.ts';
import { say } from './words.ts';
import { combineParts, needPair, isOutcome, pct, runtimesEvidence, verdictWord, type Claim, type ClaimContext, type ClaimPart, type Outcome, type Verdict } from './core.ts';
import { TALK_BINDING_PARTS } from './parts.ts';
import { perProcess, seriesMedian } from './series.ts';

const SECTION = 'Best Practice';
/** Processes per arm below which a spread between processes is not compared. */
const MIN_PROCESSES = 5;
const RESAMPLES = 2000;

const pinned = (r: RunRecord) => (r.meta?.env?.affinity?.length ?? 0) === 1;

/** Variance of the logarithms (the spread between processes, scale-free). */
function logVariance(xs: readonly number[]): number {
  const l = xs.map(Math.log);
  const mean = l.reduce((a, b) => a + b, 0) / l.length;
  return l.reduce((a, b) => a + (b - mean) ** 2, 0) / (l.length - 1);
}

/** Unpinned over pinned spread (ratio of log-variances) with a percentile bootstrap over processes. */
function spreadRatio(free: number[], pin: number[], confidence: number): { ratio: number; low: number; high: number } {
  const random = seededRandom(1);
  const draw = (xs: number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const boot: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) {
    const v = logVariance(draw(pin));
    if (v > 0) boot.push(logVariance(draw(free)) / v);
  }
  const a = (1 - confidence) / 2;
  return { ratio: logVariance(free) / logVariance(pin), low: boot.length ? quantile(boot, a) : NaN, high: boot.length ? quantile(boot, 1 - a) : NaN };
}

/** The pinned and unpinned runs of the parameters measured most in both arms (at least
 * MIN_PROCESSES each where any parameters have that many). */
function sameParamsArms(records: RunRecord[]): [RunRecord[], RunRecord[]] {
  const groups = new Map<string, [RunRecord[], RunRecord[]]>();
  for (const r of records) {
    const key = paramsKey(r.params);
    const g = groups.get(key) ?? [[], []];
    g[pinned(r) ? 0 : 1].push(r);
    groups.set(key, g);
  }
  const both = (g: [RunRecord[], RunRecord[]]) => Math.min(g[0].length, g[1].length);
  return [...groups.values()].sort((a, b) => both(b) - both(a) || b[0].length + b[1].length - a[0].length - a[1].length)[0] ?? [[], []];
}

function pinThread(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `per binding (the talk's four), the spread between processes of their median ns per return_int() call (variance of the logarithms), runs on one CPU against runs free to move, at least ${MIN_PROCESSES} processes each, same runtime: holds if the ${pct(ctx.rule.confidence)} interval (percentile bootstrap over processes) of unpinned / pinned spread lies above ${(1 + m).toFixed(2)}, differs if it lies below, else inconclusive; mixed when bindings disagree`;
  const p = needPair(ctx, 'newest', ['gil'], rule);
  if (isOutcome(p)) return p;
  // Pinned and unpinned runs may be separate sessions (compared as two arms, never pooled), but
  // only runs with identical parameters are compared: a spread between processes that ran other
  // bindings or functions would be a spread of parameters, not of processes.
  const [pin, free] = sameParamsArms(ctx.select('call-overhead', p.gil, { method: 'batched' }, { batch: false }));
  const command = `npx ffi-corners verify --runtime ${p.gil!.id} --cpus 0 (pinned) and npx ffi-corners verify --runtime ${p.gil!.id} (free), then npx ffi-corners verify --records with both runs' files`;
  if (pin.length < MIN_PROCESSES || free.length < MIN_PROCESSES) {
    return { verdict: 'not-tested', reason: say().pinCounts(pin.length, free.length, p.gil!.id, MIN_PROCESSES), command, evidence: { rule } };
  }
  const parts: ClaimPart[] = TALK_BINDING_PARTS.map((b) => {
    const [x, y] = [perProcess(free, (r) => seriesMedian(r, b.series, 'return_int')), perProcess(pin, (r) => seriesMedian(r, b.series, 'return_int'))];
    if (x.length < MIN_PROCESSES || y.length < MIN_PROCESSES || logVariance(y) <= 0) return { id: b.id, counted: true, verdict: 'not-tested', reason: say().tooFewProcesses(b.id) };
    const r = spreadRatio(x, y, ctx.rule.confidence);
    const verdict: Verdict = r.low > 1 + m ? 'holds' : r.high < 1 + m ? 'differs' : 'inconclusive';
    return { id: b.id, counted: true, verdict, reason: say().part(b.id, verdictWord(verdict), say().spread(`${r.ratio.toFixed(2)}× [${r.low.toFixed(2)}, ${r.high.toFixed(2)}]`, `${x.length}+${y.length}`)), ratio: r.ratio, ci: [r.low, r.high] };
  });
  const verdict = combineParts(parts);
  return { verdict, reason: say().clauses(parts.map((x) => x.reason)), command: verdict === 'inconclusive' ? command : null, evidence: { rule, runtimes: runtimesEvidence(p), processes: [free.length, pin.length] }, parts };
}

export const BEST_PRACTICE_CLAIMS: readonly Claim[] = [
  {
    id: 'pin-thread',
    talk: TALK_BEST_PRACTICE[0]!,
    section: SECTION,
    // Pinning is a property of the run (--cpus), not a parameter: verify cannot plan both arms.
    needs: [],
    evaluate: pinThread,
  },
];
