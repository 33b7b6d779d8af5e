// `ffi-corners verify --quick` on the real runtimes: every claim gets one of the verdict words with
// the talk's words and its evidence; the like-for-like rules hold in the evidence (no pure Python or
// wrapped binding in the Unicode verdict, several processes per runtime); claims whose mechanism is
// certain come out as the mechanism predicts; judging the saved records again gives the same answer.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { CLAIM_IDS, VERDICTS, type ClaimResult } from '../../analysis/claims.ts';
import { median } from '../../analysis/stats.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { cli } from '../helpers.ts';
import { escapeRegExp } from '../../server/util/regexp.ts';

const SCRATCH = mkdtempSync(join(tmpdir(), 'ffi-corners-verify-'));
/** Where the deck would find saved runs: verify must leave it alone without --save. */
const DECK = join(SCRATCH, 'deck-results');
/** verify's own folder (FFI_CORNERS_OWN_RESULTS/verify). */
const RESULTS = join(SCRATCH, 'own', 'verify');
const env = { FFI_CORNERS_RESULTS: DECK, FFI_CORNERS_OWN_RESULTS: join(SCRATCH, 'own') };

interface Report { claims: ClaimResult[]; machine: Record<string, unknown> }
let report: Report;
let stderr = '';
const byId = (id: string) => report.claims.find((c) => c.id === id)!;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.json') ? [p] : [];
  });
}

/** The branch a loaded machine takes (a claim whose runs a quality gate left out is not judged):
 * what the user reads must still be whole. The reason says how many of the claim's runs were left
 * out and by which gates, each left-out run is listed with its experiment, start and a gate's own
 * sentence (the load and the CPU count, samples ≤ 0, or the C-API floor), and the command to test
 * it again is named. */
function leftOutByGates(c: ClaimResult): void {
  const m = /(\d+) runs? left out by a quality check \(([^)]+)\)/.exec(c.reason);
  assert.ok(m, `${c.id}: ${c.reason}`);
  assert.equal(Number(m[1]), c.excluded!.length, `${c.id}: the count in its reason is the runs it lists`);
  const gates = [...new Set(c.excluded!.flatMap((x) => x.reasons.map((r) => r.split(':')[0]!)))].sort().join('; ');
  assert.equal(m[2], gates, c.id);
  for (const x of c.excluded!) {
    assert.ok(x.experiment && !Number.isNaN(Date.parse(x.startedAt)) && x.reasons.length, `${c.id}: ${JSON.stringify(x)}`);
    for (const r of x.reasons) assert.match(r, /^(loaded machine: (1-minute load [\d.]+ above the \d+ CPUs|other processes used [\d.]+ of the \d+ CPUs it ran on)|samples ≤ 0: \d+ of \S+|below the C-API floor: \S+ median [\d.]+ ns < )/, c.id);
  }
  assert.match(c.command ?? '', /npx ffi-corners/, `${c.id}: names how to test it again`);
}

before(() => {
  const res = cli(['verify', '--quick', '--json'], env, 300_000);
  assert.equal(res.code, 0, res.stderr);
  report = JSON.parse(res.stdout) as Report;
  stderr = res.stderr;
});

