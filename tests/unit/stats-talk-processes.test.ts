// `stats --estimators talk`: the talk's own estimators (Tukey drop, mixed moments, MAD × 1.4826),
// checked against a NumPy computation written straight from their definition, on constructed data
// shaped like the talk's samples (integer nanoseconds, a right tail, outliers, ties). And the
// between-process intervals the claims use (Student t, Welch), against SciPy.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sig3 } from '../../analysis/format.ts';
import { pairwise, seededRandom, talkSummary } from '../../analysis/stats.ts';
import { processGeoMeanCI, processRatioCI, studentTQuantile } from '../../analysis/intervals.ts';
import { statsCommand } from '../../server/commands/stats.ts';
import { toolsPython } from '../../server/runtimes/tools.ts';

const rnd = seededRandom(20250815);
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
/** 195 samples (the talk's 200 less 5 dropped) of integer ns: a floor, a lognormal body, a few spikes. */
const talkLike = (floor: number, spread: number, spikes: number): number[] =>
  Array.from({ length: 195 }, (_, i) => Math.round(floor + spread * Math.exp(0.5 * gauss()) + (i % Math.floor(195 / Math.max(1, spikes)) === 0 && spikes ? 40 * spread : 0)));

const cases: Record<string, number[]> = {
  ctypes: talkLike(240, 12, 4),
  cffi: talkLike(230, 15, 2),
  pybind11: talkLike(160, 16, 0),
  pyo3: talkLike(120, 12, 6),
  'iqr zero': [...Array.from({ length: 30 }, () => 100), 101, 250],
  'two values': [3, 9],
  floats: Array.from({ length: 57 }, () => 50 + 3 * gauss()),
  'heavy tail': Array.from({ length: 120 }, () => Math.exp(4 + gauss())),
};

const REFERENCE_PY = String.raw`
import json, sys
import numpy as np
d = json.load(sys.stdin)
out = {}
for name, xs in d.items():
    if name.startswith('__'):
        continue
    a = np.asarray(xs, dtype=float)
    q1, q3 = np.percentile(a, [25, 75])
    iqr = q3 - q1
    if iqr > 0:
        a = a[(a >= q1 - 1.5 * iqr) & (a <= q3 + 1.5 * iqr)]
    std = np.std(a, ddof=1)
    mean = np.mean(a)
    m3 = np.mean((a - mean) ** 3)
    m4 = np.mean((a - mean) ** 4)
    med = np.median(a)
    out[name] = dict(kept=int(len(a)), median=float(med), mean=float(mean), std=float(std), cv=float(std / mean),
                     skewness=float(m3 / std ** 3), kurtosis=float(m4 / std ** 4 - 3),
                     mad=float(1.4826 * np.median(np.abs(a - med))))
from scipy import stats
t = [float(stats.t.ppf(q, df)) for q, df in d['__tq']]
def welch(a, b, conf):
    a, b = np.asarray(a, float), np.asarray(b, float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    h = stats.t.ppf(1 - (1 - conf) / 2, df) * np.sqrt(va + vb)
    d = b.mean() - a.mean()
    return [float(d), float(d - h), float(d + h)]
welchs = [welch(np.log(a), np.log(b), 0.95) for a, b in d['__welch']]
ones = []
for xs in d['__one']:
    l = np.log(np.asarray(xs, float))
    r = stats.t.interval(0.95, len(l) - 1, loc=l.mean(), scale=l.std(ddof=1) / np.sqrt(len(l)))
    ones.append([float(np.exp(l.mean())), float(np.exp(r[0])), float(np.exp(r[1]))])
print(json.dumps({'talk': out, 't': t, 'welch': welchs, 'one': ones}))
`;

