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
import { buildLabel } from './dom.ts';
import { sig } from '../../analysis/format.ts';
import { int, t } from '../i18n/index.ts';
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
  const pick = ['pyo3', 'pybind11', 'ctypes-cdll'].filter((b) => r.has(b)).map((b) => ({ binding: b, x: x(r.get(b)!) }));
  return t()['h.coViolin'](rt(s), pick, sig(floor));
});

registerHeadline('co-ranking', (shown) => {
  const parts = shown.map((s) => {
    const r = [...ratios(s)].filter(([b]) => b !== FLOOR_BINDING && b !== 'python').sort((p, q) => p[1] - q[1]);
    return r.length ? t()['h.coRankingPart'](rt(s), { binding: r[0]![0], x: x(r[0]![1]) }, { binding: r.at(-1)![0], x: x(r.at(-1)![1]) }) : null;
  });
  return parts.some(Boolean) ? parts.filter(Boolean).join(' · ') : null;
});

registerHeadline('co-medians', (shown) => {
  const [g, n] = shown.map((s) => (s ? analyze(s.record) : null));
  if (!g || !n) return null;
  const pairs = g.rows.map((r) => [r.summary.median, n.rows.find((q) => q.binding === r.binding)?.summary.median] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  // The range of ratios, no verdict: one process per build gives no interval (the claim's badge judges).
  const ratios = pairs.map(([a, b]) => b / a);
  return ratios.length ? t()['h.coMedians'](x(Math.min(...ratios)), x(Math.max(...ratios))) : null;
});

registerHeadline('co-stats', ([s]) => {
  const a = s ? analyze(s.record) : null;
  if (!a?.rows.length) return null;
  const cvs = a.rows.map((r) => r.summary.cv * 100).sort((p, q) => p - q);
  return t()['h.coStats'](rt(s), cvs[0]!.toFixed(1), cvs.at(-1)!.toFixed(1), cvs.length, int(Math.min(...a.rows.map((r) => r.summary.n))));
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
  return t()['h.coPairs'](rt(s), sig05, pairs.length, big);
});

/** Claim tables: how many of the talk's claims shown this machine repeats (the verdicts in the view). */
function agreement(el: HTMLElement): string | null {
  const v = [...el.querySelectorAll('.view-body .verdict')];
  const decided = v.filter((e) => e.classList.contains('agree') || e.classList.contains('differ'));
  if (!decided.length) return null;
  const agree = decided.filter((e) => e.classList.contains('agree')).length;
  return t()['h.agreement'](agree, decided.length);
}
// Claim views: their badges come from the claims module (analysis/claims.ts); the headline counts them.
for (const kind of ['co-claims', 'co-ft-claims', 'cdll-claims', 'blocking-claims', 'races-claims', 'arena-claims']) registerHeadline(kind, (_s, _src, el) => agreement(el));

registerHeadline('scaling-lines', (shown) => {
  const best = shown.map((s) => {
    const pts = points(s);
    const top = Math.max(0, ...pts.map((p) => p.threads));
    const at = pts.filter((p) => p.threads === top).sort((p, q) => q.callsPerSec - p.callsPerSec)[0];
    return at ? t()['h.scalingPart'](rt(s), (at.callsPerSec / 1e6).toFixed(1), at.binding) : null;
  });
  const top = Math.max(0, ...shown.flatMap((s) => points(s).map((p) => p.threads)));
  return best.some(Boolean) ? t()['h.scaling'](top, best.filter((b): b is string => !!b)) : null;
});

registerHeadline('env-checklist', ([s]) => {
  const checks = (s?.record.partials ?? []).map((p) => p.data as { verdict?: string }).filter((c) => c && c.verdict);
  if (!checks.length) return null;
  const warn = checks.filter((c) => c.verdict === 'warn').length;
  return t()['h.envChecklist'](warn, checks.length);
});

registerHeadline('runtime-gil', (shown) => {
  const ft = shown.filter((s) => s?.record.meta?.env?.freeThreadedBuild);
  if (!ft.length) return null;
  const off = ft.filter((s) => !s!.record.meta!.env!.gilEnabledAfterImports).length;
  return off === ft.length ? t()['h.gilStillOff'] : t()['h.gilBackOn'](ft.length - off, ft.length);
});

registerHeadline('cdll-bars', (shown) => {
  const parts = shown.map((s) => {
    const c = loaderStats(s, 'cdll');
    const p = loaderStats(s, 'pydll');
    return c && p ? `${rt(s)} ${x(c.med / p.med)}` : null;
  });
  return parts.some(Boolean) ? t()['h.cdllBars'](parts.filter((p): p is string => !!p)) : null;
});

registerHeadline('blocking-counters', (shown) => {
  const parts = shown.map((s) => {
    const m = blockingMedians(s);
    return m && m.cdll ? `${rt(s)} ${((m.pydll / m.cdll) * 100).toFixed(1)}%` : null;
  });
  return parts.some(Boolean) ? t()['h.blocking'](parts.filter((p): p is string => !!p)) : null;
});

registerHeadline('races-counter', ([s]) => {
  const c = counterTotals(pieces(s ?? null), 'unsafe');
  if (!c) return null;
  return c.races ? t()['h.racesCounter'](c.races, c.n, int(c.meanLost)) : t()['h.racesNone'](c.n);
});

registerHeadline('races-lost', (shown) => {
  const raced = shown.filter((s) => (counterTotals(pieces(s), 'unsafe')?.races ?? 0) > 0).length;
  const known = shown.filter((s) => counterTotals(pieces(s), 'unsafe')).length;
  return known ? t()['h.racesLost'](raced, known) : null;
});

registerHeadline('arena-heatmaps', (shown) => {
  const parts = shown.map((s) => {
    const arenas = arenaCells(s?.record).map((c) => c.arenaMiB?.median).filter((v): v is number => typeof v === 'number');
    if (!arenas.length) return null;
    const k = Number(s?.record.params['arena_max'] ?? 0);
    return `${rt(s)}${k ? ` arena_max=${k}` : ''} ${Math.max(...arenas).toFixed(1)}`;
  });
  return parts.some(Boolean) ? t()['h.arena'](parts.filter((p): p is string => !!p)) : null;
});
