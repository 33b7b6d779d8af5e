// The headline of each view kind: its one finding in a sentence, computed from the data it shows
// (slides/live/headline.ts writes it above the view and into the speaker notes). Short enough for
// one line at 44 px; null while there is nothing to say.
import { arenaCells } from '../../analysis/arena.ts';
import { FLOOR_BINDING } from '../../protocol/runtime.ts';
import { pairwise } from '../../analysis/stats.ts';
import { registerHeadline } from '../live/headline.ts';
import type { Shown } from '../live/store.ts';
import { analyze } from './call-overhead.ts';
import { TALK_TABLES } from '../../analysis/talk.ts';
import { blockingMedians, loaderStats } from './ctypes-loaders.ts';
import { buildLabel, int } from './dom.ts';
import { sig } from '../../analysis/format.ts';
import { counterTotals, pieces } from './races.ts';
import { points } from './scaling-env.ts';

const rt = (s: Shown | null | undefined): string => buildLabel(s?.record);
const x = (v: number): string => `${v < 2 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : v.toFixed(0)}×`;

/** Ratio to the C-API floor of a binding in a record's first function. */
function ratios(s: Shown | null | undefined): Map<string, number> {
  const a = s ? analyze(s.record) : null;
  return new Map((a?.rows ?? []).filter((r) => r.ci && Number.isFinite(r.ci.ratio)).map((r) => [r.binding, r.ci!.ratio]));
}

registerHeadline('co-violin', ([s]) => {
  const a = s ? analyze(s.record) : null;
  const floor = a?.rows.find((r) => r.binding === FLOOR_BINDING)?.summary.median;
  if (!a || !floor) return null;
  const r = ratios(s);
  const pick = ['pyo3', 'pybind11', 'ctypes-cdll'].filter((b) => r.has(b)).map((b) => `${b} ${x(r.get(b)!)}`);
  return `${rt(s)}: ${pick.join(' · ')} the C-API floor (${sig(floor)} ns/call)`;
});

registerHeadline('co-ranking', (shown) => {
  const parts = shown.map((s) => {
    const r = [...ratios(s)].filter(([b]) => b !== FLOOR_BINDING && b !== 'python').sort((p, q) => p[1] - q[1]);
    return r.length ? `${rt(s)}: ${r[0]![0]} ${x(r[0]![1])} … ${r.at(-1)![0]} ${x(r.at(-1)![1])}` : null;
  });
  return parts.some(Boolean) ? parts.filter(Boolean).join(' · ') : null;
});

