// Views of the call-overhead experiment: distributions per binding, ranking against the C-API
// floor with bootstrap CIs, medians GIL vs free-threaded, the talk's two statistics tables computed
// from the data shown, and the talk's ranking claim next to ours. Statistics come from
// analysis/call-overhead.ts (finished runs) or analysis/stats.ts directly (while streaming: no
// bootstrap, so the page keeps its frame rate).
import { t as msg } from '../i18n/index.ts';
import { analyzeCallOverhead, bindingNote, type CallOverheadAnalysis } from '../../analysis/call-overhead.ts';
import { sig3 } from '../../analysis/format.ts';
import { pairwise, summary, talkSummary, type Summary } from '../../analysis/stats.ts';
import { byBindingOrder, byFunctionOrder, FLOOR_BINDING } from '../../protocol/runtime.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { BarChart } from '../charts/bars.ts';
import { bindingColor, runtimeColor } from '../charts/core.ts';
import { DistributionChart } from '../charts/distribution.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { TALK_NAME_TO_OURS } from '../../analysis/claims.ts';
import { TALK_TABLES } from '../../analysis/talk.ts';
import { floorRatioBars } from './floor-ratio.ts';
import { canvasBox, claimBadge, claimRuleNote, claimsOf, el, runtimeLabel, table, type Cell } from './dom.ts';
import { pValue, sig } from '../../analysis/format.ts';

interface Row {
  binding: string;
  summary: Summary;
  ci: { ratio: number; low: number; high: number } | null;
  note: string | null;
  wrapped: boolean;
}
interface Analysis {
  fn: string;
  rows: Row[];
  full: CallOverheadAnalysis | null;
  method: string;
  n: number;
}

const cache = new WeakMap<RunRecord, { n: number; done: boolean; a: Analysis }>();

function totalSamples(r: RunRecord): number {
  let n = 0;
  for (const v of Object.values(r.samples)) n += v.length;
  return n;
}

/** The analysis of the first function of a record: full (with CIs) once finished, quick while running. */
export function analyze(r: RunRecord): Analysis | null {
  const n = totalSamples(r);
  const done = r.status !== 'running';
  const hit = cache.get(r);
  if (hit && hit.n === n && hit.done === done) return hit.a;
  const method = String((r.result as { method?: string } | null)?.method ?? r.params['method'] ?? 'batched');
  let a: Analysis | null = null;
  if (done) {
    const full = analyzeCallOverhead(r);
    const f = full.functions[0];
    if (f) a = { fn: f.function, rows: f.rows.map((x) => ({ binding: x.binding, summary: x.summary, ci: x.vsFloor, note: x.note, wrapped: x.wrapped })), full, method, n };
  } else {
    const fns = new Map<string, [string, number[]][]>();
    for (const [key, values] of Object.entries(r.samples)) {
      const i = key.lastIndexOf('/');
      if (i <= 0 || values.length < 2) continue;
      const fn = key.slice(i + 1);
      if (!fns.has(fn)) fns.set(fn, []);
      fns.get(fn)!.push([key.slice(0, i), values]);
    }
    const first = [...fns.keys()].sort(byFunctionOrder)[0];
    if (first) {
      const rows = fns.get(first)!.map(([binding, values]) => ({ binding, summary: summary(values), ci: null, note: bindingNote(binding, r.meta?.env), wrapped: false }));
      const floor = rows.find((x) => x.binding === FLOOR_BINDING)?.summary.median;
      for (const row of rows) if (floor) row.ci = { ratio: row.summary.median / floor, low: NaN, high: NaN } as never;
      rows.sort((x, y) => x.summary.median - y.summary.median);
      a = { fn: first, rows, full: null, method, n };
    }
  }
  if (a) cache.set(r, { n, done, a });
  return a;
}

function label(row: Row): string {
  return `${row.binding}${row.note ? ' ‡' : ''}${row.wrapped ? ' †' : ''}`;
}

function footnotes(rows: Row[]): string {
  const notes = [];
  if (rows.some((r) => r.note)) notes.push(msg()['c.footCffi']);
  if (rows.some((r) => r.wrapped)) notes.push(msg()['c.footWrapped']);
  return notes.join(' · ');
}

