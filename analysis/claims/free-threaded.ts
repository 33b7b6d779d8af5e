// "Why Free-Threaded Makes Them Slower?": its recap's four sentences, judged on the call-overhead
// runs of a GIL build and the free-threaded build of the same version.
import type { RunRecord } from '../../protocol/record.ts';
import { processRatioCI } from '../stats.ts';
import { TALK_FREE_THREADED_RECAP } from '../talk.ts';
import { atLeast, describeRatio, evidenceOf, fewProcesses, gilCameBack, isOutcome, needPair, once, parity, pct, runtimesEvidence, VERIFY, type Claim, type ClaimContext, type Outcome, type RuntimeFacts, type Verdict } from './core.ts';
import { co, CO_PARAMS, commonBindings, FFI_BINDINGS, ftData, ftRatios, geo, perProcess, seriesMedian, wrapped } from './series.ts';

const FT_SECTION = 'Why Free-Threaded Makes Them Slower? (Recap)';

function ftSlowerFfi(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `no-GIL / GIL median ns per return_int() call, geometric mean over the bindings that cross a foreign-function layer (${FFI_BINDINGS.join(', ')}), processes as the unit: holds if the ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)}, differs if it lies below, else inconclusive`;
  const d = ftData(ctx, '3.13', rule);
  if (isOutcome(d)) return d;
  const { perBinding, pooled } = ftRatios(d, FFI_BINDINGS, 'return_int', ctx.rule.confidence);
  if (!pooled) return { verdict: 'not-tested', reason: 'no FFI binding measured on both runtimes', command: VERIFY, evidence: { rule } };
  const verdict = atLeast(pooled, 1 + m);
  const slower = perBinding.filter((x) => atLeast(x.r, 1 + m) === 'holds').length;
  return {
    verdict,
    reason: `no-GIL / GIL ${describeRatio(pooled)}; ${slower} of ${perBinding.length} bindings slower by more than ${pct(m)}${fewProcesses(pooled) ? '; one process per runtime gives no interval' : ''}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ...evidenceOf(pooled), runtimes: runtimesEvidence(d.p), perBinding: perBinding.map(({ r: _r, ...x }) => x) },
  };
}

function ft314Parity(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `3.14 no-GIL / GIL median ns per return_int() call, geometric mean over the FFI bindings, processes as the unit: holds if the ${pct(ctx.rule.confidence)} interval lies within ${(1 / (1 + m)).toFixed(2)}–${(1 + m).toFixed(2)}, differs if it lies wholly outside, else inconclusive`;
  const d = ftData(ctx, '3.14', rule);
  if (isOutcome(d)) return d;
  const { perBinding, pooled } = ftRatios(d, FFI_BINDINGS, 'return_int', ctx.rule.confidence);
  if (!pooled) return { verdict: 'not-tested', reason: 'no FFI binding measured on both 3.14 runtimes', command: VERIFY, evidence: { rule } };
  const verdict = parity(pooled, m);
  return {
    verdict,
    reason: `3.14 no-GIL / GIL ${describeRatio(pooled)}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ...evidenceOf(pooled), runtimes: runtimesEvidence(d.p), perBinding: perBinding.map(({ r: _r, ...x }) => x) },
  };
}

