// The project's statistics, in two modules: this one (descriptive statistics, the Mann–Whitney U
// test, Benjamini–Hochberg adjustment, effect sizes, a bootstrap CI of a median ratio) and
// analysis/intervals.ts (Student-t and Welch intervals over processes for comparisons between
// runtimes, loaders or runs, Kendall's tau-b), which builds on it.
// Pure TypeScript with no Node APIs: the server, the CLI and the browser deck all import it.
//
// Every estimator reproduces a named NumPy/SciPy default (see each doc comment), and
// tests/unit/stats.test.ts checks them against live SciPy (analysis/requirements-reference.txt).
// All samples are used: nothing is dropped as an outlier, except in `talkSummary`, which reproduces
// the talk's own estimators (Tukey drop first) for its tables.

/** Thrown for unusable input (empty samples, non-finite values, bad options). */
export class StatsInputError extends Error {
  override name = 'StatsInputError';
}

/**
 * The factor that makes the MAD a consistent estimator of the standard deviation for normal
 * data (≈ 1/Φ⁻¹(0.75) = 1.482602…). The talk's tables multiplied the MAD by 1.4826; `summary`
 * does NOT (SciPy's `median_abs_deviation` default, scale = 1): multiply by this to compare.
 */
export const MAD_NORMAL_SCALE = 1.4826;

const EPS = 2 ** -52;

// ---------------------------------------------------------------------------------------------
// Validation

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * Checks that `values` is an array of at least `min` finite numbers; `label` names it in the
 * message, e.g. `series "ctypes"`. Returns the values as a number array.
 */
export function validateSample(values: unknown, label: string, min: number): number[] {
  if (!Array.isArray(values) && !(values instanceof Float64Array)) {
    throw new StatsInputError(`${label} is ${describe(values)}, not an array of numbers`);
  }
  const arr = values as ArrayLike<unknown>;
  if (arr.length < min) throw new StatsInputError(`${label} has ${arr.length} values; need at least ${min}`);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== 'number') throw new StatsInputError(`${label} value [${i}] is ${describe(v)}, not a number`);
    if (!Number.isFinite(v)) throw new StatsInputError(`${label} value [${i}] is ${v}; need finite numbers`);
  }
  return Array.from(arr as ArrayLike<number>);
}

// ---------------------------------------------------------------------------------------------
// Order statistics and moments

