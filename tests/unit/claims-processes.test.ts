// The ranking claims (pyo3-fastest, talk-ranking-*) take whole processes as their unit: every process
// of one batch (same parameters, one recording session) is read, and a run of other parameters is
// never pooled with them. Synthetic processes on either side of the 5% band, then the shipped records.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { evaluateClaim, evaluateClaims } from '../../analysis/claims.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { shippedRecordFiles } from '../../server/commands/verify.ts';
import { coProcess } from '../claim-records.ts';

/** n processes per 3.13 build; pybind11 scaled so that median(pybind11) / median(pyo3) is `vsPyo3`
 * (pyo3 50 ns, pybind11 70 ns unscaled), cffi-talk so that ctypes / cffi-talk is `ctypesOverCffi`. */
function processes(n: number, vsPyo3: number, ctypesOverCffi = 200 / 230, startedAt = '2026-01-01T00:00:00Z'): RunRecord[] {
  const slow = { pybind11: (vsPyo3 * 50) / 70, 'cffi-talk': 200 / ctypesOverCffi / 230 };
  const out: RunRecord[] = [];
  for (let i = 0; i < n; i++) {
    for (const [id, ft] of [['a-gil', false], ['a-nogil', true]] as const) {
      const r = coProcess(id, ft, slow, 1.05);
      r.params = { functions: ['return_int'], talk_cffi: true, method: 'batched' };
      r.startedAt = startedAt;
      out.push(r);
    }
  }
  return out;
}

/** Five processes of one batch whose ratios are 1.00, 1.10, 1.00, 1.10, 1.05: a median near 1.05 and an
 * interval about ± 6% wide, across the 1.05 edge whatever the samples' noise. */
const straddling = (one: (ratio: number) => RunRecord[]) => [1, 1.1, 1, 1.1, 1.05].flatMap(one);

type Rival = { runtime: string; rival: string; ratio: number; ci: [number, number] | null; processes: number[] };
const rivals = (c: ReturnType<typeof evaluateClaim>) => c.evidence['rivals'] as Rival[];

describe('pyo3-fastest: the closest rival against 5% with an interval over processes', () => {
  test('pybind11 10% slower than pyo3 in each of 5 processes holds; 3% (wholly inside the band) and pybind11 10% faster differ; an interval across 1.05 is inconclusive', () => {
    const holds = evaluateClaim('pyo3-fastest', processes(5, 1.1));
    assert.equal(holds.verdict, 'holds', holds.reason);
    for (const r of rivals(holds)) assert.deepEqual(r.processes, [5], `${r.rival} on ${r.runtime}`);
    const close = rivals(holds).find((r) => r.rival === 'pybind11' && r.runtime === 'a-gil')!;
    assert.ok(close.ci![0] > 1.05 && close.ratio > 1.08 && close.ratio < 1.12, JSON.stringify(close));

    // pyo3 ahead by 3% only: more processes cannot make it fastest by 5%.
    const inside = evaluateClaim('pyo3-fastest', processes(5, 1.03));
    assert.equal(inside.verdict, 'differs', inside.reason);
    assert.match(inside.reason, /closest rival: pybind11 on a-(no)?gil, 1\.0[23]× \[1\.0\d, 1\.0\d\]/);

    assert.equal(evaluateClaim('pyo3-fastest', processes(5, 0.9)).verdict, 'differs');

    const across = evaluateClaim('pyo3-fastest', straddling((v) => processes(1, v)));
    assert.equal(across.verdict, 'inconclusive', across.reason);
    const wide = rivals(across).find((r) => r.rival === 'pybind11' && r.runtime === 'a-gil')!;
    assert.ok(wide.ci![0] < 1.05 && wide.ci![1] > 1.05, JSON.stringify(wide));
  });

  test('one process per build gives no interval: inconclusive even far from the band', () => {
    const one = evaluateClaim('pyo3-fastest', processes(1, 1.4));
    assert.equal(one.verdict, 'inconclusive', one.reason);
    assert.equal(one.evidence.ci, null);
  });

  test('every process of the batch is read; a run of other functions with the same flag, newer and larger, is not taken instead', () => {
    const str = processes(6, 0.5, undefined, '2026-01-02T00:00:00Z').map((r) => {
      r.params = { functions: ['bytes_len', 'str_len'], talk_cffi: true, method: 'batched' };
      return r;
    });
    const c = evaluateClaim('pyo3-fastest', [...processes(5, 1.1), ...str]);
    assert.equal(c.verdict, 'holds', c.reason);
    for (const r of rivals(c)) assert.deepEqual(r.processes, [5]);
  });

  test('a lone process of another session with the same parameters is not pooled with the batch of 5', () => {
    const c = evaluateClaim('pyo3-fastest', [...processes(5, 1.1), ...processes(1, 0.5, undefined, '2026-02-01T00:00:00Z')]);
    assert.equal(c.verdict, 'holds', c.reason);
    for (const r of rivals(c)) assert.deepEqual(r.processes, [5]);
  });
});

