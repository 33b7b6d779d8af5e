// "Why PyO3 fast, but ctypes slow?": the ranking of the talk's four bindings, the CDLL / PyDLL
// loaders (speed, and whether another Python thread runs during the call), and the mechanism
// claims that instruction counts (experiment `instructions`) can decide.
import type { RunRecord } from '../../protocol/record.ts';
import type { BlockingResult, CdllVsPydllResult, DeadlockResult, InstructionLayer } from '../../protocol/results.ts';
import { ratio as fmtRatio, ratioCI } from '../format.ts';
import { layerShare, layersOf, pathSymbols } from '../instructions.ts';
import { median } from '../stats.ts';
import { processGeoMeanCI } from '../intervals.ts';
import { TALK_CDLL_VS_PYDLL, TALK_LOADERS, TALK_PERF_CTYPES, TALK_PYO3_RECAP } from '../talk.ts';
import { rankingClaim } from './benchmark.ts';
import { atLeast, describeRatio, evidenceOf, isOutcome, needPair, once, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict, verdictWord, needRuntimes } from './core.ts';
import { say } from './words.ts';
import { gilOnId } from './parts.ts';
import { co, TALK_HARNESS_PARAMS, commonBindings, CTYPES_KEY, FFI_BINDINGS, geo, INSTR_COMMAND, instructionsResult, pairRatio, perProcess, PYO3_KEY, RANKING_PARAMS, seriesMedian, TALK_NAME_TO_OURS, TP_CALL, VECTORCALL } from './series.ts';

const PYO3_SECTION = 'Why PyO3 fast, but ctypes slow? (Recap)';
const BLOCK_SECTION = 'Not Release GIL, But Built with Free-Threaded';
const PYO3_TITLE = 'Why PyO3 fast, but ctypes slow?';


function pyo3Fastest(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rivals = ['ctypes', 'cffi', 'pybind11'];
  const rule = `on each 3.13 runtime, median(rival) / median(pyo3) per process for the talk's other three (${rivals.map((r) => TALK_NAME_TO_OURS[r]).join(', ')}), return_int(): holds if every ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)} on both runtimes, differs if any lies wholly below it (that rival faster than pyo3, or within ${pct(m)} of it: more processes cannot make pyo3 fastest by the margin), else inconclusive`;
  const p = needPair(ctx, '3.13', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const rows: { runtime: string; rival: string; ratio: number; ci: [number, number] | null; processes: number[]; v: Verdict; fastestOfAll: string | null }[] = [];
  for (const rt of [p.gil!, p.nogil!]) {
    const recs = ctx.select('call-overhead', rt, RANKING_PARAMS);
    // Beside the claim: the fastest of every binding measured (nanobind, the C-API floor…), by the
    // geometric mean of its per-process medians.
    const measured = commonBindings(recs, [...FFI_BINDINGS, 'capi', 'cffi-talk'], ['return_int']);
    const typical = (b: string) => geo(perProcess(recs, (x) => seriesMedian(x, b, 'return_int')));
    const fastest = measured.length ? measured.reduce((a, b) => (typical(b) < typical(a) ? b : a)) : null;
    for (const rival of rivals) {
      const r = pairRatio(recs, TALK_NAME_TO_OURS[rival]!, 'pyo3', 'return_int', ctx.rule.confidence);
      if (!r) continue;
      const v = atLeast(r, 1 + m);
      rows.push({ runtime: rt.id, rival: TALK_NAME_TO_OURS[rival]!, ...evidenceOf(r), v, fastestOfAll: fastest });
    }
  }
  if (rows.length < rivals.length * 2) return { verdict: 'not-tested', reason: say().needsTalkCffi, command: VERIFY, evidence: { rule } };
  const verdict: Verdict = rows.some((r) => r.v === 'differs') ? 'differs' : rows.every((r) => r.v === 'holds') ? 'holds' : 'inconclusive';
  const closest = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  return {
    verdict,
    reason: say().closestRival(closest.rival, closest.runtime, ratioCI(closest.ratio, closest.ci?.[0] ?? NaN, closest.ci?.[1] ?? NaN), [...new Map(rows.map((r) => [`${r.fastestOfAll} ${r.runtime}`, { binding: r.fastestOfAll, rt: r.runtime }])).values()]),
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ratio: closest.ratio, ci: closest.ci, processes: closest.processes, runtimes: runtimesEvidence(p), rivals: rows.map(({ v: _v, ...x }) => x) },
  };
}

