// Heat map (chartjs-chart-matrix): a value per (row, column) cell, written in the cell, coloured
// from the theme background (0) to the "bad" colour (the largest value of the group).
import { Chart, type Plugin } from 'chart.js';
import { axis, canvasFont, describeChart, palette, track } from './core.ts';
import { t } from '../i18n/index.ts';

export interface HeatCell {
  x: string;
  y: string;
  v: number | null;
  /** Short text under the value (e.g. "arenas +3"). */
  sub?: string;
}

function parseHex(h: string): number[] {
  const m = h.replace('#', '');
  const full = m.length === 3 ? m.replace(/./g, (c) => c + c) : m;
  const rgb = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return rgb.every(Number.isFinite) ? rgb : [128, 128, 128];
}

/** The colour between the theme background (t = 0) and the "bad" colour (t = 1), as [r, g, b]. */
function cellRgb(t: number): number[] {
  const p = palette();
  const a = parseHex(p.bg);
  const b = parseHex(p.bad);
  return a.map((x, i) => Math.round(x + (b[i]! - x) * Math.max(0, Math.min(1, t))));
}

/** Black or white, whichever reads better on that colour. */
function textOn(rgb: number[]): string {
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.25 ? '#111111' : '#ffffff';
}

/** Value labels per chart (kept outside the options: Chart.js would call a function there as a scriptable option). */
const formats = new WeakMap<object, (v: number) => string>();
/** The value that gets the full colour, per chart. */
const maxima = new WeakMap<object, number>();

const cellText: Plugin<'matrix'> = {
  id: 'cellText',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const p = palette();
    const fmt = formats.get(chart) ?? ((v: number) => v.toFixed(1));
    ctx.save();
    ctx.textAlign = 'center';
    chart.data.datasets.forEach((ds, di) => {
      chart.getDatasetMeta(di).data.forEach((el, i) => {
        const cell = ds.data[i] as unknown as HeatCell;
        const { x, y } = (el as unknown as { getCenterPoint(): { x: number; y: number } }).getCenterPoint();
        const max = maxima.get(chart) ?? 1;
        ctx.fillStyle = cell.v === null ? p.fg : textOn(cellRgb(Math.max(0, cell.v) / max));
        ctx.textBaseline = 'middle';
        ctx.font = canvasFont(700, 28);
        ctx.fillText(cell.v === null ? '–' : fmt(cell.v), x, cell.sub ? y - 15 : y);
        if (cell.sub) {
          ctx.font = canvasFont(400);
          ctx.fillText(cell.sub, x, y + 17);
        }
      });
    });
    ctx.restore();
  },
};

export class HeatmapChart {
  readonly chart: Chart<'matrix'>;
  private readonly valueName: string;
  private max = 1;
  private readonly titles: [string, string];

  constructor(canvas: HTMLCanvasElement, opts: { xTitle: string; yTitle: string; format?: (v: number) => string; valueName?: string }) {
    this.titles = [opts.yTitle, opts.xTitle];
    this.valueName = opts.valueName ?? 'value';
    this.chart = track(
      new Chart(canvas, {
        type: 'matrix',
        data: { datasets: [{ label: '', data: [] }] },
        options: {
          plugins: { legend: { display: false }, tooltip: { enabled: false } },
          scales: {
            x: axis(opts.xTitle, { type: 'category', offset: true, grid: { display: false } }),
            y: axis(opts.yTitle, { type: 'category', offset: true, reverse: false, grid: { display: false } }),
          },
        } as never,
        plugins: [cellText],
      }),
      t()['f.chartHeatmap'](opts.valueName ?? null, opts.yTitle, opts.xTitle),
    ) as Chart<'matrix'>;
    if (opts.format) formats.set(this.chart, opts.format);
  }

  /** `max`: the value that gets the full colour (shared across side-by-side maps). */
  update(xs: string[], ys: string[], cells: HeatCell[], max: number): void {
    this.max = max > 0 ? max : 1;
    maxima.set(this.chart, this.max);
    const p = palette();
    const chart = this.chart;
    (chart.options.scales!['x'] as { labels?: string[] }).labels = xs;
    (chart.options.scales!['y'] as { labels?: string[] }).labels = ys;
    chart.data.datasets = [
      {
        label: '',
        data: cells as never,
        // Resolved at draw time, so a theme change recolours the cells.
        backgroundColor: (c: { raw?: unknown }) => {
          const v = (c.raw as HeatCell | undefined)?.v;
          return v === null || v === undefined ? palette().bg : `rgb(${cellRgb(Math.max(0, v) / this.max).join(',')})`;
        },
        borderColor: () => palette().grid,
        borderWidth: 2,
        width: ({ chart: c }: { chart: Chart }) => (c.chartArea?.width ?? 0) / Math.max(1, xs.length) - 4,
        height: ({ chart: c }: { chart: Chart }) => (c.chartArea?.height ?? 0) / Math.max(1, ys.length) - 4,
      } as never,
    ];
    chart.update('none');
    const withSub = cells.some((c) => c.sub);
    describeChart(chart, {
      columns: [...this.titles, this.valueName, ...(withSub ? ['note'] : [])],
      rows: cells.map((c) => [c.y, c.x, c.v, ...(withSub ? [c.sub ?? ''] : [])]),
    });
  }
}