registerHeadline('co-medians', (shown) => {
  const [g, n] = shown.map((s) => (s ? analyze(s.record) : null));
  if (!g || !n) return null;
  const pairs = g.rows.map((r) => [r.summary.median, n.rows.find((q) => q.binding === r.binding)?.summary.median] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  // The range of ratios, no verdict: one process per build gives no interval (the claim's badge judges).
  const ratios = pairs.map(([a, b]) => b / a);
  return ratios.length ? `No-GIL / GIL median ns/call: ${x(Math.min(...ratios))} to ${x(Math.max(...ratios))}` : null;
});

registerHeadline('co-stats', ([s]) => {
  const a = s ? analyze(s.record) : null;
  if (!a?.rows.length) return null;
  const cvs = a.rows.map((r) => r.summary.cv * 100).sort((p, q) => p - q);
  return `${rt(s)}: CV ${cvs[0]!.toFixed(1)}–${cvs.at(-1)!.toFixed(1)}% across ${cvs.length} bindings, ${int(Math.min(...a.rows.map((r) => r.summary.n)))}+ samples each`;
});

registerHeadline('co-pairs', ([s], _sources, el) => {
  const a = s ? analyze(s.record) : null;
  if (!s || !a) return null;
  const wanted = (el.dataset['bindings'] ?? 'ctypes-cdll,cffi-api,pybind11,pyo3').split(',');
  const series = Object.fromEntries(wanted.map((b) => [b, s.record.samples[`${b}/${a.fn}`] ?? []]).filter(([, v]) => v!.length >= 2));
  if (Object.keys(series).length < 2) return null;
  const pairs = pairwise(series);
  const sig05 = pairs.filter((p) => p.pAdjusted < 0.05).length;
  const big = pairs.filter((p) => Math.abs(p.effectSize) >= 0.5).length;
  return `${rt(s)}: ${sig05} of ${pairs.length} pairs differ (BH p < 0.05); ${big} with |r| ≥ 0.5`;
});

/** Claim tables: how many of the talk's claims shown this machine repeats (the verdicts in the view). */
function agreement(el: HTMLElement): string | null {
  const v = [...el.querySelectorAll('.view-body .verdict')];
  const decided = v.filter((e) => e.classList.contains('agree') || e.classList.contains('differ'));
  if (!decided.length) return null;
  const agree = decided.filter((e) => e.classList.contains('agree')).length;
  return `This machine agrees with the talk on ${agree} of ${decided.length}`;
}
// Claim views: their badges come from the claims module (analysis/claims.ts); the headline counts them.
for (const kind of ['co-claims', 'co-ft-claims', 'cdll-claims', 'blocking-claims', 'races-claims', 'arena-claims']) registerHeadline(kind, (_s, _src, el) => agreement(el));

registerHeadline('scaling-lines', (shown) => {
  const best = shown.map((s) => {
    const pts = points(s);
    const top = Math.max(0, ...pts.map((p) => p.threads));
    const at = pts.filter((p) => p.threads === top).sort((p, q) => q.callsPerSec - p.callsPerSec)[0];
    return at ? `${rt(s)} ${(at.callsPerSec / 1e6).toFixed(1)} M calls/s (${at.binding})` : null;
  });
  const top = Math.max(0, ...shown.flatMap((s) => points(s).map((p) => p.threads)));
  return best.some(Boolean) ? `${top} threads: ${best.filter(Boolean).join(' vs ')}` : null;
});

registerHeadline('env-checklist', ([s]) => {
  const checks = (s?.record.partials ?? []).map((p) => p.data as { verdict?: string }).filter((c) => c && c.verdict);
  if (!checks.length) return null;
  const warn = checks.filter((c) => c.verdict === 'warn').length;
  return `${warn} of ${checks.length} checks short of the talk's tuned machine`;
});

registerHeadline('runtime-gil', (shown) => {
  const ft = shown.filter((s) => s?.record.meta?.env?.freeThreadedBuild);
  if (!ft.length) return null;
  const off = ft.filter((s) => !s!.record.meta!.env!.gilEnabledAfterImports).length;
  return off === ft.length ? 'Free-threaded build: GIL still off after importing every binding' : `Free-threaded build: the GIL came back on after the imports (${ft.length - off} of ${ft.length})`;
});

registerHeadline('cdll-bars', (shown) => {
  const parts = shown.map((s) => {
    const c = loaderStats(s, 'cdll');
    const p = loaderStats(s, 'pydll');
    return c && p ? `${rt(s)} ${x(c.med / p.med)}` : null;
  });
  return parts.some(Boolean) ? `CDLL / PyDLL time per call: ${parts.filter(Boolean).join(' · ')}` : null;
});

registerHeadline('blocking-counters', (shown) => {
  const parts = shown.map((s) => {
    const m = blockingMedians(s);
    return m && m.cdll ? `${rt(s)} ${((m.pydll / m.cdll) * 100).toFixed(1)}%` : null;
  });
  return parts.some(Boolean) ? `Python counting through a PyDLL sleep, vs CDLL: ${parts.filter(Boolean).join(' · ')}` : null;
});

registerHeadline('races-counter', ([s]) => {
  const t = counterTotals(pieces(s ?? null), 'unsafe');
  if (!t) return null;
  return t.races ? `Unsafe counter raced in ${t.races} of ${t.n} repeats: ${int(t.meanLost)} increments lost on average` : `Unsafe counter: no race in ${t.n} repeats here`;
});

registerHeadline('races-lost', (shown) => {
  const raced = shown.filter((s) => (counterTotals(pieces(s), 'unsafe')?.races ?? 0) > 0).length;
  const known = shown.filter((s) => counterTotals(pieces(s), 'unsafe')).length;
  return known ? `The unsafe counter lost increments in ${raced} of ${known} configurations` : null;
});

registerHeadline('arena-heatmaps', (shown) => {
  const parts = shown.map((s) => {
    const arenas = arenaCells(s?.record).map((c) => c.arenaMiB?.median).filter((v): v is number => typeof v === 'number');
    if (!arenas.length) return null;
    const k = Number(s?.record.params['arena_max'] ?? 0);
    return `${rt(s)}${k ? ` arena_max=${k}` : ''} ${Math.max(...arenas).toFixed(1)}`;
  });
  return parts.some(Boolean) ? `Most arena memory, MiB: ${parts.filter(Boolean).join(' · ')}` : null;
});
