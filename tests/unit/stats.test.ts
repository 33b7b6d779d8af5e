// analysis/stats.ts against live SciPy/NumPy (the pinned "tools" environment), and the
// `ffi-corners stats` command built on it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  benjaminiHochberg,
  bootstrapMedianRatioCI,
  commonLanguageEffect,
  MAD_NORMAL_SCALE,
  mannWhitneyU,
  median,
  middlePair,
  pairwise,
  rankBiserial,
  seededRandom,
  summary,
  type Summary,
} from '../../analysis/stats.ts';
import { formatStatsTables, statsCommand, statsReport } from '../../server/commands/stats.ts';
import { sci3, sig3 } from '../../analysis/format.ts';
import { toolsPython } from '../../server/runtimes/tools.ts';
import { UserError } from '../../server/util/errors.ts';
import { cli } from '../helpers.ts';

// ---------------------------------------------------------------------------------------------
// Deterministic data sets

/** The data sets' random numbers: the module's seeded PRNG (mulberry32); SciPy checks the statistics. */
const prng = seededRandom;
const rnd = prng(20250913);
const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
/** Timing-like integer nanoseconds: a floor plus a right-skewed tail; many ties. */
const intTimings = (n: number, floor: number, spread: number): number[] =>
  Array.from({ length: n }, () => Math.round(floor + spread * Math.exp(0.6 * gauss())));
/** Distinct floats (ties have probability ~0). */
const floats = (n: number, loc: number, scale: number): number[] => Array.from({ length: n }, () => loc + scale * gauss());
const lognormal = (n: number, mu: number, sigma: number): number[] => Array.from({ length: n }, () => Math.exp(mu + sigma * gauss()));
const range = (n: number, start: number): number[] => Array.from({ length: n }, (_, i) => start + i);

const series = {
  ctypes: intTimings(300, 240, 20),
  cffi: intTimings(300, 200, 15),
  pybind11: intTimings(300, 70, 6),
  pyo3: intTimings(300, 70, 7),
};
const allTied = Array.from({ length: 25 }, () => 100);
const tiesSmallA = intTimings(6, 10, 2);
const tiesSmallB = intTimings(7, 11, 2);

/** [label, a, b, method SciPy's 'auto' should pick] */
const mwuCases: [string, number[], number[], 'exact' | 'asymptotic'][] = [
  ['int timings with ties, n=300', series.ctypes, series.cffi, 'asymptotic'],
  ['int timings, similar', series.pybind11, series.pyo3, 'asymptotic'],
  ['exact 3 vs 4', floats(3, 0, 1), floats(4, 0.5, 1), 'exact'],
  ['exact 5 vs 7', floats(5, 10, 2), floats(7, 12, 2), 'exact'],
  ['exact 1 vs 6', floats(1, 0, 1), floats(6, 0, 1), 'exact'],
  ['exact 8 vs 8, separated', range(8, 0), range(8, 100), 'exact'],
  ['exact 8 vs 9 (boundary)', floats(8, 0, 1), floats(9, 0.7, 1), 'exact'],
  ['exact 8 vs 40 (one small sample)', floats(8, 0, 1), floats(40, 0.4, 1), 'exact'],
  ['exact 2 vs 2 at the centre (p clipped to 1)', [1, 4], [2, 3], 'exact'],
  ['9 vs 9 without ties (boundary)', floats(9, 0, 1), floats(9, 0.8, 1), 'asymptotic'],
  ['small with ties 6 vs 7', tiesSmallA, tiesSmallB, 'asymptotic'],
  ['small with ties 3 vs 3', [1, 2, 2], [2, 3, 4], 'asymptotic'],
  ['large skewed floats 500 vs 400', lognormal(500, 4, 0.5), lognormal(400, 4.05, 0.6), 'asymptotic'],
  ['identical constant samples', allTied, allTied.slice(0, 20), 'asymptotic'],
  ['the same sample twice', series.pyo3, series.pyo3, 'asymptotic'],
  ['very different, p ~ 1e-60', floats(180, 100, 1), floats(180, 200, 1), 'asymptotic'],
  ['very different ints with ties', intTimings(200, 70, 3), intTimings(200, 300, 5), 'asymptotic'],
  ['extreme, p ~ 1e-190', range(600, 0), range(600, 1000), 'asymptotic'],
  ['beyond double range (p = 0 in SciPy too)', range(2000, 0), range(2000, 5000), 'asymptotic'],
];

