// Distribution chart (violin or box plot): one distribution per label, e.g. ns/call per binding.
// Large series are thinned to evenly spaced order statistics before drawing, so the kernel density
// stays cheap while 10,000 samples/s stream in.
import { Chart } from 'chart.js';
import { robustAxisMax } from '../../analysis/stats.ts';
import { axis, describeChart, palette, track } from './core.ts';
import { t } from '../i18n/index.ts';

export interface Distribution {
  label: string;
  values: readonly number[];
  color: string;
}

const MAX_POINTS = 1500;

function thinSorted(sorted: Float64Array, max = MAX_POINTS): number[] {
  if (sorted.length <= max) return Array.from(sorted);
  const out = new Array<number>(max);
  for (let i = 0; i < max; i++) out[i] = sorted[Math.round((i * (sorted.length - 1)) / (max - 1))]!;
  return out;
}

/** Quantile of sorted values, linear between order statistics (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export class DistributionChart {
  readonly chart: Chart;
  private readonly unit: string;

  constructor(canvas: HTMLCanvasElement, kind: 'violin' | 'boxplot', unit: string) {
    this.unit = unit;
    const p = palette();
    this.chart = track(
      new Chart(canvas, {
        type: kind,
        data: { labels: [], datasets: [{ label: unit, data: [], backgroundColor: [], borderColor: [], borderWidth: 2, outlierRadius: 3, itemRadius: 0, medianColor: p.fg } as never] },
        options: {
          plugins: { legend: { display: false } },
          scales: { x: axis(null), y: axis(unit, { beginAtZero: false }) },
        } as never,
      }),
      t()['f.chartDistribution'](kind === 'violin', unit),
    );
  }

  /** Draws the distributions; the value axis ends a little above the largest far fence (Q3 + 3·IQR,
   * analysis/stats.ts robustAxisMax), so the slow calls of a busy machine do not flatten every violin.
   * Returns how many values lie above the axis (the view says so under the chart). */
  update(series: readonly Distribution[]): { axisMax: number | null; above: number } {
    const ds = this.chart.data.datasets[0]! as unknown as { data: number[][]; backgroundColor: string[]; borderColor: string[]; medianColor: string };
    this.chart.data.labels = series.map((s) => s.label);
    const sorted = series.map((s) => Float64Array.from(s.values).sort());
    ds.data = sorted.map((v) => thinSorted(v));
    const top = robustAxisMax(series.map((x) => x.values));
    const axisMax = top === null ? null : top * 1.1;
    const y = this.chart.options.scales!['y'] as { max?: number; min?: number };
    if (axisMax === null) delete y.max;
    else y.max = Number(axisMax.toPrecision(2));
    y.min = 0;
    const above = axisMax === null ? 0 : series.reduce((n, s) => n + s.values.filter((v) => v > y.max!).length, 0);
    ds.backgroundColor = series.map((s) => `${s.color}66`);
    ds.borderColor = series.map((s) => s.color);
    ds.medianColor = palette().fg;
    this.chart.update('none');
    // The table: the five-number summary of every sample (not only the drawn ones).
    const u = this.unit;
    describeChart(this.chart, {
      columns: ['', 'n', `min (${u})`, `q1 (${u})`, `median (${u})`, `q3 (${u})`, `max (${u})`],
      rows: series.map((s, i) => {
        const v = sorted[i]!;
        return v.length ? [s.label, v.length, v[0]!, quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v[v.length - 1]!] : [s.label, 0, null, null, null, null, null];
      }),
    });
    return { axisMax: y.max ?? null, above };
  }
}
