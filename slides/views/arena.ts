// Views of the arena and allocators experiments: arena MiB per cell (Python threads N × native
// threads M) as heat maps side by side; the mechanism (the GIL held or released during the native
// call, GIL vs free-threaded); which memory grew; the talk's "risk amplification" both ways; the
// talk's allocator table beside the measured ranks. Every figure comes from analysis/arena.ts.
import { t } from '../i18n/index.ts';
import { allocatorScenarios, arenaAmplification, arenaCells, arenaRiskAmplified, largestCell, rankAllocators, type Amplification } from '../../analysis/arena.ts';
import type { ArenaCell, ArenaResult, Spread } from '../../protocol/arena.ts';
import { BarChart } from '../charts/bars.ts';
import { palette } from '../charts/core.ts';
import { HeatmapChart, type HeatCell } from '../charts/heatmap.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { TALK_ALLOCATORS, TALK_ARENA } from '../../analysis/talk.ts';
import { ratioCI } from '../../analysis/format.ts';
import { buildLabel, canvasBox, type Cell, claimBadge, claimRuleNote, claimsOf, el, runtimeLabel, table } from './dom.ts';
import { freeThreadedOf } from '../../protocol/record.ts';

const cells = (s: Shown | null): ArenaCell[] => (s ? arenaCells(s.record) : []);
const result = (s: Shown | null) => (s?.record.result ?? null) as ArenaResult | null;
/** "3.13.5 GIL": the version and build a record was measured on (its meta.env). */
const shortRuntime = (s: Shown | null) => (s?.record.meta ? `${s.record.meta.env.version} ${buildLabel(s.record)}` : (s?.record.runtimeId ?? '?'));

/** "pydll (GIL held)" of a run. */
function armLabel(s: Shown | null): string {
  const p = s?.record.params ?? {};
  const k = Number(p['arena_max'] ?? 0);
  const held = /held|pydll/.test(String(p['loader'] ?? 'pydll')) && !/released/.test(String(p['loader']));
  return `${String(p['loader'] ?? 'pydll')}${freeThreadedOf(s?.record) ? '' : ` ${t()[held ? 'f.gilHeld' : 'f.gilReleased']}`}${k ? `, arena_max=${k}` : ''}`;
}

/** "1.23 (1.1–1.4)" */
const spread = (s: Spread | null | undefined, digits = 2) => (!s ? 'n/a' : s.low === s.high ? s.median.toFixed(digits) : `${s.median.toFixed(digits)} (${s.low.toFixed(digits)}–${s.high.toFixed(digits)})`);

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
          return { title, chart: new HeatmapChart(canvasBox(box), { xTitle: t()['c.heatX'], yTitle: t()['c.heatY'], valueName: t()['c.heatValue'], format: (v) => v.toFixed(1) }) };
        });
      }
      const all = shown.map(cells);
      const max = Math.max(0.5, ...all.flat().map((c) => c.arenaMiB?.median ?? 0));
      shown.forEach((s, i) => {
        const cs = all[i]!;
        const xs = [...new Set(cs.map((c) => c.nativeThreads))].sort((a, b) => a - b).map(String);
        const ys = [...new Set(cs.map((c) => c.pythonThreads))].sort((a, b) => b - a).map(String);
        const data: HeatCell[] = cs.map((c) => ({ x: String(c.nativeThreads), y: String(c.pythonThreads), v: c.arenaMiB?.median ?? null, sub: c.arenas ? `${c.arenas.median} arenas` : '' }));
        // The title first: the chart's name (its data table, its downloads) includes it.
        maps[i]!.title.textContent = `${shortRuntime(s)} · ${armLabel(s)}`;
        maps[i]!.chart.update(xs, ys, data, max);
      });
    },
  };
});

const MECHANISM_CELL = { n: 8, m: 4 };

/** The mechanism: arenas at one cell, GIL held vs released, GIL build vs free-threaded. */
registerView('arena-mechanism', (body) => {
  const finding = el('p', 'lead finding');
  const chart = new BarChart(canvasBox(body), { unit: t()['c.arenasUnit'], format: (v) => v.toFixed(0) });
  const foot = el('p', 'params-used');
  body.prepend(finding);
  body.append(foot);
  return {
    render(shown) {
      // N=8, M=4 where measured (M below glibc's arena limit, so "held" can stay under it), else the
      // largest cell every run measured.
      const first = shown.map(cells).find((cs) => cs.length);
      const common = first ? first.filter((c) => shown.every((s) => !s || cells(s).some((x) => x.pythonThreads === c.pythonThreads && x.nativeThreads === c.nativeThreads))) : [];
      const c0 = common.find((c) => c.pythonThreads === MECHANISM_CELL.n && c.nativeThreads === MECHANISM_CELL.m) ?? largestCell(common);
      const at = (s: Shown | null) => (c0 ? (cells(s).find((c) => c.pythonThreads === c0.pythonThreads && c.nativeThreads === c0.nativeThreads) ?? null) : null);
      const picked = shown.map(at);
      chart.update(
        shown.map((s) => `${shortRuntime(s)}: ${armLabel(s)}`),
        [
          { label: t()['c.arenas'], color: palette().bad, data: picked.map((c) => c?.arenas?.median ?? null), ci: picked.map((c) => (c?.arenas ? ([c.arenas.low, c.arenas.high] as [number, number]) : null)) },
          { label: t()['c.baseline'], color: palette().muted, data: picked.map((c) => c?.baselineArenas?.median ?? null), ci: picked.map((c) => (c?.baselineArenas ? ([c.baselineArenas.low, c.baselineArenas.high] as [number, number]) : null)) },
        ],
      );
      const [held, released, nogil] = picked;
      finding.textContent =
        held?.arenas && released?.arenas && c0
          ? t()['c.mechFinding'](c0.pythonThreads, c0.nativeThreads, held.arenas.median, released.arenas.median, nogil?.arenas ? nogil.arenas.median : null)
          : t()['c.nmWaiting'];
      const res = result(shown[0] ?? null);
      foot.textContent = res ? t()['c.arenaFoot'](res.repeats, res.arenaLimit) : '';
    },
  };
});