registerView('co-violin', (body) => {
  const title = el('div', 'view-title');
  const chart = new DistributionChart(canvasBox(body), body.closest<HTMLElement>('[data-kind]')?.dataset['kind'] === 'boxplot' ? 'boxplot' : 'violin', 'ns/call');
  const foot = el('div', 'footnote');
  body.prepend(title);
  body.append(foot);
  return {
    render([shown]) {
      const r = shown?.record;
      const a = r ? analyze(r) : null;
      if (!r || !a) {
        chart.update([]);
        foot.textContent = '';
        title.textContent = msg()['c.waiting'];
        return;
      }
      const rows = [...a.rows].sort((x, y) => byBindingOrder(x.binding, y.binding));
      const key = (b: string) => `${b}/${a.fn}`;
      const { axisMax, above } = chart.update(rows.map((row) => ({ label: label(row), values: r.samples[key(row.binding)] ?? [], color: bindingColor(row.binding) })));
      const n = Math.min(...rows.map((x) => x.summary.n));
      title.textContent = msg()['c.violinTitle'](a.fn, a.method, `${n}${rows.some((x) => x.summary.n !== n) ? '+' : ''}`, runtimeLabel(r));
      const clipped = above && axisMax !== null ? msg()['c.clipped'](above, axisMax) : '';
      foot.textContent = [clipped, footnotes(rows)].filter(Boolean).join(' · ');
    },
  };
});

/** Ranking: median(binding) / median(capi) with 95% bootstrap CIs, one bar group per runtime. */
registerView('co-ranking', (body) =>
  floorRatioBars(body, msg()['c.rankingUnit'](FLOOR_BINDING), (record) =>
    analyze(record)?.rows.map((r) => ({ binding: r.binding, ratio: r.ci?.ratio ?? null, ci: r.ci && Number.isFinite(r.ci.low) ? [r.ci.low, r.ci.high] : null })) ?? null,
  ),
);

/** Median ns/call per binding, one bar per runtime: what free-threading costs each binding. */
registerView('co-medians', (body) => {
  const chart = new BarChart(canvasBox(body, 'tall'), { unit: msg()['c.mediansUnit'], format: (v) => v.toFixed(v < 100 ? 1 : 0) });
  return {
    render(shown) {
      const analyses = shown.map((s) => (s ? analyze(s.record) : null));
      const bindings = [...new Set(analyses.flatMap((a) => a?.rows.map((r) => r.binding) ?? []))].sort(byBindingOrder);
      chart.update(
        bindings,
        shown.map((s, i) => ({
          label: runtimeLabel(s?.record),
          color: runtimeColor(s?.record),
          data: bindings.map((b) => analyses[i]?.rows.find((r) => r.binding === b)?.summary.median ?? null),
        })),
      );
    },
  };
});

/** The talk's "Method statistics" table, computed from the data shown (all bindings). */
registerView('co-stats', (body) => {
  return {
    render([shown]) {
      const a = shown ? analyze(shown.record) : null;
      if (!a) return body.replaceChildren(el('p', 'muted', msg()['c.noData']));
      const rows = [...a.rows].sort((x, y) => byBindingOrder(x.binding, y.binding));
      const t = table(
        ['Indicator', 'Median', 'Cv', 'Skewness', 'Kurtosis', 'Std', 'mad'],
        rows.map((r) => [label(r), sig(r.summary.median), r.summary.cv.toFixed(3), sig(r.summary.skewness), sig(r.summary.kurtosis), sig(r.summary.std), sig(r.summary.mad)]),
        { caption: msg()['c.statsCaption'](a.fn, a.method, a.method === 'batched', runtimeLabel(shown!.record)), cls: 'compact' },
      );
      body.replaceChildren(t);
    },
  };
});

/** The talk's "Method statistics" the talk's way: our single-shot samples (one call between two timer
 * reads, as the talk took them) of the bindings the talk ran, with its estimators (Tukey drop, mixed
 * moments, MAD × 1.4826): the like-for-like counterpart of its table. */