/** A sorted copy (numeric order). */
function sorted(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** NumPy's `_lerp`: a + (b − a)·t, computed from the nearer end for t ≥ 0.5. */
function lerp(a: number, b: number, t: number): number {
  if (a === b) return a;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Quantile of sorted data like `numpy.quantile(x, q)` (default method 'linear'). */
function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return lerp(s[lo]!, s[hi]!, h - lo);
}

/** Median of sorted data like `numpy.median` (mean of the two middle values for even n). */
function medianSorted(s: Float64Array): number {
  const n = s.length;
  const mid = n >> 1;
  return n % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Quantile like `numpy.quantile(values, q)` with its default linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  const v = validateSample(values, 'sample', 1);
  if (!(q >= 0 && q <= 1)) throw new StatsInputError(`quantile ${q} is outside [0, 1]`);
  return quantileSorted(sorted(v), q);
}

/**
 * Where a value axis showing several distributions should end so that each one's body is drawn and
 * its far outliers are not (they would squash every other distribution): the largest upper Tukey far
 * fence, Q3 + 3·IQR, over the series, each capped at the series' own maximum. A sample of a busy
 * machine with a few slow calls in thousands keeps its axis at the calls' scale. Null when no series
 * has a value. The caller says how many values lie beyond it.
 */
export function robustAxisMax(series: readonly (readonly number[])[]): number | null {
  let top: number | null = null;
  for (const values of series) {
    const v = values.filter((x) => Number.isFinite(x));
    if (!v.length) continue;
    const s = sorted(v);
    const q1 = quantileSorted(s, 0.25);
    const q3 = quantileSorted(s, 0.75);
    const fence = Math.min(s[s.length - 1]!, q3 + 3 * (q3 - q1));
    top = top === null ? fence : Math.max(top, fence);
  }
  return top;
}

/** Median like `numpy.median`. */
export function median(values: readonly number[]): number {
  return medianSorted(sorted(validateSample(values, 'sample', 1)));
}

/** A sample's one or two middle values as a pair whose median is the sample's median exactly (the
 * middle value twice for an odd count): all that a reader of medians needs of a sample. */
export function middlePair(values: readonly number[]): [number, number] {
  const s = sorted(validateSample(values, 'sample', 1));
  const mid = s.length >> 1;
  return s.length % 2 ? [s[mid]!, s[mid]!] : [s[mid - 1]!, s[mid]!];
}

/** Compensated (Neumaier) sum: at least as accurate as NumPy's pairwise summation. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

/** The statistics of one series that both summaries report; each says how it estimates them. */
interface Moments {
  /** Samples given. */
  n: number;
  median: number;
  mean: number;
  std: number;
  cv: number;
  skewness: number;
  kurtosis: number;
  mad: number;
}

/**
 * SciPy's estimators on all samples: `median` like `numpy.median`; `std` the SAMPLE standard
 * deviation (ddof = 1), like `numpy.std(x, ddof=1)`, not SciPy's ddof = 0; `cv` = std / mean with
 * that std (`scipy.stats.variation` defaults to ddof = 0); `skewness` = `scipy.stats.skew(x)`
 * default, biased, m3 / m2^1.5 with population moments, NaN where SciPy gives NaN ((near-)zero
 * variance, m2 ≤ (ε·mean)²); `kurtosis` = `scipy.stats.kurtosis(x)` default, Fisher's excess,
 * biased, m4 / m2² − 3, NaN for (near-)zero variance like SciPy; `mad` =
 * `scipy.stats.median_abs_deviation(x)` default, median |x − median(x)|, scale 1.0, i.e. NOT
 * multiplied by 1.4826 as in the talk (see MAD_NORMAL_SCALE).
 */
export interface Summary extends Moments {
  min: number;
  max: number;
  /** 25th and 75th percentiles, `numpy.quantile` default (linear interpolation). */
  q1: number;
  q3: number;
}

/** Mean, ddof = 1 std, population central moments m2..m4, median and unscaled MAD of a sample. */
function moments(v: readonly number[]) {
  const n = v.length;
  const mean = sum(v) / n;
  const d = v.map((x) => x - mean);
  const ss = sum(d.map((x) => x * x));
  const med = medianSorted(sorted(v));
  return {
    n,
    mean,
    std: Math.sqrt(ss / (n - 1)),
    m2: ss / n,
    m3: sum(d.map((x) => x * x * x)) / n,
    m4: sum(d.map((x) => x * x * (x * x))) / n,
    med,
    mad: medianSorted(sorted(v.map((x) => Math.abs(x - med)))),
  };
}

/** Descriptive statistics of one sample (at least 2 finite values); see `Summary` for each estimator. */
export function summary(values: readonly number[], label = 'sample'): Summary {
  const v = validateSample(values, label, 2);
  const s = sorted(v);
  const { n, mean, std, m2, m3, m4, med, mad } = moments(v);
  // SciPy's rule: a variance this small relative to the mean is rounding noise, not spread.
  const zero = m2 <= (EPS * mean) ** 2;
  return {
    n,
    median: med,
    mean,
    std,
    cv: std / mean,
    skewness: zero ? NaN : m3 / m2 ** 1.5,
    kurtosis: zero ? NaN : m4 / m2 ** 2 - 3,
    mad,
    min: s[0]!,
    max: s[n - 1]!,
    q1: quantileSorted(s, 0.25),
    q3: quantileSorted(s, 0.75),
  };
}

/**
 * What the talk's tables report for one series (its `viz_bench_from_json.py` estimators): `std`
 * ddof = 1 over the kept values; `cv` = std / mean; `skewness` = m3 / std³ and `kurtosis` =
 * m4 / std⁴ − 3, population moments over the ddof = 1 std (NaN when std is 0); `mad` = 1.4826 ×
 * median |x − median|.
 */
export interface TalkSummary extends Moments {
  /** Samples left after the Tukey drop (all of them when the IQR is 0). */
  kept: number;
  /** The fences used, [Q1 − 1.5·IQR, Q3 + 1.5·IQR]; null when the IQR is 0 (nothing dropped). */
  fences: [number, number] | null;
}

/**
 * The talk's estimators, exactly as its tables computed them: first drop the values outside
 * Q1 − 1.5·IQR … Q3 + 1.5·IQR (quartiles by linear interpolation, as numpy.percentile; nothing is
 * dropped when the IQR is 0), then on what is left: std with ddof = 1, CV = std / mean, skewness =
 * m3 / std³ and excess kurtosis = m4 / std⁴ − 3 with population moments m3, m4 (a mixed estimator:
 * neither SciPy's biased nor its unbiased one), MAD = 1.4826 × median |x − median|. The talk's
 * p-values came from all samples: use `pairwise` on the raw series for those.
 */
export function talkSummary(values: readonly number[], label = 'sample'): TalkSummary {
  const all = validateSample(values, label, 2);
  const s = sorted(all);
  const q1 = quantileSorted(s, 0.25);
  const q3 = quantileSorted(s, 0.75);
  const iqr = q3 - q1;
  const fences: [number, number] | null = iqr > 0 ? [q1 - 1.5 * iqr, q3 + 1.5 * iqr] : null;
  const v = fences ? all.filter((x) => x >= fences[0] && x <= fences[1]) : all;
  const { n, mean, std, m3, m4, med, mad } = moments(v);
  return {
    n: all.length,
    kept: n,
    fences,
    median: med,
    mean,
    std,
    cv: std / mean,
    skewness: std > 0 ? m3 / std ** 3 : NaN,
    kurtosis: std > 0 ? m4 / std ** 4 - 3 : NaN,
    mad: MAD_NORMAL_SCALE * mad,
  };
}

// ---------------------------------------------------------------------------------------------
// Normal tail

const SQRT_PI = Math.sqrt(Math.PI);

/** e^(−x²) without the rounding error of forming x² (x split into a 16-bit-fraction head and a tail). */
function expMinusSquare(x: number): number {
  const head = Math.round(x * 65536) / 65536;
  return Math.exp(-head * head) * Math.exp(-(x - head) * (x + head));
}

/**
 * Complementary error function with ~1e-15 relative accuracy over the whole range, including the
 * far tail (erfc(26) ≈ 5.7e-296), where 1 − erf(x) would be 0.
 * x < 1: erf from its series with positive terms, erf(x) = 2/√π·e^(−x²)·Σ (2x²)ⁿ·x/(2n+1)!!.
 * x ≥ 1: the continued fraction e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))), by modified Lentz.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 1) {
    const x2 = 2 * x * x;
    let term = x;
    let total = x;
    for (let k = 1; k < 200; k++) {
      term *= x2 / (2 * k + 1);
      total += term;
      if (term < total * 1e-17) break;
    }
    return 1 - ((2 / SQRT_PI) * expMinusSquare(x) * total);
  }
  if (x > 27.3) return 0; // below the smallest double
  // f = x + a1/(x + a2/(x + …)), a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? 1 / tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expMinusSquare(x) / (SQRT_PI * f);
}

/** P(Z > z) for a standard normal Z (`scipy.special.ndtr(-z)`), accurate far into the upper tail. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

// ---------------------------------------------------------------------------------------------
// Mann–Whitney U

export interface MannWhitneyResult {
  /** U for the first sample: the number of pairs (aᵢ, bⱼ) with aᵢ > bⱼ, ties counting ½ (SciPy's U1). */
  u: number;
  /** Two-sided p-value. */
  p: number;
  /** How p was computed, by SciPy's method='auto' rule. */
  method: 'exact' | 'asymptotic';
}

