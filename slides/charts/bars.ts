// Bar chart: grouped bars (one dataset per runtime or loader), optionally horizontal, with
// confidence-interval whiskers and the value written at the end of each bar.
import { Chart, type Plugin } from 'chart.js';
import { axis, CHART_FONT_PX, canvasFont, describeChart, palette, track, type DataCell } from './core.ts';
import { t } from '../i18n/index.ts';

export interface BarSeries {
  label: string;
  data: (number | null)[];
  color: string | string[];
  /** [low, high] per bar, drawn as a whisker. */
  ci?: ([number, number] | null)[];
}

export interface BarOptions {
  unit: string;
  horizontal?: boolean;
  log?: boolean;
  legend?: boolean;
  /** Text written at each bar's end; default: the value with 3 significant digits. */
  format?: (v: number) => string;
  /** Where the value axis starts (default 0). */
  min?: number;
}

/** Value labels per chart (kept outside the options: Chart.js would call a function there as a scriptable option). */
const formats = new WeakMap<object, (v: number) => string>();

/** A value label as drawn: [left, top, right, bottom] in canvas pixels. */
export type LabelBox = [number, number, number, number];

/**
 * Where a bar's value label goes so that it does not run into its neighbours' labels: along the bar
 * when it fits the bar's slot (the distance between neighbouring bars), else turned a quarter (a
 * vertical bar's label reads upwards, a horizontal bar's stays along it); null when even that does not
 * fit (the number is in the chart's data table and downloads).
 */
function placeLabel(width: number, slot: number, horizontal: boolean): 'along' | 'turned' | null {
  const px = CHART_FONT_PX;
  if (horizontal) return px <= slot ? 'along' : null;
  if (width + 4 <= slot) return 'along';
  return px <= slot ? 'turned' : null;
}

const whiskers: Plugin<'bar'> = {
  id: 'ciWhiskers',
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    // The labels drawn, for the stage test's check that none overlaps another.
    const boxes: LabelBox[] = [];
    (chart as unknown as { valueLabels: LabelBox[] }).valueLabels = boxes;
    const horizontal = chart.options.indexAxis === 'y';
    const valueScale = horizontal ? chart.scales['x']! : chart.scales['y']!;
    const fmt = formats.get(chart) ?? ((v: number) => v.toPrecision(3));
    const p = palette();
    ctx.save();
    chart.data.datasets.forEach((dataset, di) => {
      const meta = chart.getDatasetMeta(di);
      if (meta.hidden) return;
      const ci = (dataset as unknown as { ci?: ([number, number] | null)[] }).ci;
      meta.data.forEach((bar, i) => {
        const value = dataset.data[i] as number | null;
        if (value === null || value === undefined || !Number.isFinite(value)) return;
        const { x, y } = bar as unknown as { x: number; y: number };
        const range = ci?.[i];
        let end = horizontal ? x : y;
        if (range) {
          const a = valueScale.getPixelForValue(range[0]);
          const b = valueScale.getPixelForValue(range[1]);
          ctx.strokeStyle = p.fg;
          ctx.lineWidth = 3;
          ctx.beginPath();
          if (horizontal) {
            ctx.moveTo(a, y);
            ctx.lineTo(b, y);
            ctx.moveTo(a, y - 10);
            ctx.lineTo(a, y + 10);
            ctx.moveTo(b, y - 10);
            ctx.lineTo(b, y + 10);
          } else {
            ctx.moveTo(x, a);
            ctx.lineTo(x, b);
            ctx.moveTo(x - 10, a);
            ctx.lineTo(x + 10, a);
            ctx.moveTo(x - 10, b);
            ctx.lineTo(x + 10, b);
          }
          ctx.stroke();
          end = horizontal ? Math.max(x, b) : Math.min(y, b);
        }
        ctx.fillStyle = p.fg;
        ctx.font = canvasFont();
        const text = fmt(value);
        const w = ctx.measureText(text).width;
        const h = CHART_FONT_PX;
        // Neighbouring bars of a group touch up to the bar percentage (0.9): the slot is the bar's
        // thickness over it.
        const thickness = (bar as unknown as { width?: number; height?: number })[horizontal ? 'height' : 'width'] ?? 0;
        const place = placeLabel(w, thickness / 0.9, horizontal);
        if (!place) return;
        if (horizontal) {
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, end + 8, y);
          boxes.push([end + 8, y - h / 2, end + 8 + w, y + h / 2]);
        } else if (place === 'along') {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillText(text, x, end - 6);
          boxes.push([x - w / 2, end - 6 - h, x + w / 2, end - 6]);
        } else {
          ctx.save();
          ctx.translate(x, end - 6);
          ctx.rotate(-Math.PI / 2);
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, 0, 0);
          ctx.restore();
          boxes.push([x - h / 2, end - 6 - w, x + h / 2, end - 6]);
        }
      });
    });
    ctx.restore();
  },
};

export class BarChart {
  readonly chart: Chart<'bar'>;
  private readonly unit: string;

  constructor(canvas: HTMLCanvasElement, opts: BarOptions) {
    this.unit = opts.unit;
    const value = axis(opts.unit, {
      type: opts.log ? 'logarithmic' : 'linear',
      beginAtZero: opts.min === undefined && !opts.log,
      ...(opts.min !== undefined ? { min: opts.min } : {}),
      grace: '12%',
    });
    const category = axis(null, { grid: { display: false } });
    this.chart = track(
      new Chart(canvas, {
        type: 'bar',
        data: { labels: [], datasets: [] },
        options: {
          indexAxis: opts.horizontal ? 'y' : 'x',
          plugins: { legend: { display: opts.legend ?? true, position: 'top' } },
          scales: opts.horizontal ? { x: value, y: category } : { x: category, y: value },
        } as never,
        plugins: [whiskers],
      }),
      t()['f.chartBars'](opts.unit),
    ) as Chart<'bar'>;
    if (opts.format) formats.set(this.chart, opts.format);
  }

  update(labels: string[], series: BarSeries[]): void {
    this.chart.data.labels = labels;
    // Whiskers are drawn by the plugin: make room for them on the value axis.
    const highs = series.flatMap((s) => [...s.data, ...(s.ci ?? []).map((c) => (c ? c[1] : null))]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const valueAxis = this.chart.options.scales![this.chart.options.indexAxis === 'y' ? 'x' : 'y'] as { suggestedMax?: number };
    if (highs.length) valueAxis.suggestedMax = Math.max(...highs) * 1.12;
    this.chart.data.datasets = series.map((s) => ({
      label: s.label,
      data: s.data as number[],
      backgroundColor: s.color,
      borderColor: s.color,
      borderWidth: 0,
      ci: s.ci,
      categoryPercentage: 0.8,
      barPercentage: 0.9,
    })) as never;
    this.chart.update('none');
    // The table: a row per bar label, a column per series (and its CI, where drawn).
    const columns = [''];
    for (const s of series) columns.push(s.label || this.unit, ...(s.ci?.some((c) => c) ? [`${s.label} 95% CI low`, `${s.label} 95% CI high`] : []));
    const rows = labels.map((label, i) => {
      const row: DataCell[] = [label];
      for (const s of series) row.push(s.data[i] ?? null, ...(s.ci?.some((c) => c) ? [s.ci[i]?.[0] ?? null, s.ci[i]?.[1] ?? null] : []));
      return row;
    });
    describeChart(this.chart, { columns, rows });
  }
}