const samples: number[][] = [
  ...Object.values(series),
  tiesSmallA,
  [3, 1],
  [5, 5, 5, 6],
  floats(7, 50, 3),
  lognormal(1001, 5, 1),
  intTimings(250, 73, 40),
  allTied,
  [1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 7],
];

const bhCases: number[][] = [
  [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 1, 0.04],
  [1e-60, 1e-60, 0.5, 0.049],
  [0, 0.3, 1],
  [0.7],
  [],
  mwuCases.map(([, a, b]) => mannWhitneyU(a, b).p),
];

// ---------------------------------------------------------------------------------------------
// SciPy's answers, computed live

const REFERENCE_PY = String.raw`
import itertools, json, math, sys, warnings
import numpy as np
from scipy import stats
warnings.simplefilter('ignore')
d = json.load(sys.stdin)
def f(x):
    x = float(x)
    return None if math.isnan(x) else x
out = {'summary': [], 'mwu': [], 'bh': [], 'pairwise': []}
for xs in d['samples']:
    a = np.asarray(xs, dtype=float)
    mean = np.mean(a); std = np.std(a, ddof=1)
    out['summary'].append(dict(
        n=len(a), median=f(np.median(a)), mean=f(mean), std=f(std), cv=f(std / mean),
        skewness=f(stats.skew(a)), kurtosis=f(stats.kurtosis(a)), mad=f(stats.median_abs_deviation(a)),
        min=f(a.min()), max=f(a.max()), q1=f(np.quantile(a, 0.25)), q3=f(np.quantile(a, 0.75))))
for a, b in d['mwu']:
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    r = stats.mannwhitneyu(a, b)
    # (SciPy's exact distribution costs O(U^2): only for small samples.)
    pe = stats.mannwhitneyu(a, b, method='exact').pvalue if min(len(a), len(b)) <= 12 else None
    pa = stats.mannwhitneyu(a, b, method='asymptotic').pvalue
    method = 'exact' if r.pvalue == pe and pe != pa else 'asymptotic' if r.pvalue == pa and pe != pa else 'either'
    out['mwu'].append(dict(u=f(r.statistic), p=f(r.pvalue), method=method))
for ps in d['bh']:
    out['bh'].append([f(x) for x in np.atleast_1d(stats.false_discovery_control(np.asarray(ps, dtype=float), method='bh'))] if ps else [])
names = list(d['series'])
pairs = list(itertools.combinations(names, 2))
res = [stats.mannwhitneyu(np.asarray(d['series'][x], float), np.asarray(d['series'][y], float)) for x, y in pairs]
adj = stats.false_discovery_control([r.pvalue for r in res], method='bh')
for (x, y), r, q in zip(pairs, res, adj):
    out['pairwise'].append(dict(a=x, b=y, u=f(r.statistic), p=f(r.pvalue), pAdjusted=f(q)))
out['versions'] = dict(numpy=np.__version__, scipy=__import__('scipy').__version__)
print(json.dumps(out))
`;

interface Reference {
  summary: Record<keyof Summary, number | null>[];
  mwu: { u: number; p: number; method: 'exact' | 'asymptotic' | 'either' }[];
  bh: (number | null)[][];
  pairwise: { a: string; b: string; u: number; p: number; pAdjusted: number }[];
  versions: { numpy: string; scipy: string };
}

let ref: Reference;