/** The largest cell of each run: which memory grew, arena bytes beside RSS and the interpreter's own growth. */
registerView('arena-split', (body) => {
  return {
    render(shown) {
      const rows: Cell[][] = shown.map((s) => {
        const c = largestCell(cells(s));
        const label = `${shortRuntime(s)}, ${armLabel(s)}`;
        if (!c) return [label, '…', '…', '…', '…', '…'];
        return [
          `${label} (N=${c.pythonThreads}, M=${c.nativeThreads})`,
          c.arenaExcessMiB === null ? 'n/a' : c.arenaExcessMiB.toFixed(2),
          spread(c.interpreterMiB),
          spread(c.rssMiB),
          c.arenas && c.baselineArenas ? `${c.arenas.median} / ${c.baselineArenas.median}` : 'n/a',
          { text: c.grew, cls: 'grew' },
        ];
      });
      const p = shown.find((s) => s)?.record.params;
      body.replaceChildren(
        table(t()['c.splitHead'], rows, { cls: 'compact' }),
        el('p', 'params-used', p ? t()['f.arenaParams'](Number(p['repeats']), Number(p['calls']), Number(p['blocks']), Number(p['block_kib']), result(shown.find((x) => x) ?? null)?.grewFloorMiB ?? 0.25) : ''),
      );
    },
  };
});

const ratio = (a: Amplification | null) => (!a ? '…' : a.ratio === null ? `n/a (${a.note})` : `${a.ratio.toFixed(2)}× [${a.low!.toFixed(2)}–${a.high!.toFixed(2)}]`);

/** The talk's number both ways: total RSS (its way) and arena bytes (like for like). */
registerView('arena-claims', (body) => {
  const finding = el('p', 'lead finding');
  return {
    render(shown) {
      const [g, n] = shown;
      const both = g && n ? arenaRiskAmplified(g.record, n.record) : { talkWay: null, likeForLike: null };
      // Also where the GIL can make a difference: M below glibc's arena limit.
      const below = g && n ? arenaAmplification(g.record, n.record, { pythonThreads: MECHANISM_CELL.n, nativeThreads: MECHANISM_CELL.m }) : null;
      const cellText = (a: Amplification | null) => (a ? `N=${a.pythonThreads}, M=${a.nativeThreads}` : '');
      const [t313, t314] = TALK_ARENA.rows;
      // One verdict, the claims module's, on the like-for-like row; the other rows are shown, not judged.
      const claims = claimsOf(shown, ['arena-risk-amplified']);
      // The like-for-like row shows the number its badge judges: the claim's ratio and interval.
      const judged = claims.get('arena-risk-amplified')?.evidence;
      const judgedRatio = judged && typeof judged.ratio === 'number' && judged.ci ? ratioCI(judged.ratio, judged.ci[0], judged.ci[1]) : ratio(both.likeForLike);
      // Where both builds reach glibc's arena limit at the talk's cell, the claim is judged at a cell below it.
      const [jn, jm] = typeof judged?.['judgedAt'] === 'string' ? (judged['judgedAt'] as string).split('×').map(Number) : [];
      const atJudged = g && n && jn && jm && (jn !== both.likeForLike?.pythonThreads || jm !== both.likeForLike?.nativeThreads) ? arenaAmplification(g.record, n.record, { pythonThreads: jn, nativeThreads: jm }) : null;
      body.replaceChildren(
        table(
          t()['f.twoWaysHead'],
          [
            [t()['f.talk313'](t313!.python, TALK_ARENA.pythonThreads, TALK_ARENA.rustThreads), t313!.gil.toFixed(2), t313!.nogil.toFixed(2), `${t313!.amplification.toFixed(2)}×`, ''],
            [t()['f.talkRow'](t314!.python), t314!.gil.toFixed(2), t314!.nogil.toFixed(2), `${t314!.amplification.toFixed(2)}×`, ''],
            [t()['f.oursTalkWay'](cellText(both.talkWay)), spread(both.talkWay?.denominator), spread(both.talkWay?.numerator), ratio(both.talkWay), t()['f.notJudged']],
            ...(atJudged
              ? [
                  [t()['f.oursArenaCapped'](cellText(both.likeForLike)), spread(both.likeForLike?.denominator), spread(both.likeForLike?.numerator), ratio(both.likeForLike), t()['f.sameCeiling']],
                  [t()['f.oursBelow'](cellText(atJudged)), spread(atJudged.denominator), spread(atJudged.numerator), judgedRatio, claimBadge(claims.get('arena-risk-amplified'))],
                ]
              : [[t()['f.oursArena'](cellText(both.likeForLike)), spread(both.likeForLike?.denominator), spread(both.likeForLike?.numerator), judgedRatio, claimBadge(claims.get('arena-risk-amplified'))]]),
            ...(below && below.pythonThreads * below.nativeThreads !== (both.likeForLike?.pythonThreads ?? 0) * (both.likeForLike?.nativeThreads ?? 0) && !(atJudged && below.pythonThreads === atJudged.pythonThreads && below.nativeThreads === atJudged.nativeThreads)
              ? [[t()['f.oursCell'](cellText(below)), spread(below.denominator), spread(below.numerator), ratio(below), '']]
              : []),
          ],
          { cls: 'compact claims' },
        ),
        el('p', 'cite', t()['f.arenaRows'](t()['f.talk'])),
        claimRuleNote(claims.values()),
      );
      // The like-for-like figure is the one the badge judges, with its interval.
      finding.textContent = both.talkWay?.ratio != null && both.likeForLike?.ratio != null ? t()['c.twoWaysFinding'](both.talkWay.ratio.toFixed(2), judgedRatio, String(t313!.amplification)) : '';
      body.prepend(finding);
    },
  };
});