describe('ffi-corners verify --quick --json', () => {
  test('every claim once, with a verdict, the talk\'s words, its section, a reason and evidence', () => {
    assert.deepEqual(report.claims.map((c) => c.id), CLAIM_IDS);
    for (const c of report.claims) {
      assert.ok(VERDICTS.includes(c.verdict), `${c.id}: ${c.verdict}`);
      assert.ok(c.talk.length > 5 && c.section.length > 5 && c.reason.length > 5, c.id);
      assert.equal(typeof c.evidence.rule, 'string', c.id);
      if (c.verdict === 'not-tested') assert.match(c.command ?? '', /npx ffi-corners/, `${c.id} names how to test it`);
    }
    assert.equal(report.machine['mode'], 'quick');
    assert.ok((report.machine['wallS'] as number) > 0);
    assert.match(stderr, /\[verify\] 1\/\d+ /, 'progress on stderr');
  });

  test("ft-slower-ffi: a part per binding of the talk's four, time from 2 to 4 alternated processes per runtime (sequential, --quick) and instruction counts; ours apart", () => {
    const c = byId('ft-slower-ffi');
    if (c.verdict === 'not-tested' && c.excluded?.length) return leftOutByGates(c); // its runs failed a quality gate (a loaded machine)
    assert.deepEqual(c.parts!.filter((p) => p.counted).map((p) => p.id), ['ctypes-cdll', 'cffi', 'pybind11', 'pyo3']);
    const rounds = report.machine['rounds'] as number[];
    assert.ok(rounds.length >= 2 && rounds.length <= 4, `rounds ${rounds.join(',')}`);
    for (const p of c.parts!) {
      assert.ok(!['python', 'capi', 'cffi-talk'].includes(p.id), p.id);
      const ft = p['freeThreaded'] as { time: { ci: [number, number] | null; processes: number[] } | null; instructions: { ratio: number } | null };
      assert.ok(ft.time && ft.time.ci && ft.time.ci[0] > 0 && ft.time.ci[0] <= ft.time.ci[1], p.id);
      const [gil, free] = ft.time.processes;
      // Both arms alternate, round by round: as many processes each, unless a quality gate left some
      // out (a loaded moment), which the claim then lists in `excluded`.
      if (!c.excluded?.length) assert.equal(gil, free, `${p.id}: both arms alternate, round by round`);
      for (const n of [gil!, free!]) assert.ok(n >= (c.excluded?.length ? 1 : 2) && n <= rounds.length, `${p.id}: ${gil}+${free} processes over ${rounds.length} rounds`);
      // --quick counts instructions for the talk's four (and PyDLL) only: our other bindings, apart, have time alone.
      if (p.counted || p.id === 'ctypes-pydll') assert.ok(ft.instructions && ft.instructions.ratio > 0, `${p.id}: instructions beside time`);
      else assert.equal(ft.instructions, null, `${p.id}: not counted by callgrind in --quick`);
    }
    assert.ok(['holds', 'differs', 'mixed', 'inconclusive'].includes(c.verdict), c.verdict);
    assert.ok((c.evidence['conditions'] as { gil: string; freeThreaded: string }).freeThreaded, 'three conditions named');
  });

  test("ft-unicode: the talk's wrapper path and native translation as parts; no pure Python, no wrapped binding as translation", () => {
    const c = byId('ft-unicode');
    if (c.verdict === 'not-tested' && c.excluded?.length) return leftOutByGates(c); // its runs failed a quality gate (a loaded machine)
    const ids = c.parts!.map((p) => p.id);
    assert.ok(ids.includes('talk-path'), ids.join(','));
    for (const id of ids.filter((x) => x !== 'talk-path')) assert.match(id, /^(fresh|cached)\/(pybind11|pyo3|capi|nanobind)$/);
    assert.match(c.reason, /encode\('utf-8'\)/);
  });

  test('what the mechanism settles comes out that way (unless the quality check left its runs out: the machine was loaded)', () => {
    const settled = (id: string, want: string) => {
      const c = byId(id);
      if (c.verdict === 'not-tested' && c.excluded?.length) return leftOutByGates(c);
      assert.equal(c.verdict, want, c.reason);
    };
    // PyDLL keeps the GIL through usleep: the other thread stops. Free-threaded: nothing to keep.
    settled('pydll-blocks-threads', 'holds');
    settled('nogil-pydll-no-block', 'holds');
    // glibc never creates more arenas than arena_max.
    settled('arena-max-caps', 'holds');
    // A mutex or an atomic never loses an update.
    settled('thread-safe-ffi-safe', 'holds');
    // With the GIL held by PyDLL for the whole C loop, no other thread can interleave.
    assert.notEqual(byId('gil-protects-unsafe-state').verdict, 'differs', byId('gil-protects-unsafe-state').reason);
    const runtimes = report.machine['runtimes'] as string[];
    const c314 = byId('ft-314-parity');
    if (!runtimes.some((r) => /^3\.14/.test(r))) assert.match(c314.command!, /runtimes build 3\.14\.0/);
  });

  test("the talk's cffi is timed the way it called it: cffi-talk, every function through a wrapper method", () => {
    const co = files(RESULTS)
      .map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunRecord)
      // Our batched runs (the talk's whole harness, method=talk, is its own series without cffi-talk).
      .filter((r) => r.experiment === 'call-overhead' && r.params['method'] === 'batched');
    assert.ok(co.length >= 6, `${co.length} call-overhead processes`);
    for (const r of co) {
      assert.ok((r.samples['cffi-talk/return_int'] ?? []).length >= 2, r.runtimeId!);
      assert.deepEqual((r.result as { wrapped: Record<string, string[]> }).wrapped['cffi-talk']!.sort(), ['add', 'bytes_len', 'get_pid', 'str_len', 'sum_array', 'return_int'].sort());
    }
    // The wrapper frame costs time: the talk-style call is slower than the direct ABI-mode call.
    const slower = co.filter((r) => median(r.samples['cffi-talk/return_int']!) > median(r.samples['cffi-abi/return_int']!)).length;
    assert.equal(slower, co.length);
  });

  test('its runs are saved in its own folder, none where the deck shows saved runs (that needs --save)', () => {
    assert.ok(files(RESULTS).length > 0, `no records in ${RESULTS}`);
    assert.ok(!existsSync(DECK) || files(DECK).length === 0, 'nothing saved among the deck\'s runs');
    assert.match(stderr, new RegExp(`records saved under ${escapeRegExp(RESULTS)} \\(--save to show them in the deck\\)`));
    const both = cli(['verify', '--save', '--records', files(RESULTS)[0]!], env);
    assert.match(both.stderr, /--save: --records runs nothing/);
  });

  test('--records judges the saved runs again: the same verdicts', () => {
    const res = cli(['verify', '--json', '--records', ...files(RESULTS)], env);
    assert.equal(res.code, 0, res.stderr);
    const again = JSON.parse(res.stdout) as Report;
    assert.deepEqual(again.claims.map((c) => [c.id, c.verdict, c.reason]), report.claims.map((c) => [c.id, c.verdict, c.reason]));
  });

  test('--records with no file judges the recorded results shipped with the deck, leaving out runs that fail their gates', () => {
    const res = cli(['verify', '--records', '--json'], env);
    assert.equal(res.code, 0, res.stderr);
    const shipped = JSON.parse(res.stdout) as Report;
    assert.deepEqual(shipped.claims.map((c) => c.id), CLAIM_IDS);
    assert.equal(shipped.machine['mode'], 'records');
    assert.equal(shipped.machine['shipped'], true);
    const dir = join(import.meta.dirname, '../../assets/results');
    const list = (d: string) => { try { return readdirSync(d).filter((f) => f.endsWith('.json') && f !== 'machine.json'); } catch { return []; } };
    assert.equal(shipped.machine['files'], list(dir).length + list(join(dir, 'processes')).length);
    const leftOut = shipped.machine['leftOut'] as { file: string; reasons: string[] }[];
    for (const l of leftOut) {
      assert.ok(l.reasons.length > 0, l.file);
      assert.match(res.stderr, new RegExp(`left out ${escapeRegExp(l.file)}: `));
    }
  });

  test('bad input: clear errors', () => {
    const unknown = cli(['verify', '--runtime', 'nope'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown runtime "nope" \(known: /);
    const bad = cli(['verify', '--records', join(import.meta.dirname, 'verify.test.ts')], env);
    assert.match(bad.stderr, /verify\.test\.ts: cannot read a run record/);
  });
});

