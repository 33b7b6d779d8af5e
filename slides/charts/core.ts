// Chart.js set-up shared by every chart factory: the components the deck uses (registered once),
// colours from the active theme's CSS variables, a registry of live charts (re-coloured on a theme
// change, resized on slide change, turned into images for print), and every chart's text
// alternative: role="img", a name, and a visually hidden table of the numbers it draws
// (aria-describedby), which the data downloads and the PDF handout reuse.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';
import { BoxAndWiskers, BoxPlotController, Violin, ViolinController } from '@sgratzl/chartjs-chart-boxplot';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { isPhone } from '../phone.ts';
import { freeThreadedOf, type RunRecord } from '../../protocol/record.ts';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Title,
  Tooltip,
  BoxPlotController,
  BoxAndWiskers,
  ViolinController,
  Violin,
  MatrixController,
  MatrixElement,
);

/** Every chart on the page (for theme changes, resizing and print). */
export const charts = new Set<Chart>();

export interface Palette {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  accent: string;
  good: string;
  bad: string;
  series: string[];
}

const cssVar = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

export function palette(): Palette {
  return {
    fg: cssVar('--fg') || '#222',
    muted: cssVar('--muted') || '#666',
    grid: cssVar('--grid') || '#ccc',
    bg: cssVar('--bg') || '#fff',
    accent: cssVar('--accent') || '#0a5',
    good: cssVar('--good') || '#080',
    bad: cssVar('--bad') || '#c00',
    series: Array.from({ length: 10 }, (_, i) => cssVar(`--series-${i}`) || '#888'),
  };
}

/** One colour per binding, the same on every slide. */
const BINDING_COLOR_INDEX: Record<string, number> = {
  python: 9,
  capi: 0,
  'ctypes-cdll': 1,
  'ctypes-pydll': 2,
  'cffi-abi': 3,
  'cffi-api': 4,
  pybind11: 5,
  pyo3: 6,
  nanobind: 7,
};

export function bindingColor(binding: string): string {
  const p = palette();
  return p.series[BINDING_COLOR_INDEX[binding] ?? 8]!;
}

/** GIL build vs free-threaded build (as the record's driver reported it): the two colours of every
 * GIL-vs-no-GIL comparison. */
export function runtimeColor(r: RunRecord | null | undefined): string {
  const p = palette();
  return freeThreadedOf(r) ? p.series[1]! : p.series[0]!;
}

export const FONT_FAMILY = "'Noto Sans', 'Noto Sans TC', system-ui, sans-serif";
/** Every text a chart draws (ticks, titles, legends, values written on bars and cells): readable
 * from the back row at 1920×1080; on a phone (drawn 1:1, not scaled) a phone's reading size. */
export const CHART_FONT_PX = isPhone() ? 15 : 24;
/** Canvas font of the text the chart plugins write themselves. */
export const canvasFont = (weight = 600, px = CHART_FONT_PX): string => `${weight} ${px}px 'Noto Sans', sans-serif`;

/** Applies the active theme to Chart.js defaults and redraws every chart. */
export function applyChartTheme(): void {
  const p = palette();
  Chart.defaults.color = p.fg;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.font.size = CHART_FONT_PX;
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 24;
  Chart.defaults.plugins.legend.labels.font = { size: CHART_FONT_PX };
  Chart.defaults.plugins.tooltip.titleFont = { size: CHART_FONT_PX };
  Chart.defaults.plugins.tooltip.bodyFont = { size: CHART_FONT_PX };
  for (const chart of charts) {
    const scales = chart.options.scales ?? {};
    for (const scale of Object.values(scales)) {
      if (!scale) continue;
      const s = scale as { ticks?: { color?: unknown }; grid?: { color?: unknown }; title?: { color?: unknown } };
      if (s.ticks) s.ticks.color = p.fg;
      if (s.grid) s.grid.color = p.grid;
      if (s.title) s.title.color = p.fg;
    }
    chart.update('none');
  }
}

/** Registers a chart; `what` says what kind of chart it is ("violin plot of ns/call per binding"),
 * the slide's title is put in front of it for the accessible name. */
export function track(chart: Chart, what = `${String((chart.config as { type?: string }).type ?? '')} chart`): Chart {
  charts.add(chart);
  const canvas = chart.canvas;
  canvas.setAttribute('role', 'img');
  whats.set(chart, what);
  canvas.setAttribute('aria-label', chartName(chart));
  fit(chart);
  return chart;
}