/** The talk's 64 MiB blocks, measured: mmap'd, outside the arenas. */
registerView('arena-mmap', (body) => {
  return {
    render(shown) {
      const rows: Cell[][] = shown.map((s) => {
        const c = largestCell(cells(s));
        const label = t()['f.mmapRow'](shortRuntime(s), String(c?.nativeThreads ?? '?'), String(s?.record.params['blocks'] ?? '?'), Number(s?.record.params['block_kib'] ?? 0) / 1024);
        if (!c) return [label, '…', '…', '…', '…'];
        return [label, spread(c.peakRssMiB, 1), spread(c.arenaPeakMiB), spread(c.mmapMiB), spread(c.rssMiB)];
      });
      const c = largestCell(cells(shown[0] ?? null));
      body.replaceChildren(
        el('p', 'lead finding', c?.arenaPeakMiB ? t()['c.mmapFinding'](c.peakRssMiB.median.toFixed(0), c.arenaPeakMiB.median.toFixed(2)) : ''),
        table(t()['c.mmapHead'], rows, { cls: 'compact' }),
      );
    },
  };
});

const TALK_COLUMNS: Record<string, number> = { glibc: 1, jemalloc: 3, tcmalloc: 4 };
const ARMS = ['glibc', 'jemalloc', 'tcmalloc', 'mimalloc'];

/** The talk's allocator table, measured: per scenario the talk's symbol beside our rank. */
registerView('allocators-table', (body) => {
  return {
    render(shown) {
      const s = shown[0] ?? null;
      const scenarios = allocatorScenarios(s?.record);
      const head = [t()['c.scenario'], ...ARMS.map((a) => (a === 'glibc' ? 'glibc malloc' : a)), 'macOS libmalloc', 'Windows HeapAlloc'];
      const rows: Cell[][] = scenarios.map((sc) => {
        const ranked = rankAllocators(sc);
        const talkRow = TALK_ALLOCATORS.rows.find((r) => r[0] === sc.talkRow);
        const n = ranked.filter((r) => r.rank !== null).length;
        return [
          t()['f.rankBy'](sc.talkRow, sc.rankBy as 'retainedMiB'),
          ...ARMS.map((a): Cell => {
            const r = ranked.find((x) => x.arm.arm === a);
            // The talk's cell verbatim in the tooltip, its symbol in the table.
            const verbatim = TALK_COLUMNS[a] !== undefined && talkRow ? talkRow[TALK_COLUMNS[a]!]! : 'not in the talk';
            const talk = verbatim === 'not in the talk' ? '–' : verbatim.split(' ')[0]!;
            if (!r) return { text: t()['c.notRun'](talk), title: verbatim };
            if (r.arm.error) return { text: t()['f.missing'](talk), title: r.arm.error };
            return { text: `${talk} · #${r.rank}/${n} (${r.value!.median.toFixed(1)}${sc.rankBy === 'allocNs' ? ' ns' : ' MiB'})`, cls: r.rank === 1 ? 'best' : '', title: `talk: ${verbatim}` };
          }),
          t()['c.notMeasurable'],
          t()['c.notMeasurable'],
        ];
      });
      body.replaceChildren(
        table(head, rows, { cls: 'compact allocators-live' }),
        el('p', 'cite', t()['f.allocatorsCite'](t()['f.talk'], String(s?.record.params['repeats'] ?? '?'), runtimeLabel(s?.record))),
      );
    },
  };
});