registerView('co-stats-talk', (body) => {
  return {
    render([shown]) {
      const r = shown?.record;
      if (!r) return body.replaceChildren(el('p', 'muted', msg()['c.noSingleShot']));
      const method = String((r.result as { method?: string } | null)?.method ?? r.params['method']);
      const rows: Cell[][] = [];
      for (const [talkName, ours] of Object.entries(TALK_NAME_TO_OURS)) {
        const v = r.samples[`${ours}/return_int`];
        if (!v || v.length < 2) continue;
        const t = talkSummary(v);
        rows.push([`${talkName} (${ours})`, sig3(t.cv), sig3(t.skewness), sig3(t.kurtosis), sig3(t.std), sig3(t.mad), `${t.kept}/${t.n}`]);
      }
      body.replaceChildren(
        table(['Indicator', 'Cv', 'Skewness', 'Kurtosis', 'Std', 'mad', 'kept'], rows, {
          caption: msg()['c.statsTalkCaption'](method, method === 'single-shot', runtimeLabel(r)),
          cls: 'compact',
        }),
        el('p', 'data-fine-print', msg()['f.estimators']),
      );
    },
  };
});

/** The talk's Mann–Whitney U / BH table over the talk's four bindings, from the data shown. */
registerView('co-pairs', (body, host) => {
  const wanted = (host.dataset['bindings'] ?? 'ctypes-cdll,cffi-api,pybind11,pyo3').split(',');
  return {
    render([shown]) {
      const r = shown?.record;
      const a = r ? analyze(r) : null;
      if (!r || !a) return body.replaceChildren(el('p', 'muted', msg()['c.noData']));
      const series: Record<string, number[]> = {};
      for (const b of wanted) {
        const v = r.samples[`${b}/${a.fn}`];
        if (v && v.length >= 2) series[b] = v;
      }
      if (Object.keys(series).length < 2) return body.replaceChildren(el('p', 'muted', msg()['c.fewerTwo']));
      const pairs = pairwise(series);
      body.replaceChildren(
        table(
          ['Comparison', 'U p-value', 'BH p-value', 'Faster', 'Effect r'],
          pairs.map((p) => [`${p.a} vs ${p.b}`, pValue(p.p), pValue(p.pAdjusted), p.faster ?? 'tie', p.effectSize.toFixed(2)]),
          { caption: msg()['c.pairsCaption'](pairs.length, runtimeLabel(r)), cls: 'compact' },
        ),
      );
    },
  };
});

/** The talk's statistics and p-value tables (reference values, cited). */
export function talkStatsTable(id: string): string {
  const t = TALK_TABLES.find((x) => x.id === id)!;
  const rows = t.stats.map((s) => `<tr><td>${s.method}</td><td class="num">${s.cv}</td><td class="num">${s.skewness}</td><td class="num">${s.kurtosis}</td><td class="num">${s.std}</td><td class="num">${s.mad}</td></tr>`).join('');
  return `<table class="data compact talk"><caption>${msg()['f.talkTable'](t.id, t.where)}</caption><thead><tr><th>Indicator</th><th>Cv</th><th>Skewness</th><th>Kurtosis</th><th>Std</th><th>mad</th></tr></thead><tbody>${rows}</tbody></table><p class="cite" data-fine-print>${msg()['f.source'](msg()['f.talk'], true)}</p>`;
}

export function talkPairsTable(id: string): string {
  const t = TALK_TABLES.find((x) => x.id === id)!;
  const rows = t.pairs.map((p) => `<tr><td>${p.a} vs ${p.b}</td><td class="num">${p.p}</td><td class="num">${p.bh}</td><td>${p.faster}</td></tr>`).join('');
  return `<table class="data compact talk"><caption>${msg()['f.talkTable'](t.id, t.where)}</caption><thead><tr><th>Comparison</th><th>U p-value</th><th>BH p-value</th><th>Faster</th></tr></thead><tbody>${rows}</tbody></table><p class="cite" data-fine-print>${msg()['f.source'](msg()['f.talk'], false)}</p>`;
}