// ---------------------------------------------------------------------------------------------
// Loaders

const SPEEDUP_THRESHOLD = 1.2; // the talk's "over a 20%"

/** Each process's CDLL / PyDLL speed-up on a runtime. */
const speedups = (ctx: ClaimContext, rt: RuntimeFacts | null) => perProcess(ctx.select('cdll-vs-pydll', rt), (r) => (r.result as CdllVsPydllResult | null)?.speedup ?? null);

/** The PyDLL speed-up on one build, judged against the talk's 20%; the other conditions beside it. */
function speedup(ctx: ClaimContext, build: 'gil' | 'nogil'): Outcome {
  const where = build === 'nogil' ? 'the free-threaded build' : 'the GIL build';
  const rule = `CDLL time / PyDLL time for the same getpid() loop on ${where}, each process's interleaved repeats giving one speed-up, processes as the unit: holds if the ${pct(ctx.rule.confidence)} interval lies above ${SPEEDUP_THRESHOLD.toFixed(2)} (the talk's 20%), differs if it lies below, else inconclusive${build === 'nogil' ? "; the talk's condition (free-threaded with the GIL on) and the GIL build are reported beside it" : ''}`;
  const p = needRuntimes(ctx, 'newest', [build], rule);
  if (isOutcome(p)) return p;
  const rt = p[build]!;
  const mine = speedups(ctx, rt);
  if (!mine.length) return { verdict: 'not-tested', reason: say().noRun('cdll-vs-pydll', rt.id), command: VERIFY, evidence: { rule, runtimes: runtimesEvidence(p) } };
  const r = processGeoMeanCI(mine, ctx.rule.confidence);
  const verdict = atLeast(r, SPEEDUP_THRESHOLD);
  const beside = (label: string, x: RuntimeFacts | null) => {
    const v = speedups(ctx, x);
    return v.length ? { label, runtime: x!.id, ...evidenceOf(processGeoMeanCI(v, ctx.rule.confidence)), verdict: atLeast(processGeoMeanCI(v, ctx.rule.confidence), SPEEDUP_THRESHOLD) } : null;
  };
  const others = build === 'nogil' ? [beside(say().besideTalkCondition, ctx.gilOn(p.minor)), beside(say().besideGil, p.gil)] : [];
  const talk = build === 'nogil' ? TALK_CDLL_VS_PYDLL.nogil.speedup : TALK_CDLL_VS_PYDLL.gil.speedup;
  const besideLine = others.map((o, i) => (o ? say().beside(o.label, o.runtime, verdictWord(o.verdict), ratioCI(o.ratio, o.ci?.[0] ?? NaN, o.ci?.[1] ?? NaN)) : i === 0 ? say().besideMissing(`npx ffi-corners run cdll-vs-pydll --runtime ${gilOnId(p.nogil!)}`) : null)).filter((x): x is string => !!x);
  return {
    verdict,
    reason: say().clauses([say().pydllSpeedup(rt.id, describeRatio(r), talk, TALK_CDLL_VS_PYDLL.python, build === 'nogil'), ...besideLine]),
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: {
      rule,
      threshold: SPEEDUP_THRESHOLD,
      ...evidenceOf(r),
      runtimes: runtimesEvidence(p),
      ...(build === 'nogil' ? { conditions: { gil: p.gil?.id ?? null, gilOn: others[0]?.runtime ?? null, freeThreaded: rt.id }, talkCondition: others[0]?.verdict ?? null, gil: others[1] ?? null } : {}),
    },
  };
}

/** Iterations a Python thread made while C slept, PyDLL over CDLL, every repeat of every process. */
function blockingTrials(records: RunRecord[]): number[] {
  const out: number[] = [];
  for (const r of records) {
    const res = r.result as BlockingResult | null;
    if (!res) continue;
    res.pydll.iterations.forEach((it, i) => {
      const c = res.cdll.iterations[i];
      if (c && c > 0) out.push(it / c);
    });
  }
  return out;
}