describe("talk-ranking-gil: table A's six verdicts, our batched calls over processes", () => {
  type Pair = { pair: string; ours: string; ci: [number, number] | null; processes: number[] };
  test("ctypes 10% slower than the talk's cffi in 5 processes: all six repeated (holds); 2%, wholly inside the band, contradicts the talk's \"cffi\" (a tie); an interval across 1.05 is inconclusive", () => {
    const agree = evaluateClaim('talk-ranking-gil', processes(5, 1.4, 1.1));
    assert.equal(agree.verdict, 'holds', agree.reason);
    const pairs = agree.evidence['pairs'] as Pair[];
    assert.equal(pairs.length, 6);
    for (const p of pairs) assert.deepEqual(p.processes, [5], p.pair);
    assert.equal(pairs.find((p) => p.pair === 'ctypes vs cffi')!.ours, 'cffi');

    // cffi faster by 2%: the talk's "Faster" (by 5%) is not repeated, and more processes cannot repeat it.
    const close = evaluateClaim('talk-ranking-gil', processes(5, 1.4, 1.02));
    assert.equal(close.verdict, 'differs', close.reason);
    const cc = (close.evidence['pairs'] as Pair[]).find((p) => p.pair === 'ctypes vs cffi')!;
    assert.equal(cc.ours, 'under:cffi');
    assert.ok(cc.ci && cc.ci[1] < 1.05 && cc.ci[0] > 1, JSON.stringify(cc));
    assert.match(close.reason, /contradicted: ctypes vs cffi \(talk cffi, ours cffi faster by under 5%\)/);

    // Neither faster: processes at 0.98, 1.02, 0.98, 1.02, 1.00 give an interval around 1, inside the band.
    const tie = evaluateClaim('talk-ranking-gil', [0.98, 1.02, 0.98, 1.02, 1].flatMap((v) => processes(1, 1.4, v)));
    assert.equal(tie.verdict, 'differs', tie.reason);
    const tc = (tie.evidence['pairs'] as Pair[]).find((p) => p.pair === 'ctypes vs cffi')!;
    assert.equal(tc.ours, 'tie');
    assert.ok(tc.ci && tc.ci[0] < 1 && tc.ci[1] > 1 && tc.ci[0] > 1 / 1.05 && tc.ci[1] < 1.05, JSON.stringify(tc));
    assert.match(tie.reason, /contradicted: ctypes vs cffi \(talk cffi, ours within 5% both ways\)/);

    const across = evaluateClaim('talk-ranking-gil', straddling((v) => processes(1, 1.4, v)));
    assert.equal(across.verdict, 'inconclusive', across.reason);
    const ac = (across.evidence['pairs'] as Pair[]).find((p) => p.pair === 'ctypes vs cffi')!;
    assert.equal(ac.ours, 'unresolved');
    assert.ok(ac.ci && ac.ci[0] < 1.05 && ac.ci[1] > 1.05, JSON.stringify(ac));

    // cffi 10% slower than ctypes: the talk's "cffi" contradicted.
    assert.equal(evaluateClaim('talk-ranking-gil', processes(5, 1.4, 1 / 1.1)).verdict, 'differs');
  });
});

describe('the shipped records (assets/results/ and its processes/)', () => {
  const files = shippedRecordFiles();
  const records = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunRecord);
  const talkCffi = (rt: string) =>
    records.filter((r) => r.experiment === 'call-overhead' && r.runtimeId === rt && r.params['talk_cffi'] === true && r.params['method'] === 'batched' && (r.params['functions'] as string[]).includes('return_int')).length;
  const claims = evaluateClaims(records);

  test('pyo3-fastest reads every recorded talk-cffi process of each build, and decides once there are 5', () => {
    const c = claims.find((x) => x.id === 'pyo3-fastest')!;
    for (const r of rivals(c as never)) assert.deepEqual(r.processes, [talkCffi(r.runtime)], `${r.rival} on ${r.runtime}`);
    if (rivals(c as never).every((r) => r.processes[0]! >= 5)) assert.notEqual(c.verdict, 'inconclusive', c.reason);
  });

  test('talk-ranking-gil: both ways read every recorded process; a pair left unresolved with ≥ 2 processes has an interval across the 5% line on the talk\'s side', () => {
    const c = claims.find((x) => x.id === 'talk-ranking-gil')!;
    const gil = (c.evidence.runtimes as Record<string, string>)['gil']!;
    const harness = records.filter((r) => r.experiment === 'call-overhead' && r.runtimeId === gil && r.params['method'] === 'talk').length;
    const byPart = Object.fromEntries(c.parts!.map((p) => [p.id, p]));
    assert.equal(byPart['ours']!['processes'], talkCffi(gil));
    assert.equal(byPart['talk-harness']!['processes'], harness);
    for (const part of c.parts!) {
      for (const p of part['pairs'] as { pair: string; talk: string; ours: string; ci: [number, number] | null; processes: number[] }[]) {
        if (p.ours !== 'unresolved' || p.processes[0]! < 2) continue;
        // Unresolved: the interval crosses the 5% line on the talk's side ("a vs b": a / b above 1.05 is b faster).
        const line = p.pair.endsWith(` vs ${p.talk}`) ? 1.05 : 1 / 1.05;
        assert.ok(p.ci && p.ci[0] <= line && p.ci[1] >= line, `${part.id} ${p.pair}: ${JSON.stringify(p.ci)}`);
      }
    }
  });
});