/**
 * Counts of U = 0…maxU for sample sizes m ≤ n under H0, without ties: the coefficients of the
 * Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^(n+i)) / (1 − q^i), truncated.
 */
function uCounts(m: number, n: number, maxU: number): Float64Array {
  let poly = new Float64Array(maxU + 1);
  poly[0] = 1;
  for (let i = 1; i <= m; i++) {
    const next = new Float64Array(maxU + 1);
    const shift = n + i;
    for (let k = 0; k <= maxU; k++) next[k] = poly[k]! - (k >= shift ? poly[k - shift]! : 0);
    for (let k = i; k <= maxU; k++) next[k] = next[k]! + next[k - i]!;
    poly = next;
  }
  return poly;
}

/**
 * Two-sided Mann–Whitney U test, equal to `scipy.stats.mannwhitneyu(a, b)` with its defaults
 * (alternative='two-sided', method='auto', use_continuity=True), SciPy ≥ 1.7 through 1.17:
 * - method 'auto' uses the exact null distribution when there are no ties (across both samples)
 *   and at least one sample has ≤ 8 values; otherwise the normal approximation.
 * - exact: p = 2·P(U ≤ min(U1, U2)), clipped to 1 (no continuity correction).
 * - asymptotic: z = (max(U1, U2) − n1·n2/2 − ½) / σ with the tie-corrected
 *   σ = √(n1·n2/12 · ((n+1) − Σ(t³ − t)/(n(n−1)))), p = 2·P(Z > z), clipped to 1.
 *   All values equal gives σ = 0, z = −∞ and p = 1, like SciPy.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const x = validateSample(a, 'sample a', 1);
  const y = validateSample(b, 'sample b', 1);
  const n1 = x.length;
  const n2 = y.length;
  const n = n1 + n2;
  // Average ranks of the pooled sample, and the sizes of tie groups.
  const pooled = x.concat(y);
  const order = Array.from(pooled.keys()).sort((i, j) => pooled[i]! - pooled[j]!);
  let r1 = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && pooled[order[end]!] === pooled[order[start]!]) end++;
    const t = end - start;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) if (order[k]! < n1) r1 += rank;
    tieTerm += t * t * t - t;
    start = end;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const uMax = Math.max(u1, u2);
  const exact = (n1 <= 8 || n2 <= 8) && tieTerm === 0;
  let p: number;
  if (exact) {
    const m = Math.min(n1, n2);
    const big = Math.max(n1, n2);
    const uMin = Math.round(Math.min(u1, u2));
    const counts = uCounts(m, big, uMin);
    let total = 1;
    for (let i = 1; i <= m; i++) total = (total * (big + i)) / i; // C(m + big, m)
    p = (2 * sum(counts)) / total;
  } else {
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (uMax - (n1 * n2) / 2 - 0.5) / s;
    p = 2 * normalSf(z);
  }
  return { u: u1, p: Math.min(Math.max(p, 0), 1), method: exact ? 'exact' : 'asymptotic' };
}

// ---------------------------------------------------------------------------------------------
// Multiple comparisons and effect sizes

/** Benjamini–Hochberg adjusted p-values, like `scipy.stats.false_discovery_control(p, method='bh')`:
 * p₍ᵢ₎·m/i, then a running minimum from the largest p down, clipped to [0, 1]; input order kept. */