/** Below this share of CDLL's count the other thread was stopped: what PyDLL still lets through is
 * the hand-over around the call (a few switch intervals, longer on a loaded machine), not the sleep. */
const BLOCKED = 0.25;
const FREE = 0.5;

function blocking(ctx: ClaimContext, build: 'gil' | 'nogil'): Outcome {
  const rule =
    build === 'gil'
      ? `with the GIL, the iterations a counting Python thread makes while C sleeps, PyDLL over CDLL, every trial: holds if every trial is below ${BLOCKED} (PyDLL held the GIL), differs if the median trial is above ${FREE}, else inconclusive`
      : `free-threaded, the same PyDLL / CDLL share: holds if every trial is above ${FREE} (PyDLL does not stop the other thread), differs if the median trial is below ${BLOCKED}, else inconclusive`;
  const p = needRuntimes(ctx, 'newest', [build], rule);
  if (isOutcome(p)) return p;
  const rt = p[build]!;
  const recs = ctx.select('pydll-blocking', rt);
  const trials = blockingTrials(recs);
  if (!trials.length) return { verdict: 'not-tested', reason: say().noRun('pydll-blocking', rt.id), command: VERIFY, evidence: { rule } };
  const med = median(trials);
  const verdict: Verdict =
    build === 'gil'
      ? trials.every((t) => t < BLOCKED) ? 'holds' : med > FREE ? 'differs' : 'inconclusive'
      : trials.every((t) => t > FREE) ? 'holds' : med < BLOCKED ? 'differs' : 'inconclusive';
  return {
    verdict,
    reason: say().blockingShare(rt.id, fmtRatio(med), trials.length, Math.min(...trials).toFixed(3), Math.max(...trials).toFixed(3)),
    command: null,
    evidence: { rule, ratio: med, ci: null, range: [Math.min(...trials), Math.max(...trials)], processes: recs.length, trials: trials.length, runtimes: { [build]: rt.id } },
  };
}

function cdllReleases(ctx: ClaimContext): Outcome {
  const rule = `with the GIL, a counting Python thread while C sleeps through CDLL, against the same thread running free (expected_free): holds if every trial reaches ${FREE} of it, differs if the median trial stays below ${BLOCKED}, else inconclusive`;
  const p = needPair(ctx, 'newest', ['gil'], rule);
  if (isOutcome(p)) return p;
  const recs = ctx.select('pydll-blocking', p.gil);
  const shares: number[] = [];
  for (const r of recs) {
    const res = r.result as BlockingResult | null;
    if (res && res.expected_free > 0) for (const it of res.cdll.iterations) shares.push(it / res.expected_free);
  }
  if (!shares.length) return { verdict: 'not-tested', reason: say().noRun('pydll-blocking', p.gil!.id), command: VERIFY, evidence: { rule } };
  const med = median(shares);
  const verdict: Verdict = shares.every((s) => s >= FREE) ? 'holds' : med < BLOCKED ? 'differs' : 'inconclusive';
  return {
    verdict,
    reason: say().cdllFreeSpeed(fmtRatio(med, ''), shares.length, p.gil!.id),
    command: null,
    evidence: { rule, ratio: med, ci: null, range: [Math.min(...shares), Math.max(...shares)], processes: recs.length, trials: shares.length, runtimes: { gil: p.gil!.id } },
  };
}