const tq: [number, number][] = [[0.975, 1], [0.975, 2], [0.975, 4], [0.975, 2.37], [0.9, 7], [0.025, 3], [0.995, 30], [0.975, 500]];
const welchCases: [number[], number[]][] = [
  [[100, 102, 98, 101, 99], [120, 125, 118, 122, 119]],
  [[50.1, 49.8, 50.5], [50.3, 49.7, 51.2]],
  [[10, 11, 10.5, 12, 9.5, 10.2, 10.8], [10.4, 10.9, 13, 9.9, 10.1]],
];
const oneCases = [[1.2, 1.25, 1.18], [1.04, 1.05, 1.1, 1.02, 1.07]];

let ref: Record<string, Record<string, number>>;
let sp: { t: number[]; welch: number[][]; one: number[][] };
before(async () => {
  const input = JSON.stringify({ ...cases, __tq: tq, __welch: welchCases, __one: oneCases });
  const res = spawnSync(await toolsPython(), ['-c', REFERENCE_PY], { input, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const all = JSON.parse(res.stdout) as { talk: typeof ref } & typeof sp;
  ref = all.talk;
  sp = all;
});

function close(actual: number, expected: number, what: string, rel = 1e-10, abs = 1e-12): void {
  assert.ok(Math.abs(actual - expected) <= Math.max(rel * Math.abs(expected), abs), `${what}: got ${actual}, NumPy ${expected}`);
}

describe("the talk's estimators", () => {
  test('every field of every constructed series matches NumPy', () => {
    for (const [name, xs] of Object.entries(cases)) {
      const mine = talkSummary(xs);
      const theirs = ref[name]!;
      assert.equal(mine.n, xs.length);
      assert.equal(mine.kept, theirs.kept, `${name}: values kept after the Tukey drop`);
      for (const key of ['median', 'mean', 'std', 'cv', 'skewness', 'kurtosis', 'mad'] as const) close(mine[key], theirs[key]!, `${name}: ${key}`);
    }
  });

  test('the Tukey drop removes the spikes, keeps everything when the IQR is 0, and fences are reported', () => {
    const xs = cases['pyo3']!;
    const spiky = talkSummary(xs);
    // Seven spikes of +40 × spread (every 32nd sample): all above the upper fence, so all dropped.
    const spikes = xs.filter((_, i) => i % 32 === 0);
    assert.equal(spikes.length, 7);
    assert.ok(spiky.fences && spiky.fences[0] < spiky.median && spiky.fences[1] > spiky.median);
    assert.ok(spikes.every((x) => x > spiky.fences![1]), `spikes ${spikes} vs fence ${spiky.fences![1]}`);
    assert.equal(spiky.kept, xs.filter((x) => x >= spiky.fences![0] && x <= spiky.fences![1]).length);
    assert.ok(spiky.kept <= 195 - 7);
    const flat = talkSummary(cases['iqr zero']!);
    assert.equal(flat.kept, 32);
    assert.equal(flat.fences, null);
    assert.equal(flat.mad, 0);
  });

  test('on integer nanoseconds the MAD prints as the talk printed it: 1.4826 × a whole number', () => {
    // The talk's mad column: 8.90, 7.41, 5.93, 1.48, 2.97, 4.45 … = 1.4826 × 6, 5, 4, 1, 2, 3.
    const printed = [1, 2, 3, 4, 5, 6, 9, 11, 12].map((k) => sig3(1.4826 * k));
    assert.deepEqual(printed, ['1.48', '2.97', '4.45', '5.93', '7.41', '8.90', '13.3', '16.3', '17.8']);
    for (const name of ['ctypes', 'cffi', 'pybind11', 'pyo3']) {
      const k = talkSummary(cases[name]!).mad / 1.4826;
      assert.ok(Math.abs(k - Math.round(k * 2) / 2) < 1e-9, `${name}: MAD/1.4826 = ${k}`);
    }
  });
});

describe('ffi-corners stats --estimators talk', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-talk-stats-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const four = Object.fromEntries(['ctypes', 'cffi', 'pybind11', 'pyo3'].map((k) => [k, cases[k]!]));
  const file = join(scratch, 'talk.json');
  writeFileSync(file, JSON.stringify(four));
  const run = async (args: string[]) => {
    let out = '';
    const code = await statsCommand(args, (t) => void (out += t));
    return { code, out };
  };

  test('--json: the talk-way summaries, p-values on all samples', async () => {
    const { code, out } = await run([file, '--estimators', 'talk', '--json']);
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as { summary: Record<string, { kept: number; mad: number; skewness: number }>; pairs: { p: number }[]; estimators: string };
    for (const name of Object.keys(four)) {
      assert.equal(parsed.summary[name]!.kept, ref[name]!.kept);
      close(parsed.summary[name]!.skewness, ref[name]!.skewness!, `${name}: skewness`);
    }
    // The p-values are those of the raw series (nothing dropped), as in the talk.
    const raw = pairwise(four);
    assert.deepEqual(parsed.pairs.map((p) => p.p), raw.map((p) => p.p));
    assert.match(parsed.estimators, /Tukey|Q1 - 1\.5\*IQR/);
  });

  test('tables: printed to the talk\'s digits, estimators named', async () => {
    const { code, out } = await run([file, '--estimators', 'talk']);
    assert.equal(code, 0);
    assert.match(out, /^Method statistics \(shown data: Tukey outliers dropped\)\n/);
    const row = out.split('\n').find((l) => l.startsWith('pybind11 '))!;
    const cells = row.split('|').map((c) => c.trim());
    const r = ref['pybind11']!;
    assert.deepEqual(cells.slice(1), [sig3(r.cv!), sig3(r.skewness!), sig3(r.kurtosis!), sig3(r.std!), sig3(r.mad!)]);
    assert.match(out, /\nEstimators \(the talk's\): .*ALL samples/);
  });

  test('an unknown estimator set is a clear error', async () => {
    await assert.rejects(run([file, '--estimators', 'r']), /--estimators: expected scipy or talk, got "r"/);
  });
});

describe('between-process intervals (what the claims use) against SciPy', () => {
  test("Student's t quantiles, fractional degrees of freedom included", () => {
    tq.forEach(([q, df], i) => close(studentTQuantile(q, df), sp.t[i]!, `t.ppf(${q}, ${df})`, 1e-9));
  });

  test('Welch interval of a ratio of geometric means (logs)', () => {
    welchCases.forEach(([a, b], i) => {
      const r = processRatioCI(a, b, 0.95);
      const [d, lo, hi] = sp.welch[i]!;
      close(Math.log(r.ratio), d!, `case ${i}: log ratio`);
      close(Math.log(r.low), lo!, `case ${i}: low`, 1e-9);
      close(Math.log(r.high), hi!, `case ${i}: high`, 1e-9);
      assert.deepEqual(r.processes, [a.length, b.length]);
    });
  });

  test('one-arm geometric mean interval; one process gives no interval, fewer processes a wider one', () => {
    oneCases.forEach((xs, i) => {
      const r = processGeoMeanCI(xs);
      const [g, lo, hi] = sp.one[i]!;
      close(r.ratio, g!, `case ${i}: geomean`);
      close(r.low, lo!, `case ${i}: low`, 1e-9);
      close(r.high, hi!, `case ${i}: high`, 1e-9);
    });
    const single = processRatioCI([100], [120, 121]);
    assert.ok(Number.isNaN(single.low) && Number.isNaN(single.high));
    assert.equal(single.ratio, Math.exp((Math.log(120) + Math.log(121)) / 2 - Math.log(100)));
    // The same spread with 3 instead of 6 processes per arm: a wider interval (t with fewer df).
    const six = processRatioCI([100, 104, 98, 100, 104, 98], [110, 114, 108, 110, 114, 108]);
    const three = processRatioCI([100, 104, 98], [110, 114, 108]);
    assert.ok(three.high - three.low > six.high - six.low);
  });
});
