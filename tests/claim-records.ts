// Records built the way drivers save them (one record per process), for the claims' unit tests:
// call-overhead processes at chosen speeds, and any experiment's record with a runtime's env.
import { seededRandom } from '../analysis/stats.ts';
import { newRecord, type RunRecord } from '../protocol/record.ts';

export function env(runtimeId: string, version: string, ft: boolean) {
  return {
    runtimeId, python: '/x/python', version, freeThreadedBuild: ft, gilEnabledAfterImports: !ft, affinity: [0, 1], cpuModel: 'test CPU', cpuCount: 2,
    kernel: 'k', glibc: 'glibc 2.36', governor: null, smtActive: null, aslr: null, loadavg: [0, 0, 0], glibcTunables: null,
  };
}

export function record(experiment: string, runtimeId: string, version: string, ft: boolean, params: Record<string, unknown>, fill: Partial<RunRecord>): RunRecord {
  const r = newRecord(experiment, runtimeId, params as never, '2026-01-01T00:00:00Z');
  r.status = 'ok';
  r.meta = { type: 'meta', protocol: 1, experiment, params, env: env(runtimeId, version, ft), startedAt: r.startedAt } as never;
  return Object.assign(r, fill);
}

const rnd = seededRandom(7);
/** 40 samples around `ns` (±1%). */
export const around = (ns: number) => Array.from({ length: 40 }, () => ns * (1 + 0.02 * (rnd() - 0.5)));

const BINDINGS: Record<string, number> = { python: 40, capi: 20, 'ctypes-cdll': 200, 'ctypes-pydll': 180, 'cffi-abi': 150, 'cffi-api': 60, 'cffi-talk': 230, pybind11: 70, pyo3: 50, nanobind: 30 };
const WRAPPED = { 'ctypes-cdll': ['str_len'], 'ctypes-pydll': ['str_len'], 'cffi-abi': ['str_len'], 'cffi-talk': ['return_int', 'bytes_len', 'str_len'], python: [] as string[] };

/** One call-overhead process: every binding × function at the given scale (no-GIL factor, str penalty). */
export function coProcess(id: string, ft: boolean, slow: number | Record<string, number>, strPenalty: number, version = '3.13.5'): RunRecord {
  const samples: Record<string, number[]> = {};
  for (const [b, ns] of Object.entries(BINDINGS)) {
    const f = b === 'python' ? 1 : typeof slow === 'number' ? slow : (slow[b] ?? 1);
    samples[`${b}/return_int`] = around(ns * f);
    samples[`${b}/bytes_len`] = around(ns * f * 1.2);
    samples[`${b}/str_len`] = around(ns * f * 1.2 * (b === 'python' ? 3 : strPenalty));
  }
  return record('call-overhead', id, version, ft, { functions: ['return_int', 'bytes_len', 'str_len'], talk_cffi: true, method: 'batched' }, { samples, result: { wrapped: WRAPPED } });
}

export function pair(n: number, slow: number | Record<string, number>, strPenalty: number): RunRecord[] {
  const out: RunRecord[] = [];
  for (let i = 0; i < n; i++) out.push(coProcess('a-gil', false, 1, 1.05), coProcess('a-nogil', true, slow, strPenalty));
  return out;
}

