// Per-binding parts of a GIL-vs-free-threaded claim about "FFI calls", and the three conditions
// every such claim shows: the GIL build · the free-threaded build with the GIL forced on (what the
// talk ran: its modules did not declare free-threading support, so importing them turned the GIL
// back on) · the free-threaded build. A part carries two kinds of evidence per condition: time
// (the ratio of per-process medians, with its interval over processes) and instructions per call
// (callgrind, deterministic: one number per runtime, so the rule reads it as an interval of width 0).
// Time decides a part when its interval clears the rule; where time is inconclusive, instructions do.
import type { RunRecord } from '../../protocol/record.ts';
import type { InstructionsResult } from '../../protocol/results.ts';
import { ratioCI } from '../format.ts';
import { processRatioCI, type ProcessRatio } from '../intervals.ts';
import { gilOnId as derivedId } from '../../protocol/runtime.ts';
import { evidenceOf, verdictWord, type ClaimContext, type ClaimPart, type RatioEvidence, type RuntimeFacts, type Verdict } from './core.ts';
import { instructionsResult, perProcess, seriesMedian } from './series.ts';
import { say } from './words.ts';

/** The talk's four bindings as it ran them (ctypes = CDLL, cffi = ABI mode): the counted parts. */
export const TALK_BINDING_PARTS: readonly { id: string; series: string }[] = [
  { id: 'ctypes-cdll', series: 'ctypes-cdll' },
  { id: 'cffi', series: 'cffi-abi' },
  { id: 'pybind11', series: 'pybind11' },
  { id: 'pyo3', series: 'pyo3' },
];
/** Our other bindings that cross a foreign-function layer: judged the same way, shown apart. */
export const OTHER_BINDING_PARTS: readonly { id: string; series: string }[] = [
  { id: 'ctypes-pydll', series: 'ctypes-pydll' },
  { id: 'cffi-api', series: 'cffi-api' },
  { id: 'nanobind', series: 'nanobind' },
];

/** One condition of a part against the GIL build: its time ratio and its instructions ratio. */
export interface ConditionEvidence {
  runtime: string;
  time: RatioEvidence | null;
  timeVerdict: Verdict;
  instructions: { gil: number; other: number; ratio: number } | null;
  instructionsVerdict: Verdict;
  verdict: Verdict;
  decidedBy: 'time' | 'instructions' | null;
}

/** A deterministic number read as an interval of width 0 (instructions per call: no noise to bound). */
export const exact = (ratio: number): ProcessRatio => ({ ratio, low: ratio, high: ratio, processes: [1, 1], confidence: 1 });

/** The records and instruction counts of one runtime. */
export interface Arm {
  rt: RuntimeFacts;
  records: RunRecord[];
  ins: InstructionsResult | null;
}

export function arm(ctx: ClaimContext, rt: RuntimeFacts | null, match: Record<string, unknown>): Arm | null {
  return rt ? { rt, records: ctx.select('call-overhead', rt, match), ins: instructionsResult(ctx, rt) } : null;
}

/** Time first; where it is inconclusive (or missing), the instructions. */
function decide(time: Verdict, instructions: Verdict): Pick<ConditionEvidence, 'verdict' | 'decidedBy'> {
  if (time === 'holds' || time === 'differs') return { verdict: time, decidedBy: 'time' };
  if (instructions === 'holds' || instructions === 'differs') return { verdict: instructions, decidedBy: 'instructions' };
  return { verdict: time === 'not-tested' && instructions === 'not-tested' ? 'not-tested' : 'inconclusive', decidedBy: null };
}

/** One condition (`other` against `gil`) of one series, judged by `judge`. */
export function condition(gil: Arm, other: Arm, series: string, fn: string, conf: number, judge: (r: ProcessRatio) => Verdict): ConditionEvidence {
  const a = perProcess(gil.records, (x) => seriesMedian(x, series, fn));
  const b = perProcess(other.records, (x) => seriesMedian(x, series, fn));
  const t = a.length && b.length ? processRatioCI(a, b, conf) : null;
  const ig = gil.ins?.perCall[`${series}/${fn}`];
  const io = other.ins?.perCall[`${series}/${fn}`];
  const instructions = ig && io && ig > 0 && io > 0 ? { gil: ig, other: io, ratio: io / ig } : null;
  const timeVerdict = t ? judge(t) : 'not-tested';
  const instructionsVerdict = instructions ? judge(exact(instructions.ratio)) : 'not-tested';
  return { runtime: other.rt.id, time: t ? evidenceOf(t) : null, timeVerdict, instructions, instructionsVerdict, ...decide(timeVerdict, instructionsVerdict) };
}

/** "1.20× [1.05, 1.37] (5+5 processes); instructions 1.06×" */
export function describeCondition(c: ConditionEvidence): string {
  const time = c.time ? `${ratioCI(c.time.ratio, c.time.ci?.[0] ?? NaN, c.time.ci?.[1] ?? NaN)} (${c.time.processes.join('+')})` : null;
  return say().condition(time, c.instructions ? `${c.instructions.ratio.toFixed(2)}×` : null, c.decidedBy === 'instructions');
}

/** The parts of a binding claim: the talk's four (counted) and our others (shown apart). */
export function bindingParts(
  ctx: ClaimContext,
  arms: { gil: Arm; ft: Arm; gilOn: Arm | null },
  fn: string,
  judge: (r: ProcessRatio) => Verdict,
): ClaimPart[] {
  const conf = ctx.rule.confidence;
  const one = (p: { id: string; series: string }, counted: boolean): ClaimPart => {
    const ft = condition(arms.gil, arms.ft, p.series, fn, conf, judge);
    const on = arms.gilOn ? condition(arms.gil, arms.gilOn, p.series, fn, conf, judge) : null;
    return { id: p.id, series: p.series, counted, verdict: ft.verdict, reason: say().part(p.id, verdictWord(ft.verdict), describeCondition(ft)), freeThreaded: ft, talkCondition: on };
  };
  return [...TALK_BINDING_PARTS.map((p) => one(p, true)), ...OTHER_BINDING_PARTS.map((p) => one(p, false))].filter(
    (p) => (p['freeThreaded'] as ConditionEvidence).verdict !== 'not-tested' || p.counted,
  );
}

/** The id of the derived runtime that runs a free-threaded build with the GIL forced on. */
export const gilOnId = (ft: RuntimeFacts) => derivedId(ft.id);

/** The parts' verdicts in one line: "ctypes-cdll differs, cffi differs, pybind11 holds, pyo3 holds". */
export function partsLine(parts: readonly ClaimPart[], pick: (p: ClaimPart) => Verdict | null = (p) => p.verdict): string {
  return say().list(
    parts
      .map((p) => [p.id, pick(p)] as const)
      .filter(([, v]) => v !== null)
      .map(([id, v]) => say().partVerdict(id, verdictWord(v!))),
  );
}
