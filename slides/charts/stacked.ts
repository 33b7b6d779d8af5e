// Stacked horizontal bars: one bar per category (e.g. "pyo3 · GIL"), one segment per part (e.g.
// a layer of the call), the total written at the end of each bar.
import { Chart, type Plugin } from 'chart.js';
import { axis, describeChart, palette, track } from './core.ts';

export interface StackPart {
  label: string;
  color: string;
  /** One value per category; null: no data for that category. */
  data: (number | null)[];
}

const totals: Plugin<'bar'> = {
  id: 'stackTotals',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const xScale = chart.scales['x']!;
    const labels = chart.data.labels ?? [];
    const p = palette();
    ctx.save();
    ctx.fillStyle = p.fg;
    ctx.font = `600 20px 'Noto Sans', sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    labels.forEach((_, i) => {
      let sum = 0;
      let any = false;
      let y = 0;
      chart.data.datasets.forEach((d, di) => {
        const v = d.data[i] as number | null;
        if (v === null || v === undefined || !Number.isFinite(v) || chart.getDatasetMeta(di).hidden) return;
        sum += v;
        any = true;
        y = (chart.getDatasetMeta(di).data[i] as unknown as { y: number }).y;
      });
      if (any) ctx.fillText(Math.round(sum).toLocaleString('en-US'), xScale.getPixelForValue(sum) + 8, y);
    });
    ctx.restore();
  },
};

export class StackedBarChart {
  readonly chart: Chart<'bar'>;

  constructor(canvas: HTMLCanvasElement, unit: string) {
    this.chart = track(
      new Chart(canvas, {
        type: 'bar',
        data: { labels: [], datasets: [] },
        options: {
          indexAxis: 'y',
          plugins: { legend: { display: true, position: 'top' } },
          scales: {
            x: axis(unit, { stacked: true, beginAtZero: true, grace: '10%' }),
            y: axis(null, { stacked: true, grid: { display: false } }),
          },
        } as never,
        plugins: [totals],
      }),
    ) as Chart<'bar'>;
  }

  update(categories: string[], parts: StackPart[]): void {
    this.chart.data.labels = categories;
    this.chart.data.datasets = parts.map((part) => ({
      label: part.label,
      data: part.data as number[],
      backgroundColor: part.color,
      borderColor: palette().bg,
      borderWidth: 1,
      categoryPercentage: 0.85,
      barPercentage: 0.9,
    })) as never;
    this.chart.update('none');
    // The numbers drawn, for screen readers, the data downloads and the handout: one row per bar.
    describeChart(this.chart, {
      columns: ['', ...parts.map((p) => p.label), 'total'],
      rows: categories.map((c, i) => [c, ...parts.map((p) => p.data[i] ?? null), parts.reduce((sum, p) => sum + (p.data[i] ?? 0), 0)]),
    });
  }
}
