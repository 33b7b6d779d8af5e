// Result bundles through the real CLI: `bundle` writes one file of this machine's results, `compare`
// sets two bundles (or one and this machine) side by side, and a bundle of another format version is
// refused with one clear line. "This machine" here is a results folder holding three call-overhead
// processes per runtime: the recorded runs with every sample scaled (1.5×, 1.6×, 1.7× slower), so
// the expected medians, ratios and the between-process interval are known.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sig3 } from '../../analysis/format.ts';
import { median } from '../../analysis/stats.ts';
import { comparedRecords } from '../../analysis/compare.ts';
import { BUNDLE_VERSION, parseBundle, type Bundle } from '../../protocol/bundle.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../../server/paths.ts';
import { cli } from '../helpers.ts';

const RUNTIMES = ['3.13.5-gil', '3.13.5-nogil'];
const SCALES = [1.5, 1.6, 1.7];
let tmp: string;
let results: string;
const recorded = (rt: string) => JSON.parse(readFileSync(join(projectRoot, 'assets/results', `call-overhead--${rt}.json`), 'utf8')) as RunRecord;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ffi-corners-bundle-'));
  results = join(tmp, 'results');
  for (const rt of RUNTIMES) {
    const dir = join(results, 'call-overhead', rt);
    mkdirSync(dir, { recursive: true });
    SCALES.forEach((k, i) => {
      const r = recorded(rt);
      const started = new Date(Date.UTC(2026, 11, 2, 10, i));
      r.startedAt = started.toISOString();
      r.samples = Object.fromEntries(Object.entries(r.samples).map(([s, v]) => [s, v.map((x) => x * k)]));
      writeFileSync(join(dir, `${started.toISOString().replace(/[:.]/g, '-')}-${1000 + i}.json`), JSON.stringify(r));
    });
  }
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const env = () => ({ FFI_CORNERS_RESULTS: results });

