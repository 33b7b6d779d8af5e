// Views of the instructions experiment (callgrind counts): the layers of a call per binding, GIL
// vs free-threaded, as stacked bars; the instruction ranking against the C-API floor (the
// call-overhead ranking slide switches to it); the ranking tables by instructions and by ns side by
// side. Numbers come from analysis/instructions.ts.
import { t } from '../i18n/index.ts';
import { instructionRanking, instructionsOf, INSTRUCTION_LAYERS, layersOf, type InstructionLayer } from '../../analysis/instructions.ts';
import { median } from '../../analysis/stats.ts';
import { byBindingOrder, FLOOR_BINDING } from '../../protocol/runtime.ts';
import type { InstructionsResult } from '../../protocol/results.ts';
import { palette } from '../charts/core.ts';
import { StackedBarChart } from '../charts/stacked.ts';
import type { Shown } from '../live/store.ts';
import { registerView } from '../live/views.ts';
import { analyze } from './call-overhead.ts';
import { floorRatioBars } from './floor-ratio.ts';
import { buildLabel, canvasBox, el, table } from './dom.ts';
import { freeThreadedOf } from '../../protocol/record.ts';

const isFreeThreaded = (s: Shown | null) => freeThreadedOf(s?.record) === true;
const shortRuntime = (s: Shown | null) => buildLabel(s?.record);

function layerColor(layer: InstructionLayer): string {
  const p = palette();
  const colors: Record<InstructionLayer, string> = {
    dispatch: p.muted,
    conversion: p.series[0]!,
    gil: p.bad,
    libffi: p.series[3]!,
    'ft-sync': p.series[7]!,
    'c-function': p.series[4]!,
  };
  return colors[layer];
}

/** The bindings a view shows: its data-bindings list, or every binding counted, in display order. */
function bindingsOf(host: HTMLElement, results: (InstructionsResult | null)[], fn: string): string[] {
  const wanted = host.dataset['bindings']?.split(',');
  const counted = new Set(results.flatMap((r) => Object.keys(r?.perCall ?? {}).filter((k) => k.endsWith(`/${fn}`)).map((k) => k.split('/')[0]!)));
  return [...(wanted ?? counted)].filter((b) => counted.has(b)).sort(byBindingOrder);
}

