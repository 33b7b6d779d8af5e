// Analysis of a call-overhead run: per function, each binding's summary, the ranking, every pairwise
// Mann–Whitney U test with Benjamini–Hochberg adjustment, and a bootstrap CI of each binding's
// median ratio against the hand-written C-API floor. Pure TypeScript, no Node APIs: the CLI's text
// formatter and the deck's slides both call `analyzeCallOverhead`.
import type { CallOverheadResult } from '../protocol/results.ts';
import { bindingNote, byBindingOrder, byFunctionOrder, FLOOR_BINDING } from '../protocol/runtime.ts';
import { bootstrapMedianRatioCI, pairwise, summary, type PairResult, type RatioCI, type Summary } from './stats.ts';


/** What the analysis reads from a run record (RunRecord satisfies it; so does a recorded result file). */
export interface CallOverheadInput {
  /** "binding/function" -> ns per call, every sample. */
  samples: Record<string, readonly number[]>;
  params?: Record<string, unknown>;
  result?: unknown;
  meta?: { env: { version: string; freeThreadedBuild: boolean; gilEnabledAfterImports?: boolean } } | null;
}

/** The driver's result object (demos/call_overhead.py): its schema is in protocol/results.ts. */
export type { CallOverheadResult };

export interface BindingRow {
  binding: string;
  /** 1 = fastest (lowest median). */
  rank: number;
  summary: Summary;
  /** median(binding) / median(capi) with its bootstrap CI; null without a usable capi series. */
  vsFloor: RatioCI | null;
  /** Called through a Python wrapper function (an extra frame) rather than the binding's own callable. */
  wrapped: boolean;
  /** E.g. cffi on 3.13t: "not supported upstream on 3.13t". */
  note: string | null;
}

export interface FunctionAnalysis {
  function: string;
  /** Ranked, fastest first. */
  rows: BindingRow[];
  /** Every pair of bindings (display order), two-sided Mann–Whitney U, BH-adjusted over these pairs. */
  pairs: PairResult[];
  /** Series with fewer than 2 samples: not analysed. */
  tooFew: string[];
}

export interface CallOverheadAnalysis {
  method: string;
  unit: string;
  functions: FunctionAnalysis[];
  /** One sentence naming the method and every estimator, for the slide and the text report. */
  methodNote: string;
  /** Bootstrap settings used for the ratio CIs. */
  bootstrap: { resamples: number; confidence: number; seed: number };
}

const CONFIDENCE = 0.95;

/** The note a binding's row carries on a runtime (cffi on 3.13t), from the one binding list. */
export { bindingNote };

function asResult(result: unknown): Partial<CallOverheadResult> {
  return result && typeof result === 'object' ? (result as Partial<CallOverheadResult>) : {};
}


/** Fewer resamples for very large samples, so the CLI and the deck stay responsive (≥ 500). */
function resamplesFor(n: number): number {
  return Math.max(500, Math.min(2000, Math.floor(4e7 / Math.max(1, n))));
}

export function methodNote(method: string): string {
  const how =
    method === 'talk'
      ? "talk (the talk's whole harness): its four bindings behind its wrapper methods (cffi behind two) and a lambda; per binding a cold call, a 1 ms sleep, then single calls each between two perf_counter_ns() reads, the first ones dropped; GC on; bindings one after another"
      : method === 'single-shot'
      ? "single-shot (the talk's method): each sample is one call between two perf_counter_ns() reads, timer overhead included, nothing subtracted"
      : 'batched: each sample is a calibrated loop of calls timed as a whole, loop and timer overhead subtracted: ns/call = (batch − timer reads) / loops − the median so far of the same loop with an empty body (per iteration), timed in every round';
  return (
    `Method: ${how}${method === 'talk' ? '' : '; series interleaved in randomized blocks (seeded shuffle per round), GC off while timing, warm-ups discarded'}. ` +
    'Estimators, on all samples (no outlier removal): median; CV = sample std (ddof 1) / mean; skewness and excess kurtosis biased (SciPy defaults); ' +
    'MAD = median |x − median| unscaled (the talk scaled it by 1.4826); two-sided Mann–Whitney U, Benjamini–Hochberg over all pairs; ' +
    `effect size = rank-biserial r (> 0 when the left-hand binding tends to be faster); ${CONFIDENCE * 100}% percentile bootstrap CI of median(binding) / median(${FLOOR_BINDING}).`
  );
}

/** Everything the call-overhead slide and report show, from one run's samples. */
export function analyzeCallOverhead(input: CallOverheadInput): CallOverheadAnalysis {
  const result = asResult(input.result);
  const method = result.method ?? (typeof input.params?.['method'] === 'string' ? (input.params['method'] as string) : 'batched');
  const seedParam = input.params?.['seed'];
  const seed = typeof seedParam === 'number' && Number.isFinite(seedParam) ? seedParam : 1;
  const env = input.meta?.env;

  // "binding/function" -> grouped by function, in first-seen order.
  const byFunction = new Map<string, Map<string, readonly number[]>>();
  for (const [key, values] of Object.entries(input.samples)) {
    const slash = key.lastIndexOf('/');
    if (slash <= 0) continue;
    const binding = key.slice(0, slash);
    const fn = key.slice(slash + 1);
    if (!byFunction.has(fn)) byFunction.set(fn, new Map());
    byFunction.get(fn)!.set(binding, values);
  }

  // Functions in the protocol's order (samples arrive in a shuffled order).
  const fnOrder = [...byFunction.keys()].sort(byFunctionOrder);

  let maxResamples = 0;
  const functions: FunctionAnalysis[] = [];
  for (const fn of fnOrder) {
    const series = byFunction.get(fn)!;
    const tooFew: string[] = [];
    const usable: [string, readonly number[]][] = [];
    for (const binding of [...series.keys()].sort(byBindingOrder)) {
      const values = series.get(binding)!;
      if (values.length >= 2 && values.every(Number.isFinite)) usable.push([binding, values]);
      else tooFew.push(binding);
    }
    const floor = usable.find(([b]) => b === FLOOR_BINDING)?.[1];
    const rows: BindingRow[] = usable.map(([binding, values]) => {
      let vsFloor: RatioCI | null = null;
      if (floor) {
        const resamples = resamplesFor(values.length + floor.length);
        maxResamples = Math.max(maxResamples, resamples);
        try {
          vsFloor = bootstrapMedianRatioCI(values, floor, { resamples, confidence: CONFIDENCE, seed });
        } catch {
          vsFloor = null; // e.g. a floor median of 0: no ratio
        }
      }
      return {
        binding,
        rank: 0,
        summary: summary(values, `series "${binding}/${fn}"`),
        vsFloor,
        wrapped: (result.wrapped?.[binding] ?? []).includes(fn),
        note: bindingNote(binding, env),
      };
    });
    rows.sort((a, b) => a.summary.median - b.summary.median || byBindingOrder(a.binding, b.binding));
    rows.forEach((r, i) => (r.rank = i + 1));
    const pairs = usable.length >= 2 ? pairwise(Object.fromEntries(usable)) : [];
    functions.push({ function: fn, rows, pairs, tooFew });
  }

  return {
    method,
    unit: 'ns/call',
    functions,
    methodNote: methodNote(method),
    bootstrap: { resamples: maxResamples || 2000, confidence: CONFIDENCE, seed },
  };
}