describe('bundle and compare', () => {
  test('bundle writes one file of this format version: the newest record per kind, every process, the verdicts', () => {
    const out = join(tmp, 'here.bundle');
    const res = cli(['bundle', '--out', out], env());
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /wrote .*here\.bundle: 2 record\(s\) of 1 experiment\(s\) on 3\.13\.5-gil, 3\.13\.5-nogil, 6 call-overhead process\(es\)/);
    const b = parseBundle(readFileSync(out, 'utf8'));
    assert.equal(b.version, BUNDLE_VERSION);
    assert.equal(b.records.length, 2);
    // The newest of the three processes (scaled 1.7×) is the bundle's record.
    const gil = b.records.find((r) => r.runtimeId === '3.13.5-gil')!;
    assert.equal(median(gil.samples['capi/return_int']!), median(recorded('3.13.5-gil').samples['capi/return_int']!.map((x) => x * 1.7)));
    assert.deepEqual(b.runtimes.map((r) => [r.id, r.freeThreadedBuild]), [['3.13.5-gil', false], ['3.13.5-nogil', true]]);
    assert.ok(b.machine?.cpuModel, 'the machine (meta.env) is in the bundle');
    assert.ok(b.verdicts.length > 10 && b.verdicts.every((v) => ['holds', 'differs', 'mixed', 'inconclusive', 'not-tested'].includes(v.verdict)));
  });

  test('compare of two bundles: exits 0, one table per runtime with both medians, ratios, ranks and the verdicts side by side', () => {
    const here = join(tmp, 'here.bundle');
    assert.equal(cli(['bundle', '--out', here], env()).code, 0);
    const res = cli(['compare', join(projectRoot, 'assets/recorded.bundle'), here]);
    assert.equal(res.code, 0, res.stderr);
    for (const rt of RUNTIMES) assert.match(res.stdout, new RegExp(`== ${rt}: return_int\\(\\), ordered by A`));
    assert.match(res.stdout, /BINDING\s+A ns\/call\s+B ns\/call\s+B\/A\s+(95% CI \(processes\)\s+)?RANK A -> B/);
    const rec = recorded('3.13.5-gil');
    const capi = res.stdout.split('\n').find((l) => l.startsWith('capi '))!;
    // B's newest process is the recorded run scaled 1.7×. A is the recorded bundle's newest batched
    // run of the same runtime and parameters: one of the recorded processes, not always the file B scaled.
    const bundleA = JSON.parse(readFileSync(join(projectRoot, 'assets/recorded.bundle'), 'utf8')) as Bundle;
    const same = (r: { params: unknown }) => JSON.stringify(r.params) === JSON.stringify(rec.params);
    const peer = comparedRecords(bundleA.records).find((r) => r.runtimeId === '3.13.5-gil' && same(r))!;
    assert.ok(peer, 'the recorded bundle holds a batched 3.13.5-gil run with these parameters');
    const [mA, mB] = [median(peer.samples['capi/return_int']!), 1.7 * median(rec.samples['capi/return_int']!)];
    assert.match(capi, new RegExp(`^capi\\s+${sig3(mA)}\\s+${sig3(mB)}\\s+${(mB / mA).toFixed(2)}x\\s`), capi);
    assert.match(res.stdout, /the same order as A, all 9 bindings \(Kendall τ = 1\.00\)/);
    assert.match(res.stdout, /CLAIM\s+A\s+B/);
    assert.match(res.stdout, /pydll-blocks-threads\s+holds\s+/);
  });

  test('compare --json parses; one bundle is set against this machine, with between-process intervals where both have processes', () => {
    const here = join(tmp, 'here.bundle');
    assert.equal(cli(['bundle', '--out', here], env()).code, 0);
    const res = cli(['compare', here, '--json'], env());
    assert.equal(res.code, 0, res.stderr);
    const j = JSON.parse(res.stdout) as {
      b: { file: string | null };
      runtimes: { runtime: string; comparison: { tau: number; rows: { binding: string; ratio: number; interval: { ratio: number; low: number; high: number; processes: number[] } | null }[] } }[];
      verdicts: { id: string; a: string | null; b: string | null }[];
    };
    assert.equal(j.b.file, null, 'B is this machine');
    assert.deepEqual(j.runtimes.map((r) => r.runtime), RUNTIMES);
    for (const r of j.runtimes) {
      assert.equal(r.comparison.tau, 1);
      for (const row of r.comparison.rows) {
        assert.ok(Math.abs(row.ratio - 1) < 1e-9, `${row.binding}: the same runs on both sides`);
        // Three processes on each side (1.5, 1.6, 1.7): the ratio of geometric means is 1, the interval spans it.
        assert.deepEqual(row.interval!.processes, [3, 3]);
        assert.ok(row.interval!.low < 1 && row.interval!.high > 1, `${row.binding}: ${row.interval!.low}..${row.interval!.high}`);
      }
    }
    assert.ok(j.verdicts.length > 10 && j.verdicts.every((v) => v.a === v.b));
  });

  test('a bundle of another format version is refused with one clear line', () => {
    const b = JSON.parse(readFileSync(join(projectRoot, 'assets/recorded.bundle'), 'utf8')) as Record<string, unknown>;
    const file = join(tmp, 'future.bundle');
    writeFileSync(file, JSON.stringify({ ...b, version: BUNDLE_VERSION + 1 }));
    const res = cli(['compare', file, join(projectRoot, 'assets/recorded.bundle')]);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, new RegExp(`future\\.bundle: bundle format version ${BUNDLE_VERSION + 1}, this ffi-corners reads version ${BUNDLE_VERSION} only`));
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(res.stdout, '', 'nothing half-printed');
    writeFileSync(file, '{"hello": 1}');
    assert.match(cli(['compare', file]).stderr, /not a result bundle/);
  });

  test('bundle --from a recorded folder reads its processes/ too: every process in the bundle, the verdicts judged on them', () => {
    const from = join(tmp, 'recorded');
    mkdirSync(join(from, 'processes'), { recursive: true });
    for (const rt of RUNTIMES) {
      SCALES.forEach((k, i) => {
        const r = recorded(rt);
        r.startedAt = new Date(Date.UTC(2026, 11, 3, 10, i)).toISOString();
        r.samples = Object.fromEntries(Object.entries(r.samples).map(([s, v]) => [s, v.map((x) => x * k)]));
        writeFileSync(i === 0 ? join(from, `call-overhead--${rt}.json`) : join(from, 'processes', `call-overhead--${rt}--p${i + 1}.json`), JSON.stringify(r));
      });
    }
    const out = join(tmp, 'recorded.bundle');
    const res = cli(['bundle', '--from', from, '--out', out]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /: 2 record\(s\) of 1 experiment\(s\) on 3\.13\.5-gil, 3\.13\.5-nogil, 6 call-overhead process\(es\)/);
    const b = parseBundle(readFileSync(out, 'utf8'));
    // Three processes per build: ft-slower-ffi has intervals to judge (with only the flat file it has none).
    const ft = b.verdicts.find((v) => v.id === 'ft-slower-ffi')!;
    assert.match(ft.reason, /pyo3: holds, [\d.]+× \[[\d.]+, [\d.]+\] \(3\+3\)/, ft.reason);
  });
});