/** One sentence computed from the data: the finding the slide makes (data-finding selects it). */
function finding(kind: string | undefined, shown: (Shown | null)[], results: (InstructionsResult | null)[], fn: string): string {
  const gilAt = shown.findIndex((s) => s && !isFreeThreaded(s));
  const ftAt = shown.findIndex((s) => s && isFreeThreaded(s));
  const gil = gilAt >= 0 ? results[gilAt] : null;
  const ft = ftAt >= 0 ? results[ftAt] : null;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  if (kind === 'pyo3-vs-ctypes') {
    const r = gil ?? ft;
    const ct = r?.perCall[`ctypes-cdll/${fn}`];
    const py = r?.perCall[`pyo3/${fn}`];
    const l = r ? layersOf(r, `ctypes-cdll/${fn}`) : null;
    if (!r || ct === undefined || py === undefined) return '';
    const where = l ? t()['c.findPyo3Where'](n(l.conversion), n(l.gil), n(l.libffi)) : '';
    return t()['c.findPyo3'](n(ct), (ct / py).toFixed(1), n(py), where);
  }
  if (kind === 'ft-growth' && gil && ft) {
    const keys = Object.keys(gil.perCall).filter((k) => k.endsWith(`/${fn}`) && ft.perCall[k] !== undefined);
    if (!keys.length) return '';
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${n(Math.abs(x))}`;
    // Per layer, the median change over the bindings whose path has that layer on either build.
    const moves = INSTRUCTION_LAYERS.flatMap((layer) => {
      const d = keys.flatMap((k) => {
        const a = layersOf(gil, k);
        const b = layersOf(ft, k);
        return a && b && (a[layer] || b[layer]) ? [b[layer] - a[layer]] : [];
      });
      return d.length ? [{ layer, d: median(d), on: d.length }] : [];
    }).sort((p, q) => Math.abs(q.d) - Math.abs(p.d));
    const total = median(keys.map((k) => ft.perCall[k]! - gil.perCall[k]!));
    const parts = moves.slice(0, 2).filter((m) => Math.round(m.d) !== 0).map((m) => t()['c.findFtPart'](t()['c.layer'](m.layer), signed(m.d), m.on));
    return t()['c.findFt'](signed(total), keys.length, parts);
  }
  return '';
}

/** Instructions per call by layer: one stacked bar per binding and runtime. */
registerView('instr-layers', (body, host) => {
  const fn = host.dataset['function'] ?? 'return_int';
  const head = el('p', 'claim-line');
  const chart = new StackedBarChart(canvasBox(body, 'tall'), t()['c.instrUnit'](fn));
  const foot = el('div', 'footnote');
  body.prepend(head);
  body.append(foot);
  return {
    render(shown) {
      const results = shown.map((s) => (s ? instructionsOf(s.record) : null));
      const bindings = bindingsOf(host, results, fn);
      const cats: { label: string; layers: Record<InstructionLayer, number> | null }[] = [];
      for (const b of bindings) {
        shown.forEach((s, i) => {
          const r = results[i];
          if (r && r.perCall[`${b}/${fn}`] !== undefined) cats.push({ label: `${b} · ${shortRuntime(s)}`, layers: layersOf(r, `${b}/${fn}`) });
        });
      }
      chart.update(
        cats.map((c) => c.label),
        INSTRUCTION_LAYERS.map((layer) => ({ label: t()['c.layer'](layer), color: layerColor(layer), data: cats.map((c) => (c.layers ? c.layers[layer] : null)) })),
      );
      head.textContent = finding(host.dataset['finding'], shown, results, fn) || (cats.length ? '' : t()['c.instrNone']);
      const errs = results.flatMap((r, i) => Object.entries(r?.errors ?? {}).map(([k, why]) => `${k} (${shortRuntime(shown[i] ?? null)}): ${why.slice(0, 80)}`));
      const calls = results.find((r) => r)?.calls;
      foot.textContent = [
        calls ? t()['c.callsCounted'](calls.toLocaleString('en-US')) : '',
        ...errs,
      ]
        .filter(Boolean)
        .join(' · ');
    },
  };
});

/** Instructions per call against the C-API floor, one bar group per runtime (the noise-free twin of co-ranking). */
registerView('instr-ranking', (body, host) => {
  const fn = host.dataset['function'] ?? 'return_int';
  return floorRatioBars(body, t()['c.instrRankingUnit'](FLOOR_BINDING), (record) => {
    const result = instructionsOf(record);
    if (!result) return null;
    const floor = result.perCall[`${FLOOR_BINDING}/${fn}`];
    return instructionRanking(result, fn).map((r) => ({ binding: r.binding, ratio: floor ? r.perCall / floor : null }));
  });
});

/** A ranking view: one column per runtime, rank by rank. `cells` ranks a run's bindings, best
 * first, as "binding value", for the slide's function (data-function, default return_int). */
function rankView(kind: string, cells: (s: Shown, fn: string) => string[], unit: string, caption: (fn: string) => string, empty: string): void {
  registerView(kind, (body, host) => {
    const fn = host.dataset['function'] ?? 'return_int';
    return {
      render(shown) {
        const cols = shown.map((s) => ({ s, cells: s ? cells(s, fn) : [] }));
        if (!cols.some((c) => c.cells.length)) return void body.replaceChildren(el('p', 'muted', empty));
        const n = Math.max(...cols.map((c) => c.cells.length));
        body.replaceChildren(
          table(['#', ...cols.map((c) => `${unit} · ${shortRuntime(c.s)}`)], Array.from({ length: n }, (_, i) => [i + 1, ...cols.map((c) => c.cells[i] ?? '')]), {
            cls: 'compact rank-table',
            caption: caption(fn),
          }),
        );
      },
    };
  });
}

/** The ranking by instructions per call, one column per runtime. */
rankView(
  'instr-rank-table',
  (s, fn) => {
    const r = instructionsOf(s.record);
    return (r ? instructionRanking(r, fn) : []).map((row) => `${row.binding} ${Math.round(row.perCall)}`);
  },
  'instr/call',
  (fn) => t()['c.byInstr'](fn),
  t()['c.noInstr'],
);

/** The ranking by median ns per call (the call-overhead run), laid out as instr-rank-table. */
rankView(
  'co-rank-table',
  (s, fn) => {
    const a = analyze(s.record);
    return (a && a.fn === fn ? a.rows : []).map((row) => `${row.binding} ${row.summary.median.toFixed(1)}`);
  },
  'ns/call',
  (fn) => t()['c.byTime'](fn),
  t()['c.noCallOverhead'],
);