export function benjaminiHochberg(pvalues: readonly number[]): number[] {
  const ps = validateSample(pvalues, 'p-values', 0);
  ps.forEach((p, i) => {
    if (p < 0 || p > 1) throw new StatsInputError(`p-values value [${i}] is ${p}; need numbers between 0 and 1`);
  });
  const m = ps.length;
  if (m <= 1) return ps;
  const order = Array.from(ps.keys()).sort((i, j) => ps[i]! - ps[j]! || i - j);
  const adjusted = new Array<number>(m);
  let running = Infinity;
  for (let rank = m; rank >= 1; rank--) {
    const idx = order[rank - 1]!;
    running = Math.min(running, ps[idx]! * (m / rank));
    adjusted[idx] = Math.min(Math.max(running, 0), 1);
  }
  return adjusted;
}

/** Common-language effect size P(a > b) + ½·P(a = b) over all pairs = U1 / (n1·n2). */
export function commonLanguageEffect(u: number, n1: number, n2: number): number {
  return u / (n1 * n2);
}

/**
 * Rank-biserial correlation r = 1 − 2·U1/(n1·n2) = P(a < b) − P(a > b), in [−1, 1].
 * Sign convention: r > 0 means values of `a` tend to be LOWER than `b` (for timings: a is faster);
 * r = 1 when every a is below every b; 0 for no tendency.
 */
export function rankBiserial(u: number, n1: number, n2: number): number {
  return 1 - (2 * u) / (n1 * n2);
}

export interface PairResult {
  a: string;
  b: string;
  /** Mann–Whitney U for `a` (SciPy's U1). */
  u: number;
  /** Two-sided Mann–Whitney p-value. */
  p: number;
  /** Benjamini–Hochberg adjusted over all pairs. */
  pAdjusted: number;
  /** The series with the lower median; null when the medians are equal. */
  faster: string | null;
  /** Rank-biserial correlation (see `rankBiserial`): > 0 when `a` tends to be lower. */
  effectSize: number;
  /** Common-language effect P(a > b) + ½·P(a = b). */
  commonLanguage: number;
  method: 'exact' | 'asymptotic';
}