describe("ft-unicode's talk path and pin-thread read the batch that measured them", () => {
  /** 5 processes per build of the recorded unicode-talk run: cffi-abi and cffi-talk, bytes_len and
   * str_len, talk_cffi; str over bytes `gilPenalty` with the GIL, `ftPenalty` free-threaded. */
  const talkPath = (gilPenalty: number, ftPenalty: number) =>
    [false, true].flatMap((ft) =>
      Array.from({ length: 5 }, () => {
        const r = coProcess(ft ? 'a-nogil' : 'a-gil', ft, 1, ft ? ftPenalty : gilPenalty);
        r.params = { functions: ['bytes_len', 'str_len'], talk_cffi: true, method: 'batched', bindings: ['cffi-abi'] };
        r.samples = Object.fromEntries(Object.entries(r.samples).filter(([k]) => /^cffi-(abi|talk)\/(bytes|str)_len$/.test(k)));
        r.startedAt = '2026-01-03T00:00:00Z';
        return r;
      }),
    );
  /** 5 processes per build of the unicode run (no talk-style cffi): str_len_fresh through the others. */
  const fresh = () =>
    [false, true].flatMap((ft) =>
      Array.from({ length: 5 }, () => {
        const r = coProcess(ft ? 'a-nogil' : 'a-gil', ft, 1, 1.05);
        r.params = { functions: ['return_int', 'bytes_len', 'str_len', 'str_len_fresh'], talk_cffi: false, method: 'batched' };
        for (const k of Object.keys(r.samples)) if (k.startsWith('cffi-talk/')) delete r.samples[k];
        for (const b of ['pybind11', 'pyo3']) r.samples[`${b}/str_len_fresh`] = r.samples[`${b}/str_len`]!;
        return r;
      }),
    );
  const part = (c: ReturnType<typeof evaluateClaim>, id: string) => c.parts!.find((p) => p.id === id)!;

  test('the talk path from its own run (20% dearer free-threaded holds, the same cost differs) beside fresh str from the other', () => {
    const dearer = evaluateClaim('ft-unicode', [...fresh(), ...talkPath(1.05, 1.26)]);
    assert.equal(part(dearer, 'talk-path').verdict, 'holds', dearer.reason);
    assert.match(part(dearer, 'talk-path').reason, /\(5\+5 processes\)/);
    assert.equal(part(dearer, 'fresh/pyo3').verdict, 'differs', dearer.reason);
    assert.equal(dearer.evidence['translation'], 'str_len_fresh');
    assert.equal(dearer.verdict, 'mixed');
    const same = evaluateClaim('ft-unicode', [...fresh(), ...talkPath(1.05, 1.05)]);
    assert.equal(part(same, 'talk-path').verdict, 'differs', same.reason);
    assert.equal(part(evaluateClaim('ft-unicode', fresh()), 'talk-path').verdict, 'not-tested');
  });

  test('pin-thread compares pinned and unpinned runs only with identical parameters', () => {
    const procs = (affinity: number[], spread: number, params: Record<string, unknown>) =>
      Array.from({ length: 8 }, (_, i) => {
        const r = coProcess('a-gil', false, 1 + spread * ((i % 4) - 1.5), 1.05);
        r.meta!.env.affinity = affinity;
        r.params = params as RunRecord['params'];
        return r;
      });
    const four = { functions: ['return_int'], method: 'batched', bindings: ['ctypes-cdll', 'cffi-abi', 'pybind11', 'pyo3'] };
    const other = { functions: ['return_int', 'bytes_len'], method: 'batched' };
    assert.equal(evaluateClaim('pin-thread', [...procs([0, 1], 0.1, four), ...procs([1], 0.01, four)]).verdict, 'holds');
    // The same spreads, but the pinned runs measured other functions: nothing to compare.
    const apart = evaluateClaim('pin-thread', [...procs([0, 1], 0.1, other), ...procs([1], 0.01, four)]);
    assert.equal(apart.verdict, 'not-tested', apart.reason);
    assert.match(apart.reason, /0 pinned and 8 unpinned|8 pinned and 0 unpinned/);
  });
});
