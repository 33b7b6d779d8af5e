// Text formatter for the call-overhead experiment: per function, a ranking with CIs against the
// C-API floor, then the talk's two tables (method statistics; Mann–Whitney U with BH), then the
// method and estimators in one sentence. The numbers come from analysis/call-overhead.ts, which
// the deck uses as well.
import { analyzeCallOverhead } from '../../analysis/call-overhead.ts';
import { FLOOR_BINDING } from '../../protocol/runtime.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { ns, pValue, ratioCI, sig } from '../../analysis/format.ts';
import { registerFormatter, table } from './format.ts';

export function formatCallOverhead(r: RunRecord): string {
  const a = analyzeCallOverhead(r);
  const out: string[] = [];
  for (const f of a.functions) {
    const n = f.rows.length ? Math.min(...f.rows.map((row) => row.summary.n)) : 0;
    out.push('', `${f.function}(): ns/call, ${a.method}, ${n === Math.max(...f.rows.map((row) => row.summary.n)) ? n : `${n}+`} samples per binding`);
    out.push(
      table(
        ['#', 'Binding', 'Median ns/call', `× ${FLOOR_BINDING} [95% CI]`, 'Cv', 'Note'],
        f.rows.map((row) => {
          const notes = [row.wrapped ? 'wrapped (extra Python frame)' : '', row.note ?? ''].filter(Boolean).join('; ');
          const ci = row.vsFloor ? ratioCI(row.vsFloor.ratio, row.vsFloor.low, row.vsFloor.high, 'x') : 'n/a';
          return [String(row.rank), row.binding, ns(row.summary.median), ci, row.summary.cv.toFixed(3), notes];
        }),
      ),
    );
    if (f.tooFew.length) out.push(`(not enough samples to analyse: ${f.tooFew.join(', ')})`);
    out.push('', 'Method statistics (all samples)');
    out.push(
      table(
        ['Indicator', 'Cv', 'Skewness', 'Kurtosis', 'Std', 'mad'],
        f.rows.map((row) => [row.binding, row.summary.cv.toFixed(3), sig(row.summary.skewness), sig(row.summary.kurtosis), sig(row.summary.std), sig(row.summary.mad)]),
      ),
    );
    out.push('', 'Mann-Whitney U p-values and Benjamini-Hochberg adjusted p-values');
    out.push(
      f.pairs.length
        ? table(
            ['Comparison', 'U p-value', 'BH p-value', 'Faster', 'Effect r'],
            f.pairs.map((p) => [`${p.a} vs ${p.b}`, pValue(p.p), pValue(p.pAdjusted), p.faster ?? 'tie', p.effectSize.toFixed(2)]),
          )
        : '(fewer than two bindings: nothing to compare)',
    );
  }
  const res = r.result as { skipped?: Record<string, string>; timerOverheadNs?: number } | null;
  for (const [b, why] of Object.entries(res?.skipped ?? {})) out.push(`skipped ${b}: ${why}`);
  if (typeof res?.timerOverheadNs === 'number') {
    out.push(
      '',
      `Timer: two back-to-back perf_counter_ns() reads take ${ns(res.timerOverheadNs)} ns here` +
        (a.method === 'single-shot' ? ' and are inside every single-shot sample above.' : ' (subtracted with the loop overhead in batched samples).'),
    );
  }
  out.push('', a.methodNote);
  return out.join('\n').replace(/^\n/, '');
}

registerFormatter('call-overhead', formatCallOverhead);