before(async () => {
  const python = await toolsPython();
  const input = JSON.stringify({ samples, mwu: mwuCases.map(([, a, b]) => [a, b]), bh: bhCases, series });
  const res = spawnSync(python, ['-c', REFERENCE_PY], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(res.status, 0, `reference script failed:\n${res.stderr}`);
  ref = JSON.parse(res.stdout) as Reference;
});

/** |actual − expected| ≤ max(rel·|expected|, abs); null (SciPy's NaN) must be NaN. */
function close(actual: number, expected: number | null, what: string, rel = 1e-9, abs = 0): void {
  if (expected === null) {
    assert.ok(Number.isNaN(actual), `${what}: SciPy gives NaN, got ${actual}`);
    return;
  }
  const tol = Math.max(rel * Math.abs(expected), abs);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, SciPy ${expected} (tolerance ${tol})`);
}

// ---------------------------------------------------------------------------------------------

describe('analysis/stats.ts against SciPy', () => {
  test('summary: every field of every sample', () => {
    samples.forEach((xs, i) => {
      const mine = summary(xs);
      const theirs = ref.summary[i]!;
      const label = `sample ${i} (n=${xs.length})`;
      assert.equal(mine.n, theirs.n, `${label}: n`);
      for (const key of ['median', 'mad', 'min', 'max'] as const) assert.equal(mine[key], theirs[key], `${label}: ${key}`);
      for (const key of ['mean', 'std', 'cv', 'q1', 'q3'] as const) close(mine[key], theirs[key], `${label}: ${key}`, 1e-12);
      // Central moments of symmetric-ish data can be near 0: an absolute floor as well.
      close(mine.skewness, theirs.skewness, `${label}: skewness`, 1e-9, 1e-12);
      close(mine.kurtosis, theirs.kurtosis, `${label}: kurtosis`, 1e-9, 1e-12);
    });
  });

  test('Mann-Whitney U: U, p and the method SciPy picks', () => {
    mwuCases.forEach(([label, a, b, method], i) => {
      const mine = mannWhitneyU(a, b);
      const theirs = ref.mwu[i]!;
      assert.equal(mine.u, theirs.u, `${label}: U`);
      close(mine.p, theirs.p, `${label}: p`, 1e-9, 1e-300);
      assert.equal(mine.method, method, `${label}: method`);
      if (theirs.method !== 'either') assert.equal(theirs.method, method, `${label}: SciPy's method`);
    });
  });

  test('tiny p-values do not underflow where SciPy gives a nonzero value', () => {
    const i = mwuCases.findIndex(([label]) => label.startsWith('very different, p'));
    const p = mannWhitneyU(mwuCases[i]![1], mwuCases[i]![2]).p;
    assert.ok(p > 1e-70 && p < 1e-50, `p = ${p}`);
    const extreme = mannWhitneyU(range(600, 0), range(600, 1000)).p;
    assert.ok(extreme > 0 && extreme < 1e-150, `p = ${extreme}`);
  });

  test('Benjamini-Hochberg like false_discovery_control(method="bh")', () => {
    bhCases.forEach((ps, i) => {
      const mine = benjaminiHochberg(ps);
      assert.equal(mine.length, ps.length);
      mine.forEach((q, k) => close(q, ref.bh[i]![k]!, `BH case ${i} [${k}]`, 1e-12, 1e-300));
    });
  });

  test('pairwise: insertion-order pairs, U, p, BH over all pairs, faster, effect size', () => {
    const pairs = pairwise(series);
    assert.deepEqual(
      pairs.map((p) => `${p.a}/${p.b}`),
      ref.pairwise.map((p) => `${p.a}/${p.b}`),
    );
    pairs.forEach((mine, k) => {
      const theirs = ref.pairwise[k]!;
      assert.equal(mine.u, theirs.u);
      close(mine.p, theirs.p, `${mine.a} vs ${mine.b}: p`, 1e-9, 1e-300);
      close(mine.pAdjusted, theirs.pAdjusted, `${mine.a} vs ${mine.b}: BH`, 1e-9, 1e-300);
      const n1 = series[mine.a as keyof typeof series].length;
      const n2 = series[mine.b as keyof typeof series].length;
      assert.equal(mine.effectSize, 1 - (2 * mine.u) / (n1 * n2));
      assert.equal(mine.commonLanguage, mine.u / (n1 * n2));
    });
    const first = pairs[0]!; // ctypes (slow) vs cffi (faster)
    assert.equal(first.faster, 'cffi');
    assert.ok(first.effectSize < 0, 'a slower than b gives a negative rank-biserial r');
    const pb = pairs.find((p) => p.a === 'cffi' && p.b === 'pybind11')!;
    assert.equal(pb.faster, 'pybind11');
  });

  test('identical samples: p = 1, undefined shape statistics are NaN', () => {
    const r = mannWhitneyU(allTied, allTied);
    assert.equal(r.p, 1);
    assert.equal(r.u, (allTied.length * allTied.length) / 2);
    const s = summary(allTied);
    assert.equal(s.std, 0);
    assert.equal(s.mad, 0);
    assert.ok(Number.isNaN(s.skewness) && Number.isNaN(s.kurtosis));
  });

  test('effect sizes: sign convention and range', () => {
    const { u } = mannWhitneyU([1, 2, 3], [10, 11, 12]);
    assert.equal(u, 0);
    assert.equal(rankBiserial(u, 3, 3), 1, 'every a below every b: r = +1 (a faster)');
    assert.equal(commonLanguageEffect(u, 3, 3), 0);
    assert.equal(rankBiserial(9, 3, 3), -1);
    assert.equal(MAD_NORMAL_SCALE, 1.4826);
  });
});

