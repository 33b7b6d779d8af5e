// `ffi-corners stats FILE|-`: the talk's two tables (or JSON) for a user's own measurements,
// FILE (or stdin) being {"name": [numbers, ...], ...}. All statistics come from analysis/stats.ts.
import { readFileSync } from 'node:fs';
import {
  MAD_NORMAL_SCALE,
  pairwise,
  StatsInputError,
  summary,
  talkSummary,
  validateSeries,
  type PairResult,
  type Summary,
  type TalkSummary,
} from '../../analysis/stats.ts';
import { sci3, sig3 } from '../../analysis/format.ts';
import { table } from '../report/format.ts';
import { UserError } from '../util/errors.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

/** One line naming every estimator, printed under the tables. */
export const ESTIMATORS =
  'Estimators: all samples used (no outlier removal); Std = sample standard deviation (ddof=1); ' +
  'Cv = Std/mean; Skewness and Kurtosis (Fisher excess) = biased population-moment estimators ' +
  '(scipy.stats.skew/kurtosis defaults); mad = median absolute deviation, unscaled (scale 1; the talk ' +
  `multiplied by ${MAD_NORMAL_SCALE}); U p-value = two-sided Mann-Whitney U (scipy defaults: exact ` +
  'when there are no ties and a series has <= 8 values, else normal approximation with tie and ' +
  'continuity corrections); BH = Benjamini-Hochberg over all pairs.';

/** The same line for `--estimators talk`. */
export const TALK_ESTIMATORS =
  "Estimators (the talk's): per series, values outside Q1 - 1.5*IQR .. Q3 + 1.5*IQR dropped first " +
  '(quartiles by linear interpolation; nothing dropped when IQR = 0); then Std = ddof=1; Cv = Std/mean; ' +
  'Skewness = m3/Std^3 and Kurtosis = m4/Std^4 - 3 with population moments m3, m4; ' +
  `mad = ${MAD_NORMAL_SCALE} x median |x - median|; U p-value and BH on ALL samples (nothing dropped), as the talk did.`;

export type Estimators = 'scipy' | 'talk';

export interface StatsReport {
  estimators: Estimators;
  summary: Record<string, Summary | TalkSummary>;
  pairs: PairResult[];
}

/** Computes the report of named series (at least 2 series, at least 2 finite values each). */
export function statsReport(series: Record<string, readonly number[]>, estimators: Estimators = 'scipy'): StatsReport {
  const entries = validateSeries(series);
  const describe = estimators === 'talk' ? talkSummary : summary;
  return {
    estimators,
    summary: Object.fromEntries(entries.map(([name, v]) => [name, describe(v, `series "${name}"`)])),
    pairs: pairwise(Object.fromEntries(entries)),
  };
}


/** The talk's table style: ' | ' between columns, text (the columns in `textColumns`) left-aligned. */
const talkTable = (head: string[], rows: string[][], textColumns: number[] = [0]): string => table(head, rows, { sep: ' | ', right: (i) => !textColumns.includes(i) });

/** The talk's two tables as aligned text, then the estimators line. */
export function formatStatsTables(report: StatsReport): string {
  const methods = talkTable(
    ['Indicator', 'Cv', 'Skewness', 'Kurtosis', 'Std', 'mad'],
    Object.entries(report.summary).map(([name, s]) => [name, sig3(s.cv), sig3(s.skewness), sig3(s.kurtosis), sig3(s.std), sig3(s.mad)]),
  );
  const pairs = talkTable(
    ['Comparison', 'U p-value', 'BH p-value', 'Faster'],
    report.pairs.map((p) => [`${p.a} vs ${p.b}`, sci3(p.p), sci3(p.pAdjusted), p.faster ?? '(equal medians)']),
    [0, 3],
  );
  return [
    report.estimators === 'talk' ? 'Method statistics (shown data: Tukey outliers dropped)' : 'Method statistics',
    methods,
    '',
    'Mann-Whitney U p-values and Benjamini-Hochberg adjusted p-values',
    pairs,
    '',
    report.estimators === 'talk' ? TALK_ESTIMATORS : ESTIMATORS,
  ].join('\n');
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Reads and validates FILE (`-`: stdin); every problem is a one-line UserError naming the file
 * (or stdin) and the series. */
export function readSeriesFile(path: string): Record<string, number[]> {
  const file = path === '-' ? 'stdin' : path;
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`${file}: expected an object {"name": [numbers, ...], ...}, got ${describeJson(data)}`);
  }
  const series: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(data)) {
    if (!Array.isArray(values)) throw new UserError(`${file}: series "${name}" is ${describeJson(values)}, not an array of numbers`);
    values.forEach((v: unknown, i) => {
      if (typeof v !== 'number') throw new UserError(`${file}: series "${name}" value [${i}] is ${describeJson(v)}, not a number`);
    });
    series[name] = values as number[];
  }
  try {
    validateSeries(series);
  } catch (err) {
    if (err instanceof StatsInputError) throw new UserError(`${file}: ${err.message}`);
    throw err;
  }
  return series;
}

/** `ffi-corners stats FILE|-`. `write` receives stdout text (for tests). */
export async function statsCommand(args: string[], write: (text: string) => void = (t) => void process.stdout.write(t)): Promise<number> {
  const { values, positionals } = parse(args, SPECS.stats);
  if (positionals.length === 0) throw new UserError('stats: missing FILE, e.g. `ffi-corners stats timings.json` or `... | ffi-corners stats -` (FILE: {"name": [numbers, ...], ...})');
  const estimators = values.estimators;
  if (estimators !== 'scipy' && estimators !== 'talk') throw new UserError(`--estimators: expected scipy or talk, got "${estimators}"`);
  const report = statsReport(readSeriesFile(positionals[0]!), estimators);
  if (values.json) {
    // Key order as documented; NaN (e.g. the skewness of constant data) becomes null.
    const out = {
      summary: Object.fromEntries(
        Object.entries(report.summary).map(([name, s]) => [
          name,
          'kept' in s
            ? { n: s.n, kept: s.kept, fences: s.fences, median: s.median, mean: s.mean, std: s.std, cv: s.cv, skewness: s.skewness, kurtosis: s.kurtosis, mad: s.mad }
            : { n: s.n, median: s.median, mean: s.mean, std: s.std, cv: s.cv, skewness: s.skewness, kurtosis: s.kurtosis, mad: s.mad, min: s.min, max: s.max, q1: s.q1, q3: s.q3 },
        ]),
      ),
      pairs: report.pairs.map((p) => ({
        a: p.a,
        b: p.b,
        u: p.u,
        p: p.p,
        pAdjusted: p.pAdjusted,
        faster: p.faster,
        effectSize: p.effectSize,
        commonLanguage: p.commonLanguage,
        method: p.method,
      })),
      estimators: report.estimators === 'talk' ? TALK_ESTIMATORS : ESTIMATORS,
    };
    write(JSON.stringify(out, null, 2) + '\n');
  } else {
    write(formatStatsTables(report) + '\n');
  }
  return 0;
}
