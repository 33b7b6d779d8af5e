// What the call-overhead and instructions claims read: each process's median per series, the
// no-GIL / GIL ratios per binding, within-process ratios, and the newest instructions result.
import type { RunRecord } from '../../protocol/record.ts';
import { instructionsOf } from '../instructions.ts';
import { median } from '../stats.ts';
import { processGeoMeanCI, type ProcessRatio } from '../intervals.ts';
import { type ClaimNeed, isOutcome, runtimesEvidence, VERIFY, type ClaimContext, type Outcome, type RuntimeFacts, needRuntimes } from './core.ts';

// ---------------------------------------------------------------------------------------------
// Call overhead: per-process medians

/** The bindings that reach the C function through a foreign-function layer (not pure Python, not
 * the hand-written C-API module, not the talk-style cffi wrapper class). */
export const FFI_BINDINGS = ['ctypes-cdll', 'ctypes-pydll', 'cffi-abi', 'cffi-api', 'pybind11', 'pyo3', 'nanobind'] as const;
/** The talk's four names, mapped to what it actually ran: ctypes.CDLL, and cffi ABI mode behind
 * Python wrapper methods (our series cffi-talk). */
export const TALK_NAME_TO_OURS: Record<string, string> = { ctypes: 'ctypes-cdll', cffi: 'cffi-talk', pybind11: 'pybind11', pyo3: 'pyo3' };
/** The call-overhead run the claims read: the talk's call, a bytes and a str argument, and the
 * talk-style cffi series; our batched method. */
export const CO_PARAMS = { functions: ['return_int', 'bytes_len', 'str_len', 'str_len_fresh'], talk_cffi: true, method: 'batched' };
/** The runs the rankings read for our batched calls: return_int() with the talk-style cffi series
 * beside every binding. `functions` is part of the match, so a run of other functions with the same
 * flag (the unicode-talk recording) is never taken for (or chosen over) these processes. */
export const RANKING_PARAMS = { functions: ['return_int'], talk_cffi: true, method: 'batched' };
/** The talk's whole harness (method=talk): its four bindings behind its wrappers and a lambda. */
export const TALK_HARNESS_PARAMS = { functions: ['return_int'], method: 'talk' };

/** Median ns/call of one series in one process, or null when it has fewer than 2 samples. */
export function seriesMedian(r: RunRecord, binding: string, fn: string): number | null {
  const v = r.samples[`${binding}/${fn}`];
  return v && v.length >= 2 ? median(v) : null;
}

/** Per-process values: for each record, f(record) (null drops that record). */
export function perProcess(records: RunRecord[], f: (r: RunRecord) => number | null): number[] {
  return records.map(f).filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
}

/** Geometric mean of positive numbers. */
export const geo = (xs: number[]) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

/** Bindings with a median for every function in every record of both arms. */
export function commonBindings(records: RunRecord[], candidates: readonly string[], fns: string[]): string[] {
  return candidates.filter((b) => records.length > 0 && records.every((r) => fns.every((f) => seriesMedian(r, b, f) !== null)));
}

export interface FtData {
  p: { gil: RuntimeFacts | null; nogil: RuntimeFacts | null; minor: string };
  gil: RunRecord[];
  nogil: RunRecord[];
}

export function ftData(ctx: ClaimContext, version: string, rule: string, fns: string[] = ['return_int']): FtData | Outcome {
  const match = { functions: fns, method: 'batched' };
  const p = needRuntimes(ctx, version, ['gil', 'nogil'], rule);
  if (isOutcome(p)) return p;
  const gil = ctx.select('call-overhead', p.gil, match);
  const nogil = ctx.select('call-overhead', p.nogil, match);
  if (!gil.length || !nogil.length) {
    return {
      verdict: 'not-tested',
      reason: `no finished call-overhead run with ${JSON.stringify(match)} on ${!gil.length ? p.gil!.id : p.nogil!.id}`,
      command: VERIFY,
      evidence: { rule, runtimes: runtimesEvidence(p) },
    };
  }
  return { p, gil, nogil };
}

/** Within-process ratio median(x) / median(y) on one runtime, processes as the unit. */
export function pairRatio(records: RunRecord[], x: string, y: string, fn: string, conf: number): ProcessRatio | null {
  const v = perProcess(records, (r) => {
    const a = seriesMedian(r, x, fn);
    const b = seriesMedian(r, y, fn);
    return a !== null && b !== null ? a / b : null;
  });
  return v.length ? processGeoMeanCI(v, conf) : null;
}


// ---------------------------------------------------------------------------------------------
// Mechanism claims: instruction counts (experiment `instructions`)

/** The newest `instructions` result on a runtime (or the one its partials make while it runs). */
export function instructionsResult(ctx: ClaimContext, rt: RuntimeFacts | null) {
  const r = ctx.select('instructions', rt).at(-1);
  return r ? instructionsOf(r) : null;
}

export const INSTR_COMMAND = (rt: string) => `npx ffi-corners run instructions --runtime ${rt}`;
export const PYO3_KEY = 'pyo3/return_int';
export const CTYPES_KEY = 'ctypes-cdll/return_int';
/** How CPython calls a callable: through its vectorcall slot, or through tp_call (the generic
 * path that builds an argument tuple). */
export const VECTORCALL = /vectorcall/i;
export const TP_CALL = /_PyObject_MakeTpCall|PyCFuncPtr_call/;


/** The call-overhead runs a timing claim needs: several alternated processes per build. */
export const co = (version: string, builds: ClaimNeed['builds'], params: Record<string, unknown> = CO_PARAMS): ClaimNeed => ({ experiment: 'call-overhead', params, builds, version, processes: 'many' });
/** Every condition of a GIL-vs-free-threaded claim: the GIL build, the free-threaded one with the GIL on, and free-threaded. */
export const THREE: ClaimNeed['builds'] = ['gil', 'gil-on', 'nogil'];
