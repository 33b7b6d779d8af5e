// Views of the arena experiment: RSS growth per cell (Python threads N × native threads M) as heat
// maps side by side (GIL, free-threaded, with arena_max), and for the largest cell which memory
// grew: glibc arenas or the interpreter's own.
import { HeatmapChart, type HeatCell } from '../charts/heatmap.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { TALK_ARENA, TALK_SOURCE } from '../talk-figures.ts';
import { canvasBox, el, runtimeLabel, table, verdict, type Cell } from './dom.ts';
import type { ArenaSide as Side, ArenaCell } from '../../protocol/results.ts';


export const cells = (s: Shown | null): ArenaCell[] => (s ? s.record.partials.map((p) => p.data as ArenaCell).filter((c) => c && typeof c.python_threads === 'number') : []);
const tunable = (s: Shown | null) => {
  const k = Number(s?.record.params['arena_max'] ?? 0);
  return k ? `arena_max=${k}` : 'default arenas';
};

registerView('arena-heatmaps', (body) => {
  const grid = el('div', 'heatmaps');
  body.append(grid);
  let maps: { title: HTMLElement; chart: HeatmapChart }[] = [];
  return {
    render(shown) {
      if (maps.length !== shown.length) {
        grid.replaceChildren();
        maps = shown.map(() => {
          const box = el('div', 'heatmap');
          const title = el('div', 'view-title');
          box.append(title);
          grid.append(box);
          return { title, chart: new HeatmapChart(canvasBox(box), { xTitle: 'M native threads per call', yTitle: 'N Python threads', valueName: 'RSS growth (MiB)', format: (v) => v.toFixed(1) }) };
        });
      }
      const all = shown.map(cells);
      const max = Math.max(1, ...all.flat().map((c) => c.rss_delta_mib));
      shown.forEach((s, i) => {
        const cs = all[i]!;
        const xs = [...new Set(cs.map((c) => c.native_threads))].sort((a, b) => a - b).map(String);
        const ys = [...new Set(cs.map((c) => c.python_threads))].sort((a, b) => b - a).map(String);
        const data: HeatCell[] = cs.map((c) => ({ x: String(c.native_threads), y: String(c.python_threads), v: c.rss_delta_mib, sub: `${c.native.arenas_after} arenas` }));
        maps[i]!.chart.update(xs, ys, data, max);
        maps[i]!.title.textContent = `${(s?.record.runtimeId ?? '?').replace(/-nogil$/, ' no-GIL').replace(/-gil$/, ' GIL')} · ${tunable(s)}`;
      });
    },
  };
});

/** The largest cell of each map: RSS growth split into arenas and the interpreter's own memory. */
registerView('arena-split', (body) => {
  return {
    render(shown) {
      const rows: Cell[][] = shown.map((s) => {
        const cs = cells(s);
        const c = cs.reduce<ArenaCell | null>((best, x) => (!best || x.python_threads * x.native_threads > best.python_threads * best.native_threads ? x : best), null);
        if (!c) return [`${runtimeLabel(s?.record.runtimeId ?? null)}, ${tunable(s)}`, '…', '…', '…', '…', '…'];
        return [
          `${runtimeLabel(s?.record.runtimeId ?? null)}, ${tunable(s)} (N=${c.python_threads}, M=${c.native_threads})`,
          c.rss_delta_mib.toFixed(2),
          c.interpreter_delta_mib.toFixed(2),
          `${c.native.arenas_after} / ${c.baseline.arenas_after}`,
          c.thread_arena_peak_mib === null || c.thread_arena_peak_mib === undefined ? 'n/a' : c.thread_arena_peak_mib.toFixed(2),
          { text: c.grew, cls: 'grew' },
        ];
      });
      const p = shown.find((s) => s)?.record.params;
      body.replaceChildren(
        table(['Largest cell', 'RSS Δ MiB', 'Interpreter alone Δ MiB', 'Arenas (native / alone)', 'Thread arena peak MiB', 'Which grew'], rows, { cls: 'compact' }),
        el('p', 'params-used', p ? `Each cell: a fresh process; N Python threads × ${p['calls']} calls, each call M native threads × ${p['blocks']} blocks of ${p['block_kib']} KiB (below glibc's 128 KiB mmap threshold). “Interpreter alone”: the same Python threads without the native call.` : ''),
      );
    },
  };
});

registerView('arena-claims', (body) => {
  return {
    render(shown) {
      const largest = (s: Shown | null) => cells(s).find((c) => c.python_threads === TALK_ARENA.pythonThreads && c.native_threads === TALK_ARENA.rustThreads) ?? null;
      const [g, n] = shown.map(largest);
      const t = TALK_ARENA.rows[0]!;
      const ratio = g && n ? n.rss_delta_mib / Math.max(0.01, g.rss_delta_mib) : null;
      body.replaceChildren(
        table(
          [`N=${TALK_ARENA.pythonThreads}, M=${TALK_ARENA.rustThreads}`, 'GIL Δ MiB', 'no-GIL Δ MiB', 'no-GIL / GIL', ''],
          [
            [`Talk, ${t.python} (64 MiB per Rust thread)`, t.gil.toFixed(2), t.nogil.toFixed(2), `${t.amplification.toFixed(2)}×`, ''],
            [`Talk, ${TALK_ARENA.rows[1]!.python}`, TALK_ARENA.rows[1]!.gil.toFixed(2), TALK_ARENA.rows[1]!.nogil.toFixed(2), `${TALK_ARENA.rows[1]!.amplification.toFixed(2)}×`, ''],
            [
              `Ours, 3.13.5 (${shown[0]?.record.params['blocks'] ?? '?'} × ${shown[0]?.record.params['block_kib'] ?? '?'} KiB per native thread)`,
              g ? g.rss_delta_mib.toFixed(2) : '…',
              n ? n.rss_delta_mib.toFixed(2) : '…',
              ratio === null ? '…' : `${ratio.toFixed(2)}×`,
              ratio === null ? verdict(null) : verdict(ratio > 2, 'no-GIL grows more too', 'differs'),
            ],
          ],
          { cls: 'compact claims' },
        ),
        el('p', 'cite', `Talk rows: ${TALK_SOURCE} (arena_test.py --arena-risk --python-threads 8 --rust-threads 50).`),
      );
    },
  };
});