function ftLockfree(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `"in some cases the locked implementation is faster": holds if for at least one FFI binding the no-GIL / GIL ratio of per-process medians (return_int()) has its ${pct(ctx.rule.confidence)} interval above ${(1 + m).toFixed(2)}; differs if every binding's interval lies below it; else inconclusive`;
  const d = ftData(ctx, '3.13', rule);
  if (isOutcome(d)) return d;
  const { perBinding } = ftRatios(d, FFI_BINDINGS, 'return_int', ctx.rule.confidence);
  if (!perBinding.length) return { verdict: 'not-tested', reason: 'no FFI binding measured on both runtimes', command: VERIFY, evidence: { rule } };
  const v = perBinding.map((x) => atLeast(x.r, 1 + m));
  const faster = perBinding.filter((_, i) => v[i] === 'holds').map((x) => x.binding);
  const verdict: Verdict = faster.length ? 'holds' : v.every((x) => x === 'differs') ? 'differs' : 'inconclusive';
  const worst = perBinding.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return {
    verdict,
    reason: faster.length ? `the GIL build is faster for ${faster.join(', ')}` : `largest no-GIL / GIL: ${worst.binding} ${describeRatio(worst.r)}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ratio: worst.ratio, ci: worst.ci, processes: worst.processes, runtimes: runtimesEvidence(d.p), perBinding: perBinding.map(({ r: _r, ...x }) => x) },
  };
}

function ftUnicode(ctx: ClaimContext): Outcome {
  const m = ctx.rule.minEffect;
  const rule = `(str_len / bytes_len) on no-GIL over the same on GIL, per-process medians, geometric mean over the bindings that call the C function without a Python wrapper for both (pure Python excluded; wrapped ones shown apart): holds if the ${pct(ctx.rule.confidence)} interval lies above ${(1 + m).toFixed(2)}, differs if below, else inconclusive`;
  const d = ftData(ctx, '3.13', rule, ['bytes_len', 'str_len']);
  if (isOutcome(d)) return d;
  const all = [...d.gil, ...d.nogil];
  const measured = commonBindings(all, [...FFI_BINDINGS, 'capi', 'cffi-talk'], ['bytes_len', 'str_len']);
  const direct = measured.filter((b) => all.every((r) => !wrapped(r, b, 'str_len') && !wrapped(r, b, 'bytes_len')));
  const wrappedOnes = measured.filter((b) => !direct.includes(b));
  const unicodeCost = (bs: string[]) => (r: RunRecord) => (bs.length ? geo(bs.map((b) => seriesMedian(r, b, 'str_len')! / seriesMedian(r, b, 'bytes_len')!)) : null);
  if (!direct.length) return { verdict: 'not-tested', reason: 'no binding that takes str and bytes directly was measured on both runtimes', command: VERIFY, evidence: { rule } };
  const pooled = processRatioCI(perProcess(d.gil, unicodeCost(direct)), perProcess(d.nogil, unicodeCost(direct)), ctx.rule.confidence);
  const per = (bs: string[]) =>
    bs.map((b) => ({ binding: b, ...evidenceOf(processRatioCI(perProcess(d.gil, unicodeCost([b])), perProcess(d.nogil, unicodeCost([b])), ctx.rule.confidence)) }));
  const verdict = atLeast(pooled, 1 + m);
  return {
    verdict,
    reason: `str vs bytes cost, no-GIL over GIL: ${describeRatio(pooled)} over ${direct.join(', ')}`,
    command: verdict === 'inconclusive' ? VERIFY : null,
    evidence: { rule, minEffect: m, ...evidenceOf(pooled), runtimes: runtimesEvidence(d.p), bindings: direct, perBinding: per(direct), wrappedApart: per(wrappedOnes) },
  };
}


export const FREE_THREADED_CLAIMS: readonly Claim[] = [
  {
    id: 'ft-slower-ffi',
    talk: TALK_FREE_THREADED_RECAP[0]!,
    section: FT_SECTION,
    confirms: 'every FFI binding slower per call on 3.13t than on 3.13, across alternated processes',
    refutes: 'the no-GIL/GIL interval below the minimum effect',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: ftSlowerFfi,
  },
  {
    id: 'ft-314-parity',
    talk: TALK_FREE_THREADED_RECAP[1]!,
    section: FT_SECTION,
    confirms: '3.14t within the minimum effect of 3.14 for FFI calls',
    refutes: '3.14t slower (or faster) by more than the minimum effect',
    needs: [co('3.14', ['gil', 'nogil'])],
    evaluate: ft314Parity,
  },
  {
    id: 'ft-lockfree-not-faster',
    talk: TALK_FREE_THREADED_RECAP[2]!,
    section: FT_SECTION,
    confirms: 'at least one binding faster with the GIL than without, beyond the minimum effect',
    refutes: 'no binding faster with the GIL by the minimum effect',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: ftLockfree,
  },
  {
    id: 'ft-unicode',
    talk: TALK_FREE_THREADED_RECAP[3]!,
    section: FT_SECTION,
    confirms: 'str_len costs more than bytes_len on 3.13t by more than it does on 3.13, for bindings that take both directly',
    refutes: 'the same str-over-bytes cost on both builds',
    needs: [co('3.13', ['gil', 'nogil'])],
    evaluate: ftUnicode,
  },
];