/** Removes a chart: its canvas box and data table leave the page, and it is no longer tracked. */
export function untrack(chart: Chart): void {
  charts.delete(chart);
  const id = chart.canvas.getAttribute('aria-describedby');
  if (id) document.getElementById(id)?.closest('.sr-only')?.remove();
  const box = chart.canvas.parentElement;
  chart.destroy();
  box?.remove();
}

// ---- text alternative: the numbers a chart draws, as a table --------------------------------
export type DataCell = string | number | null;
/** The numbers behind a chart: one header row, then a row per label (or per cell / point). */
export interface ChartData {
  columns: string[];
  rows: DataCell[][];
}
const whats = new WeakMap<Chart, string>();
const dataOf = new WeakMap<Chart, ChartData>();
let tableIds = 0;

/** The title of the panel a chart sits in: the nearest .view-title beside the canvas or one of its
 * ancestors inside the view (a view of several charts titles each: the arena's three heat maps). */
function panelTitle(canvas: Element): string {
  const view = canvas.closest('.view');
  for (let a = canvas.parentElement; a; a = a.parentElement) {
    const t = a.querySelector(':scope > .view-title');
    if (t) return t.textContent?.trim() ?? '';
    if (a === view) break;
  }
  return '';
}

/** "Slide title: panel title: what" (the chart's accessible name, its table's caption and its
 * name in the downloads). */
export function chartName(chart: Chart): string {
  const slide = chart.canvas.closest('section');
  const title = slide?.querySelector('h1, h2')?.textContent?.trim() ?? '';
  return [title, panelTitle(chart.canvas), whats.get(chart) ?? 'chart'].filter(Boolean).join(': ');
}

/** How a number is written in the data table, the CSV and the handout: 4 significant digits. */
export function dataText(v: DataCell): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

/** The chart's data as last described (the downloads read it). */
export function chartData(chart: Chart): ChartData | undefined {
  return dataOf.get(chart);
}

export function chartOf(canvas: Element): Chart | undefined {
  for (const c of charts) if (c.canvas === canvas) return c;
  return undefined;
}

/** Sets what a chart shows as numbers: a visually hidden table right after the chart's box, linked
 * from the canvas with aria-describedby, and the accessible name (the slide may have changed it). */
export function describeChart(chart: Chart, data: ChartData): void {
  dataOf.set(chart, data);
  const canvas = chart.canvas;
  const name = chartName(chart);
  canvas.setAttribute('aria-label', name);
  let id = canvas.getAttribute('aria-describedby');
  let table = id ? (document.getElementById(id) as HTMLTableElement | null) : null;
  if (!table) {
    id = `chart-data-${++tableIds}`;
    table = document.createElement('table');
    table.id = id;
    table.className = 'chart-data';
    // Visually hidden in a box: a table ignores overflow, its rows would still take room.
    const box = document.createElement('div');
    box.className = 'sr-only';
    box.append(table);
    (canvas.parentElement ?? canvas).after(box);
    canvas.setAttribute('aria-describedby', id);
  }
  const caption = document.createElement('caption');
  caption.textContent = name;
  const row = (cells: DataCell[], tag: 'th' | 'td') => {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const cell = document.createElement(tag);
      cell.textContent = dataText(c);
      tr.append(cell);
    }
    return tr;
  };
  const thead = document.createElement('thead');
  thead.append(row(data.columns, 'th'));
  const tbody = document.createElement('tbody');
  tbody.append(...data.rows.map((r) => row(r, 'td')));
  table.replaceChildren(caption, thead, tbody);
}

/** Sizes a chart to its box's layout size. Chart.js measures the box with getBoundingClientRect,
 * which includes Reveal's scale transform: on a small window (or in the speaker view's iframes)
 * every chart would come out shrunk. clientWidth/clientHeight are the untransformed size. */
export function fit(chart: Chart): void {
  const box = chart.canvas.parentElement;
  if (!box || !box.clientWidth || !box.clientHeight) return; // not laid out (a hidden slide)
  if (chart.width !== box.clientWidth || chart.height !== box.clientHeight) chart.resize(box.clientWidth, box.clientHeight);
}

/** Fits the charts inside `root` (after a slide becomes visible or the window changes size). */
export function resizeCharts(root: Element): void {
  for (const chart of charts) if (root.contains(chart.canvas)) fit(chart);
}

/** Common axis options: large ticks, theme colours. */
export function axis(title: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const p = palette();
  return {
    ticks: { color: p.fg, font: { size: CHART_FONT_PX } },
    grid: { color: p.grid },
    title: title ? { display: true, text: title, color: p.fg, font: { size: CHART_FONT_PX } } : { display: false },
    ...extra,
  };
}
