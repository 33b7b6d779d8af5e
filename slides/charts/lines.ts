// Line chart over a numeric x axis: e.g. calls/s against threads, one line per binding and runtime.
import { Chart } from 'chart.js';
import { axis, CHART_FONT_PX, describeChart, track } from './core.ts';

export interface LineSeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  dashed?: boolean;
}

export class LineChart {
  readonly chart: Chart<'line'>;
  private readonly titles: [string, string];

  constructor(canvas: HTMLCanvasElement, opts: { xTitle: string; yTitle: string; log?: boolean }) {
    this.titles = [opts.xTitle, opts.yTitle];
    this.chart = track(
      new Chart(canvas, {
        type: 'line',
        data: { datasets: [] },
        options: {
          plugins: { legend: { display: true, position: 'right', labels: { font: { size: CHART_FONT_PX } } } },
          scales: {
            x: axis(opts.xTitle, { type: 'linear', ticks: { stepSize: 1, font: { size: CHART_FONT_PX } } }),
            y: axis(opts.yTitle, { type: opts.log ? 'logarithmic' : 'linear', beginAtZero: !opts.log }),
          },
        } as never,
      }),
      `line chart of ${opts.yTitle} against ${opts.xTitle}`,
    ) as Chart<'line'>;
  }

  update(series: LineSeries[]): void {
    this.chart.data.datasets = series.map((s) => ({
      label: s.label,
      data: s.points,
      borderColor: s.color,
      backgroundColor: s.color,
      borderWidth: 4,
      pointRadius: 6,
      borderDash: s.dashed ? [10, 8] : [],
    }));
    this.chart.update('none');
    describeChart(this.chart, { columns: ['series', ...this.titles], rows: series.flatMap((s) => s.points.map((p) => [s.label, p.x, p.y])) });
  }
}