describe('bootstrapMedianRatioCI', () => {
  // Floats: with integer timings the resampled medians take few values, and the interval
  // endpoints often coincide across seeds.
  const a = lognormal(300, 5, 0.3);
  const b = lognormal(300, 4, 0.3);
  test('deterministic for a seed; the ratio is the data\'s median ratio', () => {
    const one = bootstrapMedianRatioCI(a, b, { seed: 7 });
    assert.deepEqual(bootstrapMedianRatioCI(a, b, { seed: 7 }), one);
    assert.equal(one.ratio, median(a) / median(b));
    assert.ok(one.low <= one.ratio && one.ratio <= one.high, JSON.stringify(one));
    assert.ok(one.low > 2 && one.high < 4, JSON.stringify(one));
    const other = bootstrapMedianRatioCI(a, b, { seed: 8 });
    assert.equal(other.ratio, one.ratio);
    assert.notDeepEqual(other, one);
  });
  test('a wider confidence level gives a wider interval', () => {
    const narrow = bootstrapMedianRatioCI(series.pybind11, series.pyo3, { seed: 3, confidence: 0.5 });
    const wide = bootstrapMedianRatioCI(series.pybind11, series.pyo3, { seed: 3, confidence: 0.99 });
    assert.ok(wide.low <= narrow.low && wide.high >= narrow.high);
  });
  test('validates options', () => {
    assert.throws(() => bootstrapMedianRatioCI(a, b, { resamples: 0 }), /resamples must be an integer/);
    assert.throws(() => bootstrapMedianRatioCI(a, b, { confidence: 1 }), /confidence must be in \(0, 1\)/);
    assert.throws(() => bootstrapMedianRatioCI(a, [0, 0, 1]), /median of sample b is 0/);
  });
});

describe('input validation', () => {
  test('empty, too short and non-finite samples are named', () => {
    assert.throws(() => summary([]), /sample has 0 values; need at least 2/);
    assert.throws(() => summary([1]), /sample has 1 values; need at least 2/);
    assert.throws(() => summary([1, NaN]), /sample value \[1\] is NaN; need finite numbers/);
    assert.throws(() => summary([1, Infinity]), /value \[1\] is Infinity/);
    assert.throws(() => summary([1, '2' as unknown as number]), /value \[1\] is "2", not a number/);
    assert.throws(() => mannWhitneyU([], [1]), /sample a has 0 values/);
    assert.throws(() => mannWhitneyU([1], [2, -Infinity]), /sample b value \[1\] is -Infinity/);
    assert.throws(() => pairwise({ ctypes: [], cffi: [1, 2] }), /series "ctypes" has 0 values; need at least 2/);
    assert.throws(() => pairwise({ ctypes: [1, 2] }), /need at least 2 series to compare, got 1/);
    assert.throws(() => benjaminiHochberg([0.5, 2]), /\[1\] is 2; need numbers between 0 and 1/);
    assert.throws(() => benjaminiHochberg([NaN]), /\[0\] is NaN/);
  });
});

// ---------------------------------------------------------------------------------------------
// The command