/** Validates named series for `pairwise` and friends: at least 2 series of at least 2 finite numbers. */
export function validateSeries(series: Record<string, readonly number[]>): [string, number[]][] {
  if (typeof series !== 'object' || series === null || Array.isArray(series)) {
    throw new StatsInputError('series must be an object of {"name": [numbers, ...]}');
  }
  const entries = Object.entries(series).map(([name, values]) => [name, validateSample(values, `series "${name}"`, 2)] as [string, number[]]);
  if (entries.length < 2) throw new StatsInputError(`need at least 2 series to compare, got ${entries.length}`);
  return entries;
}

/** Every pair (a, b) of series in insertion order (a before b): Mann–Whitney U, BH over all pairs,
 * the faster (lower-median) one and effect sizes. */
export function pairwise(series: Record<string, readonly number[]>): PairResult[] {
  const entries = validateSeries(series);
  const medians = new Map(entries.map(([name, v]) => [name, medianSorted(sorted(v))]));
  const raw: Omit<PairResult, 'pAdjusted'>[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const [a, x] = entries[i]!;
      const [b, y] = entries[j]!;
      const { u, p, method } = mannWhitneyU(x, y);
      const ma = medians.get(a)!;
      const mb = medians.get(b)!;
      raw.push({
        a,
        b,
        u,
        p,
        faster: ma < mb ? a : mb < ma ? b : null,
        effectSize: rankBiserial(u, x.length, y.length),
        commonLanguage: commonLanguageEffect(u, x.length, y.length),
        method,
      });
    }
  }
  const adjusted = benjaminiHochberg(raw.map((r) => r.p));
  return raw.map((r, k) => ({ a: r.a, b: r.b, u: r.u, p: r.p, pAdjusted: adjusted[k]!, faster: r.faster, effectSize: r.effectSize, commonLanguage: r.commonLanguage, method: r.method }));
}

// ---------------------------------------------------------------------------------------------
// Bootstrap

/** A small seeded PRNG (mulberry32): uniform numbers in [0, 1), the same sequence for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k-th smallest (0-based) of `a`, partially reordering it (Hoare's quickselect). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function medianInPlace(a: Float64Array): number {
  const n = a.length;
  const upper = select(a, n >> 1);
  if (n % 2) return upper;
  // After select, everything before index n/2 is ≤ upper: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + upper) / 2;
}

export interface BootstrapOptions {
  /** Number of resamples (default 2000). */
  resamples?: number;
  /** Two-sided confidence level in (0, 1) (default 0.95). */
  confidence?: number;
  /** PRNG seed (default 1): the same seed gives the same interval. */
  seed?: number;
}

export interface RatioCI {
  /** median(a) / median(b) of the data. */
  ratio: number;
  low: number;
  high: number;
}

/**
 * Percentile bootstrap confidence interval of median(a) / median(b): each resample draws n1 values
 * from a and n2 from b with replacement; the interval is the (1 ∓ confidence)/2 quantiles (linear
 * interpolation) of the resampled ratios. Deterministic for a seed.
 */
export function bootstrapMedianRatioCI(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): RatioCI {
  const x = validateSample(a, 'sample a', 1);
  const y = validateSample(b, 'sample b', 1);
  const { resamples = 2000, confidence = 0.95, seed = 1 } = options;
  if (!Number.isInteger(resamples) || resamples < 1 || resamples > 10_000_000) {
    throw new StatsInputError(`resamples must be an integer 1..10000000, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) throw new StatsInputError(`confidence must be in (0, 1), got ${confidence}`);
  if (!Number.isFinite(seed)) throw new StatsInputError(`seed must be a finite number, got ${seed}`);
  const mb = medianSorted(sorted(y));
  if (mb === 0) throw new StatsInputError('median of sample b is 0; the ratio is undefined');
  const ratio = medianSorted(sorted(x)) / mb;
  const random = seededRandom(seed);
  const bx = new Float64Array(x.length);
  const by = new Float64Array(y.length);
  const ratios = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < x.length; i++) bx[i] = x[Math.floor(random() * x.length)]!;
    for (let i = 0; i < y.length; i++) by[i] = y[Math.floor(random() * y.length)]!;
    ratios[r] = medianInPlace(bx) / medianInPlace(by);
  }
  ratios.sort();
  const alpha = (1 - confidence) / 2;
  return { ratio, low: quantileSorted(ratios, alpha), high: quantileSorted(ratios, 1 - alpha) };
}