function pyo3Vectorcall(ctx: ClaimContext): Outcome {
  const rule = 'call paths of return_int() counted under callgrind on the free-threaded build: holds if PyO3\'s path enters through a vectorcall function and never through tp_call (_PyObject_MakeTpCall) while ctypes\' path goes through tp_call (PyCFuncPtr_call); differs if PyO3\'s path goes through tp_call; else inconclusive';
  const p = needPair(ctx, 'newest', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const ins = instructionsResult(ctx, p.nogil);
  if (!ins?.paths?.[PYO3_KEY] || !ins.paths[CTYPES_KEY]) {
    return { verdict: 'not-tested', reason: say().noInstructions('call paths of pyo3 and ctypes-cdll', p.nogil!.id), command: INSTR_COMMAND(p.nogil!.id), evidence: { rule } };
  }
  const names = (key: string, re: RegExp) => pathSymbols(ins, key, re).map((e) => e.symbol);
  const pyo3Vector = names(PYO3_KEY, VECTORCALL);
  const pyo3Tp = names(PYO3_KEY, TP_CALL);
  const ctypesTp = names(CTYPES_KEY, TP_CALL);
  const verdict: Verdict = pyo3Tp.length ? 'differs' : pyo3Vector.length && ctypesTp.length ? 'holds' : 'inconclusive';
  return {
    verdict,
    reason: say().vectorcall(pyo3Vector, pyo3Tp, ctypesTp, `${ins.perCall[PYO3_KEY]?.toFixed(0)}`, `${ins.perCall[CTYPES_KEY]?.toFixed(0)}`),
    command: null,
    evidence: { rule, perCall: { pyo3: ins.perCall[PYO3_KEY], 'ctypes-cdll': ins.perCall[CTYPES_KEY] }, pyo3: { vectorcall: pyo3Vector, tpCall: pyo3Tp }, ctypes: { tpCall: ctypesTp }, runtimes: runtimesEvidence(p) },
  };
}

function libffiBottleneck(ctx: ClaimContext): Outcome {
  const rule = 'instructions per return_int() call of ctypes (CDLL) on the free-threaded build, by layer: holds if libffi (ffi_call and its trampoline) is the largest layer besides the interpreter\'s own dispatch, differs if another layer is larger';
  const p = needPair(ctx, 'newest', ['nogil'], rule);
  if (isOutcome(p)) return p;
  const ins = instructionsResult(ctx, p.nogil);
  const layers = ins ? layersOf(ins, CTYPES_KEY) : null;
  if (!layers) return { verdict: 'not-tested', reason: say().noInstructions('ctypes-cdll layers', p.nogil!.id), command: INSTR_COMMAND(p.nogil!.id), evidence: { rule } };
  const [top, count] = (Object.entries(layers) as [InstructionLayer, number][]).filter(([l]) => l !== 'dispatch').reduce((a, b) => (b[1] > a[1] ? b : a));
  const verdict: Verdict = top === 'libffi' ? 'holds' : 'differs';
  return {
    verdict,
    reason: say().largestLayer(say().layer(top), count.toFixed(0), layers.libffi.toFixed(0), ((layerShare(ins!, CTYPES_KEY, 'libffi') ?? 0) * 100).toFixed(0)),
    command: null,
    evidence: { rule, layers, runtimes: runtimesEvidence(p) },
  };
}


/** The GIL hand-over of a CDLL call: take_gil / drop_gil (and the thread-state switch around them). */
const HANDOVER = /take_gil|drop_gil|PyEval_SaveThread|PyEval_RestoreThread|_PyThreadState_Attach|_PyThreadState_Detach/;
/** Below this share of a call's instructions, the hand-over is not a part of "its cost". */
const HANDOVER_SHARE = 0.05;

function ctypesGilHandover(ctx: ClaimContext): Outcome {
  const rule = `instructions per return_int() call of ctypes (CDLL) on the GIL build, by layer (callgrind): holds if the GIL layer (take_gil/drop_gil and the thread-state switch) is at least ${pct(HANDOVER_SHARE)} of the call and its call path passes through them; differs if that layer is below ${pct(HANDOVER_SHARE)}; the free-threaded build's and PyDLL's (which keeps the GIL) are reported beside it`;
  const p = needPair(ctx, 'newest', ['gil'], rule);
  if (isOutcome(p)) return p;
  const ins = instructionsResult(ctx, p.gil);
  const layers = ins ? layersOf(ins, CTYPES_KEY) : null;
  if (!ins || !layers) return { verdict: 'not-tested', reason: say().noInstructions('ctypes-cdll layers', p.gil!.id), command: INSTR_COMMAND(p.gil!.id), evidence: { rule } };
  const share = layerShare(ins, CTYPES_KEY, 'gil') ?? 0;
  const path = pathSymbols(ins, CTYPES_KEY, HANDOVER).map((e) => e.symbol);
  const verdict: Verdict = share >= HANDOVER_SHARE && path.length ? 'holds' : share < HANDOVER_SHARE ? 'differs' : 'inconclusive';
  const ft = instructionsResult(ctx, p.nogil);
  const ftGil = ft ? layersOf(ft, CTYPES_KEY)?.gil : undefined;
  const pydll = layersOf(ins, 'ctypes-pydll/return_int')?.gil;
  return {
    verdict,
    reason: say().handover(p.gil!.id, layers.gil.toFixed(0), `${ins.perCall[CTYPES_KEY]?.toFixed(0)}`, (share * 100).toFixed(0), path, pydll === undefined ? null : pydll.toFixed(0), ftGil === undefined ? null : ftGil.toFixed(0)),
    command: null,
    evidence: { rule, layers, share, path, pydllGil: pydll ?? null, freeThreadedGil: ftGil ?? null, runtimes: runtimesEvidence(p) },
  };
}

/** The experiment that shows a PyDLL call deadlocking (a child process with a timeout). */
const DEADLOCK_EXPERIMENT = 'pydll-deadlock';

function pydllCanDeadlock(ctx: ClaimContext): Outcome {
  const rule = "a C read() through PyDLL on a pipe that another Python thread writes to, each trial in a child process with a timeout (CDLL the control): holds if with the GIL every PyDLL trial deadlocked while every CDLL trial completed, and on the free-threaded build every PyDLL trial completed; differs if a PyDLL trial completed with the GIL; else inconclusive. The talk's condition (free-threaded with the GIL on) is reported beside it";
  const p = needPair(ctx, 'newest', ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const sum = (rt: RuntimeFacts | null) => {
    const res = ctx.select(DEADLOCK_EXPERIMENT, rt).map((r) => r.result as DeadlockResult | null).filter((r): r is DeadlockResult => !!r);
    const add = (k: 'cdll' | 'pydll') => res.reduce((a, r) => ({ completed: a.completed + r[k].completed, deadlocked: a.deadlocked + r[k].deadlocked }), { completed: 0, deadlocked: 0 });
    return res.length ? { runs: res.length, cdll: add('cdll'), pydll: add('pydll') } : null;
  };
  const [gil, ft, on] = [sum(p.gil), sum(p.nogil), sum(ctx.gilOn(p.minor))];
  if (!gil) return { verdict: 'not-tested', reason: say().noRun(DEADLOCK_EXPERIMENT, p.gil!.id), command: `npx ffi-corners run ${DEADLOCK_EXPERIMENT} --runtime ${p.gil!.id}`, evidence: { rule } };
  const stuck = gil.pydll.completed === 0 && gil.pydll.deadlocked > 0 && gil.cdll.deadlocked === 0 && gil.cdll.completed > 0;
  const freed = !!ft && ft.pydll.deadlocked === 0 && ft.pydll.completed > 0;
  const verdict: Verdict = gil.pydll.completed > 0 ? 'differs' : stuck && freed ? 'holds' : 'inconclusive';
  const line = (x: typeof gil, id: string) => say().deadlocks(id, x.pydll.deadlocked, x.pydll.deadlocked + x.pydll.completed, x.cdll.deadlocked, x.cdll.deadlocked + x.cdll.completed);
  return {
    verdict,
    reason: say().clauses([line(gil, p.gil!.id), ft ? line(ft, p.nogil!.id) : say().notMeasured(p.nogil!.id), on ? say().talkConditionIs(line(on, ctx.gilOn(p.minor)!.id)) : say().talkConditionNot(`npx ffi-corners run ${DEADLOCK_EXPERIMENT} --runtime ${gilOnId(p.nogil!)}`)]),
    command: verdict === 'inconclusive' ? `npx ffi-corners run ${DEADLOCK_EXPERIMENT} --runtime ${ft ? p.gil!.id : p.nogil!.id}` : null,
    evidence: { rule, gil, freeThreaded: ft, gilOn: on, conditions: { gil: p.gil!.id, gilOn: on ? ctx.gilOn(p.minor)!.id : null, freeThreaded: p.nogil!.id }, runtimes: runtimesEvidence(p) },
  };
}

export const PYO3_VS_CTYPES_CLAIMS: readonly Claim[] = [
  {
    id: 'pydll-faster-than-cdll',
    talk: TALK_PYO3_RECAP[0]!,
    section: PYO3_SECTION,
    needs: [once('cdll-vs-pydll', {}, ['gil', 'gil-on', 'nogil'], 'newest', 'many')],
    evaluate: (ctx) => speedup(ctx, 'nogil'),
  },
  {
    id: 'pyo3-vectorcall',
    talk: TALK_PYO3_RECAP[1]!,
    section: PYO3_SECTION,
    needs: [once('instructions', {}, ['nogil'])],
    evaluate: pyo3Vectorcall,
  },
  {
    id: 'libffi-next-bottleneck',
    talk: TALK_PYO3_RECAP[2]!,
    section: PYO3_SECTION,
    needs: [once('instructions', {}, ['nogil'])],
    evaluate: libffiBottleneck,
  },
  {
    id: 'pyo3-fastest',
    talk: 'Why PyO3 fast, but ctypes slow?',
    section: 'Why PyO3 fast, but ctypes slow?',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: pyo3Fastest,
  },
  {
    id: 'pydll-blocks-threads',
    talk: `PyDLL\t${TALK_LOADERS[1]!.released}\t${TALK_LOADERS[1]!.bestFor}\t${TALK_LOADERS[1]!.risk}`,
    section: 'Why PyO3 fast, but ctypes slow? (the CDLL / PyDLL table)',
    needs: [once('pydll-blocking', {}, ['gil'])],
    evaluate: (ctx) => blocking(ctx, 'gil'),
  },
  {
    id: 'cdll-releases-gil',
    talk: `CDLL\t${TALK_LOADERS[0]!.released}\t${TALK_LOADERS[0]!.bestFor}\t${TALK_LOADERS[0]!.risk}`,
    section: 'Why PyO3 fast, but ctypes slow? (the CDLL / PyDLL table)',
    needs: [once('pydll-blocking', {}, ['gil'])],
    evaluate: cdllReleases,
  },
  {
    id: 'nogil-pydll-no-block',
    talk: BLOCK_SECTION,
    section: BLOCK_SECTION,
    needs: [once('pydll-blocking', {}, ['nogil'])],
    evaluate: (ctx) => blocking(ctx, 'nogil'),
  },
  rankingClaim('talk-ranking-c', 'C', 'nogil', '3.13', `${PYO3_TITLE} (first table: its committed data reproduce it exactly from the 3.13.5 free-threaded build)`),
  rankingClaim('talk-ranking-d', 'D', 'gil', '3.14', `${PYO3_TITLE} (second table: its committed data reproduce it exactly from 3.14.0rc1 with the GIL)`),
  {
    id: 'pydll-speedup-gil',
    talk: `Speedup (PyDLL vs CDLL): ${TALK_CDLL_VS_PYDLL.gil.speedup}x`,
    section: `${PYO3_TITLE} (cdll_vs_pydll.py, run by the talk on CPython 3.14.0rc1 with the GIL)`,
    needs: [once('cdll-vs-pydll', {}, ['gil'], 'newest', 'many')],
    evaluate: (ctx) => speedup(ctx, 'gil'),
  },
  {
    id: 'ctypes-gil-handover',
    talk: TALK_PERF_CTYPES.split('\n').slice(0, 2).join('\n'),
    section: 'Why PyO3 fast, but ctypes slow? (perf report of the ctypes benchmark)',
    needs: [once('instructions', {}, ['gil', 'nogil'])],
    evaluate: ctypesGilHandover,
  },
  {
    id: 'pydll-can-deadlock',
    talk: TALK_LOADERS[1]!.risk,
    section: 'Why PyO3 fast, but ctypes slow? (the CDLL / PyDLL table, the PyDLL row)',
    needs: [once(DEADLOCK_EXPERIMENT, {}, ['gil', 'gil-on', 'nogil'])],
    evaluate: pydllCanDeadlock,
  },
];