describe('ffi-corners stats', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-stats-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const file = (name: string, content: string): string => {
    const path = join(scratch, name);
    writeFileSync(path, content);
    return path;
  };
  const good = file('timings.json', JSON.stringify(series));

  async function run(args: string[]): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await statsCommand(args, (t) => void (out += t));
    return { code, out };
  }

  function checkJson(text: string): void {
    const parsed = JSON.parse(text) as { summary: Record<string, Record<string, number>>; pairs: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(parsed.summary), Object.keys(series));
    for (const s of Object.values(parsed.summary)) {
      assert.deepEqual(Object.keys(s).slice(0, 8), ['n', 'median', 'mean', 'std', 'cv', 'skewness', 'kurtosis', 'mad']);
    }
    assert.equal(parsed.pairs.length, 6);
    parsed.pairs.forEach((p, k) => {
      assert.deepEqual(Object.keys(p).slice(0, 5), ['a', 'b', 'u', 'p', 'pAdjusted']);
      const theirs = ref.pairwise[k]!;
      assert.equal(p.a, theirs.a);
      assert.equal(p.u, theirs.u);
      close(p.p as number, theirs.p, 'p', 1e-9, 1e-300);
      close(p.pAdjusted as number, theirs.pAdjusted, 'BH', 1e-9, 1e-300);
    });
    samples.slice(0, 4).forEach((_, i) => {
      const name = Object.keys(series)[i]!;
      close(parsed.summary[name]!.kurtosis!, ref.summary[i]!.kurtosis, `${name} kurtosis`, 1e-9, 1e-12);
    });
  }

  test('--json: summaries and pairs, matching SciPy', async () => {
    const { code, out } = await run([good, '--json']);
    assert.equal(code, 0);
    checkJson(out);
  });

  test('tables: the talk\'s two tables and the estimators line', async () => {
    const { code, out } = await run([good]);
    assert.equal(code, 0);
    assert.equal(out, formatStatsTables(statsReport(series)) + '\n');
    assert.match(out, /^Method statistics\nIndicator +\| +Cv \| Skewness \| Kurtosis \| +Std \| +mad\n/);
    assert.match(out, /\nMann-Whitney U p-values and Benjamini-Hochberg adjusted p-values\nComparison +\| U p-value \| BH p-value \| Faster/);
    assert.match(out, /\nctypes vs cffi +\| +\d\.\d\de-\d\d \| +\d\.\d\de-\d\d \| cffi\n/);
    assert.match(out, /\nEstimators: .*ddof=1.*1\.4826.*Benjamini-Hochberg/);
    assert.equal(sci3(9.7123e-25), '9.71e-25');
    assert.equal(sci3(1), '1.00e+00');
    assert.equal(sig3(0.052345), '0.0523');
    assert.equal(sig3(12345.6), '12300');
    assert.equal(sig3(-0.621), '-0.621');
  });

  test('bad input: one-line UserError naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [[], /missing FILE/],
      [[join(scratch, 'nope.json')], /nope\.json: cannot read: no such file/],
      [[file('bad.json', '{ not json')], /bad\.json: not valid JSON/],
      [[file('array.json', '[1, 2]')], /array\.json: expected an object .*got an array/],
      [[file('scalar.json', '{"ctypes": 5, "cffi": [1, 2]}')], /series "ctypes" is number 5, not an array of numbers/],
      [[file('string.json', '{"ctypes": [1, "x"], "cffi": [1, 2]}')], /series "ctypes" value \[1\] is a string "x", not a number/],
      [[file('inf.json', '{"ctypes": [1, 1e999], "cffi": [1, 2]}')], /series "ctypes" value \[1\] is Infinity; need finite numbers/],
      [[file('one.json', '{"ctypes": [1, 2]}')], /one\.json: need at least 2 series to compare, got 1/],
      [[file('short.json', '{"ctypes": [1], "cffi": [1, 2]}')], /short\.json: series "ctypes" has 1 values; need at least 2/],
      [[good, 'extra'], /unexpected argument "extra"/],
      [[good, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, pattern] of cases) {
      await assert.rejects(run(args), (err: Error) => {
        assert.ok(err instanceof UserError, `${args.join(' ')}: ${err.stack}`);
        assert.match(err.message, pattern);
        assert.doesNotMatch(err.message, /\n/);
        return true;
      });
    }
  });

  // Needs `stats` wired into server/cli.ts.
  test('the real CLI: --json output and a one-line error', () => {
    const res = cli(['stats', good, '--json']);
    assert.equal(res.code, 0, res.stderr);
    checkJson(res.stdout);
    const bad = cli(['stats', file('cli-short.json', '{"ctypes": [], "cffi": [1, 2]}')]);
    assert.notEqual(bad.code, 0);
    const lines = bad.stderr.split('\n').filter((l) => l.startsWith('ffi-corners: error:'));
    assert.equal(lines.length, 1, bad.stderr);
    assert.match(lines[0]!, /series "ctypes" has 0 values; need at least 2/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });
});

test('middlePair: two numbers whose median is the sample\'s median exactly, odd and even counts', () => {
  const odd = [5.3, 1.1, 9.7, 3.3, 7.1];
  const even = [0.1, 0.7, 0.2, 0.9, 0.3, 0.6];
  assert.deepEqual(middlePair(odd), [5.3, 5.3]);
  assert.deepEqual(middlePair(even), [0.3, 0.6]);
  for (const v of [odd, even, [2, 1]]) assert.equal(median(middlePair(v)), median(v));
  assert.throws(() => middlePair([]));
});