/** Talk vs ours: each of the talk's "Faster" tables, and "PyO3 fastest", judged by analysis/claims.ts
 * (the talk's names mapped to what it ran: ctypes = CDLL, cffi = ABI mode behind wrapper methods). */
registerView('co-claims', (body) => {
  return {
    render(shown) {
      const ids = ['talk-ranking-gil', 'talk-ranking-nogil', 'pyo3-fastest'];
      const claims = claimsOf(shown, ids);
      const rows: Cell[][] = ids.map((id) => {
        const c = claims.get(id)!;
        const what = id === 'pyo3-fastest' ? c.talk : msg()['f.fasterColumn'](id.endsWith('nogil') ? 2 : 1);
        return [what, c.reason + (c.command && c.verdict === 'not-tested' ? ` (${c.command})` : ''), claimBadge(c)];
      });
      const order4 = (s: Shown | null) => {
        const a = s ? analyze(s.record) : null;
        if (!a) return 'n/a';
        return a.rows
          .filter((r) => Object.values(TALK_NAME_TO_OURS).includes(r.binding))
          .map((r) => r.binding)
          .join(' < ');
      };
      body.replaceChildren(
        table(msg()['c.claimsHead'], rows, { cls: 'compact claims' }),
        el('p', 'cite', msg()['f.ourOrder'](shown.map((s) => `${runtimeLabel(s?.record)}: ${order4(s)}`), Object.entries(TALK_NAME_TO_OURS).map(([k, v]) => `${k} = ${v}`).join(', '), msg()['f.talk'])),
        claimRuleNote(claims.values()),
      );
    },
  };
});

/** "Python 3.13-NoGIL shows higher overhead than 3.13-GIL": the no-GIL / GIL median ratio per binding. */
registerView('co-ft-ratio', (body) => {
  return {
    render(shown) {
      const [gil, nogil] = shown.map((s) => (s ? analyze(s.record) : null));
      if (!gil || !nogil) return body.replaceChildren(el('p', 'muted', msg()['c.needsBoth']));
      const rows = gil.rows
        .map((g) => {
          const n = nogil.rows.find((x) => x.binding === g.binding);
          return n ? { b: g.binding, g: g.summary.median, n: n.summary.median } : null;
        })
        .filter((x): x is { b: string; g: number; n: number } => x !== null)
        .sort((x, y) => byBindingOrder(x.b, y.b));
      const ratios = rows.map((r) => r.n / r.g);
      body.replaceChildren(
        table(
          msg()['c.ftRatioHead'],
          rows.map((r) => [r.b, sig(r.g), sig(r.n), { text: `${(r.n / r.g).toFixed(2)}×`, cls: `num ${r.n > r.g ? 'worse' : 'better'}` }]),
          { cls: 'compact' },
        ),
        el('p', 'claim-line', ratios.length ? msg()['f.thisRun'](`${Math.min(...ratios).toFixed(2)}×`, `${Math.max(...ratios).toFixed(2)}×`) : ''),
      );
    },
  };
});

/** The talk's free-threading recap, claim by claim, judged by analysis/claims.ts on the runs shown. */
registerView('co-ft-claims', (body, host) => {
  // The recap's claims this slide judges (data-claims): with parts per binding and the talk's
  // condition a reason runs to several lines, so the recap is split over two slides.
  const ids = (host.dataset['claims'] ?? 'ft-slower-ffi,ft-314-parity,ft-lockfree-not-faster,ft-unicode').split(',');
  return {
    render(shown) {
      const claims = claimsOf(shown, ids);
      const rows: Cell[][] = ids.map((id) => {
        const c = claims.get(id)!;
        return [c.talk, c.reason + (c.command && c.verdict === 'not-tested' ? ` (${c.command})` : ''), claimBadge(c)];
      });
      body.replaceChildren(
        table(msg()['c.recapHead'], rows, { cls: 'claims' }),
        el('p', 'cite', msg()['f.leftColumn'](msg()['f.talk'], 'Why Free-Threaded Makes Them Slower?')),
        claimRuleNote(claims.values()),
      );
    },
  };
});
