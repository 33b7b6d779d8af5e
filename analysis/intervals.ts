// Intervals whose unit is a whole process (the claims' comparisons between runtimes, loaders or
// runs), the Student-t distribution they need, and Kendall's tau-b. The second half of the
// project's statistics (analysis/stats.ts has the rest, and the conventions: every estimator
// reproduces a named SciPy default, checked against live SciPy in tests/unit/).
import { StatsInputError, sum, validateSample } from './stats.ts';

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms; ~1e-15 relative). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized incomplete beta I_x(a, b): its continued fraction (modified Lentz), on the side
 * where it converges fast. */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - (lnGamma(a) + lnGamma(b) - lnGamma(a + b))) / a;
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = i >> 1;
    const num = i === 0 ? 1 : i % 2 === 0 ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)) : -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + num * d;
    d = Math.abs(d) < tiny ? tiny : d;
    d = 1 / d;
    c = 1 + num / c;
    c = Math.abs(c) < tiny ? tiny : c;
    const cd = c * d;
    f *= cd;
    if (Math.abs(1 - cd) < 1e-15) break;
  }
  return front * (f - 1);
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional: Welch). */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The q-quantile of Student's t (like `scipy.stats.t.ppf(q, df)`), by bisection on the CDF. */
export function studentTQuantile(q: number, df: number): number {
  if (!(q > 0 && q < 1)) throw new StatsInputError(`quantile ${q} is outside (0, 1)`);
  if (!(df > 0)) throw new StatsInputError(`degrees of freedom must be > 0, got ${df}`);
  if (q < 0.5) return -studentTQuantile(1 - q, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A ratio estimated from whole processes, with its interval. */
export interface ProcessRatio {
  ratio: number;
  /** NaN where there are too few processes for an interval. */
  low: number;
  high: number;
  /** Processes behind it: [arm A, arm B], or [n] for one arm. */
  processes: number[];
  confidence: number;
}

/** The same ratio the other way up (B / A for A / B), its interval with it. */
export function invertRatio(r: ProcessRatio): ProcessRatio {
  return { ...r, ratio: 1 / r.ratio, low: 1 / r.high, high: 1 / r.low };
}

function logs(values: readonly number[], label: string): number[] {
  const v = validateSample(values, label, 1);
  for (const x of v) if (!(x > 0)) throw new StatsInputError(`${label}: ${x} is not a positive number (a ratio or a time)`);
  return v.map(Math.log);
}

const meanOf = (v: readonly number[]) => sum(v) / v.length;
const varianceOf = (v: readonly number[]) => {
  const m = meanOf(v);
  return sum(v.map((x) => (x - m) ** 2)) / (v.length - 1);
};

/**
 * The geometric mean of one value per process (e.g. each process's CDLL/PyDLL speed-up, or a
 * within-process ratio of two bindings' medians) with a Student-t interval on the logarithms: the
 * processes are the unit, so the interval carries the variation between them, and it widens with
 * fewer processes. One process: no interval (NaN).
 */
export function processGeoMeanCI(values: readonly number[], confidence = 0.95): ProcessRatio {
  const l = logs(values, 'per-process values');
  const m = meanOf(l);
  if (l.length < 2) return { ratio: Math.exp(m), low: NaN, high: NaN, processes: [l.length], confidence };
  const half = studentTQuantile(1 - (1 - confidence) / 2, l.length - 1) * Math.sqrt(varianceOf(l) / l.length);
  return { ratio: Math.exp(m), low: Math.exp(m - half), high: Math.exp(m + half), processes: [l.length], confidence };
}

/**
 * geomean(b) / geomean(a) of one value per process in each arm (e.g. a binding's median ns/call in
 * each free-threaded and each GIL process), with Welch's t interval on the logarithms (processes
 * are the unit). Fewer than 2 processes in an arm: no interval (NaN).
 */
export function processRatioCI(a: readonly number[], b: readonly number[], confidence = 0.95): ProcessRatio {
  const la = logs(a, 'arm A');
  const lb = logs(b, 'arm B');
  const d = meanOf(lb) - meanOf(la);
  const out = { ratio: Math.exp(d), low: NaN, high: NaN, processes: [la.length, lb.length], confidence };
  if (la.length < 2 || lb.length < 2) return out;
  const va = varianceOf(la) / la.length;
  const vb = varianceOf(lb) / lb.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { ...out, low: out.ratio, high: out.ratio };
  const df = (va + vb) ** 2 / (va ** 2 / (la.length - 1) + vb ** 2 / (lb.length - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { ...out, low: Math.exp(d - half), high: Math.exp(d + half) };
}

/**
 * Kendall's rank correlation τ-b of paired values (as `scipy.stats.kendalltau`, variant "b"):
 * (concordant − discordant) / √((pairs − ties in x)(pairs − ties in y)). 1: the same order, −1: the
 * reverse. NaN when either side is constant or there are fewer than 2 pairs.
 */
export function kendallTau(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new StatsInputError(`Kendall's tau needs paired values: ${x.length} x values, ${y.length} y values`);
  const a = validateSample(x, 'x', 0);
  const b = validateSample(y, 'y', 0);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const dx = Math.sign(a[i]! - a[j]!);
      const dy = Math.sign(b[i]! - b[j]!);
      if (dx === 0) tiesX++;
      if (dy === 0) tiesY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const pairs = (a.length * (a.length - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiesX) * (pairs - tiesY));
  return denominator > 0 ? (concordant - discordant) / denominator : NaN;
}
