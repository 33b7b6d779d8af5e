// Views of the races experiment: the talk's counter and bank tables for one configuration (with
// the parameters used), lost increments across GIL/no-GIL × PyDLL/CDLL, and the talk's
// safe/uncertain/race matrix filled with what was measured.
import { t as msg } from '../i18n/index.ts';
import { BarChart } from '../charts/bars.ts';
import { palette } from '../charts/core.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { TALK_RACES } from '../../analysis/talk.ts';
import type { ClaimResult } from '../../analysis/claims.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import { canvasBox, claimBadge, claimRuleNote, claimsOf, el, int, paramsText, pct, runtimeLabel, table, type Cell } from './dom.ts';

/** One line of badges: each claim's words (the talk's), then its verdict. */
function claimLine(claims: Map<string, ClaimResult>): HTMLElement {
  const p = el('p', 'claim-badges');
  for (const c of claims.values()) p.append(el('span', 'claim-words', `“${c.talk.split('\t').join(' · ')}” `), claimBadge(c), ' ');
  return p;
}
import type { RaceCounterRow as CounterRow, RaceBankRow as BankRow, RacePiece as Piece } from '../../protocol/results.ts';


const COUNTER_LABEL: Record<string, string> = { unsafe: 'UNSAFE', mutex: 'SAFE (mutex)', atomic: 'ATOMIC' };
export const pieces = (s: Shown | null): Piece[] => (s ? s.record.partials.map((p) => p.data as Piece).filter((p) => p && p.counter) : []);
const loaderOf = (s: Shown | null) => (String(s?.record.params['loader'] ?? 'pydll') === 'cdll' ? 'CDLL' : 'PyDLL');
const config = (s: Shown | null) => `${runtimeLabel(s?.record)} + ${loaderOf(s)}`;

export function counterTotals(ps: Piece[], method: string) {
  const rows = ps.map((p) => p.counter[method]).filter((x): x is CounterRow => !!x);
  if (!rows.length) return null;
  return {
    races: rows.filter((r) => r.lost > 0).length,
    n: rows.length,
    meanLost: rows.reduce((a, r) => a + r.lost, 0) / rows.length,
    maxLost: Math.max(...rows.map((r) => r.lost)),
    meanAcc: rows.reduce((a, r) => a + r.accuracy, 0) / rows.length,
  };
}

/** A view of the last repeat of one race run: `draw` gets the run, every repeat so far, the last
 * and the parameters; before the first repeat the view says there is no data yet. */
function lastRepeatView(kind: string, draw: (s: Shown, ps: Piece[], last: Piece, p: Record<string, unknown>) => HTMLElement[]): void {
  registerView(kind, (body) => ({
    render([s]) {
      const ps = pieces(s ?? null);
      const last = ps.at(-1);
      if (!s || !last) return body.replaceChildren(el('p', 'muted', msg()['c.noData']));
      body.replaceChildren(...draw(s, ps, last, s.record.params));
    },
  }));
}

lastRepeatView('races-counter', (s, ps, last, p) => [
  el('p', 'params-used', `${config(s)} · ${paramsText(p, ['threads', 'iterations', 'repeats'])} · ${msg()['c.expected'](int(Number(p['threads']) * Number(p['iterations'])))}`),
  table(
    ['Method', 'Final Value', 'Lost Increments', 'Accuracy', 'Status', msg()['c.racesIn'](ps.length)],
    Object.entries(last.counter).map(([m, c]) => {
      const t = counterTotals(ps, m);
      return [COUNTER_LABEL[m] ?? m, int(c.final), int(c.lost), pct(c.accuracy), { text: c.lost ? '✗ RACE' : '✓ OK', cls: c.lost ? 'bad nowrap' : 'good nowrap' }, t ? `${t.races} / ${t.n}` : ''];
    }),
    { caption: `1. Counter Increment Comparison (repeat ${last.repeat})` },
  ),
]);

lastRepeatView('races-bank', (s, ps, last, p) => [
  el('p', 'params-used', `${config(s)} · ${msg()['c.bankParams'](String(p['bank_balance']), String(p['bank_threads']), String(p['bank_attempts']), String(p['bank_amount']), int(Number(p['bank_window'])))}`),
  table(
    ['Method', 'Successful Withdrawals', 'Total Withdrawn', 'Final Balance', 'Balance + Withdrawn', 'Consistency', msg()['c.brokenIn'](ps.length)],
    Object.entries(last.bank).map(([m, b]) => [
      m.toUpperCase(),
      b.successful,
      `$${int(b.withdrawn)}`,
      `$${int(b.final_balance)}`,
      `$${int(b.balance_plus_withdrawn)}`,
      { text: b.consistent ? '✓ OK' : '✗ BROKEN', cls: b.consistent ? 'good nowrap' : 'bad nowrap' },
      `${ps.filter((x) => x.bank[m] && !x.bank[m]!.consistent).length} / ${ps.length}`,
    ]),
    { caption: `2. Race Condition Comparison (repeat ${last.repeat})` },
  ),
]);

/** Lost increments of the unsafe counter (mean over repeats) per configuration. */
registerView('races-lost', (body) => {
  const chart = new BarChart(canvasBox(body), { unit: msg()['c.accuracyUnit'], horizontal: true, legend: false, format: (v) => `${v.toFixed(1)}%`, min: 0 });
  return {
    render(shown) {
      const p = palette();
      const totals = shown.map((s) => counterTotals(pieces(s), 'unsafe'));
      chart.update(shown.map(config), [
        {
          label: msg()['c.accuracy'],
          data: totals.map((t) => (t ? t.meanAcc * 100 : null)),
          color: totals.map((t) => (t && t.races ? p.bad : p.good)),
        },
      ]);
    },
  };
});

/** The talk's GIL / No-GIL × thread-safe / not table, with what we measured in each cell. */
registerView('races-matrix', (body) => {
  return {
    render(shown) {
      // shown: [gil+pydll, gil+cdll, nogil+pydll, nogil+cdll]
      const cell = (s: Shown | null): Cell => {
        const t = counterTotals(pieces(s), 'unsafe');
        if (!t) return '…';
        return { text: t.races ? msg()['c.raceCell'](t.races, t.n, pct(t.meanAcc)) : msg()['c.safeCell'](t.n), cls: t.races ? 'bad' : 'good' };
      };
      const safe = (s: Shown | null): Cell => {
        const m = counterTotals(pieces(s), 'mutex');
        const a = counterTotals(pieces(s), 'atomic');
        if (!m || !a) return '…';
        const races = m.races + a.races;
        return { text: races ? msg()['f.raceRepeats'](races) : msg()['f.safeLost'](m.n + a.n), cls: races ? 'bad' : 'good' };
      };
      const [gp, gc, np, nc] = shown as [Shown | null, Shown | null, Shown | null, Shown | null];
      const claims = claimsOf(shown, ['thread-safe-ffi-safe', 'gil-protects-unsafe-state', 'cdll-unprotected', 'nogil-unsafe-races']);
      body.replaceChildren(
        table(
          msg()['f.racesHead'],
          [
            [TALK_RACES.matrix[0]!.ffi, TALK_RACES.matrix[0]!.gil, TALK_RACES.matrix[0]!.nogil, safe(gp), safe(gc), safe(np), safe(nc)],
            [TALK_RACES.matrix[1]!.ffi, TALK_RACES.matrix[1]!.gil, TALK_RACES.matrix[1]!.nogil, cell(gp), cell(gc), cell(np), cell(nc)],
          ],
          { cls: 'compact matrix' },
        ),
        el('p', 'cite', msg()['f.racesColumns'](msg()['f.talk'], shown[0] ? paramsText(shown[0].record.params, ['threads', 'iterations', 'repeats']) : '')),
        claimLine(claims),
        claimRuleNote(claims.values()),
      );
    },
  };
});

registerView('races-claims', (body) => {
  return {
    render(shown) {
      const [g, n] = shown.map((s) => counterTotals(pieces(s), 'unsafe'));
      const bank = (s: Shown | null) => {
        const ps = pieces(s);
        return ps.length ? `${ps.filter((x) => x.bank['unsafe'] && !x.bank['unsafe'].consistent).length} / ${ps.length}` : '…';
      };
      const tp = TALK_RACES.params;
      const op = shown[0]?.record.params ?? {};
      body.replaceChildren(
        table(
          msg()['f.racesClaimsHead'],
          [
            [msg()['f.talkRow']('GIL'), TALK_RACES.gil.repeats.counterRaces, pct(TALK_RACES.gil.repeats.counterAccuracy), TALK_RACES.gil.repeats.bankRaces, `${tp.threads} × ${int(tp.iterations)}`],
            [msg()['f.oursRow'](runtimeLabel(shown[0]?.record)), g ? `${g.races} / ${g.n}` : '…', g ? pct(g.meanAcc) : '…', bank(shown[0] ?? null), `${op['threads']} × ${int(Number(op['iterations']))}`],
            [msg()['f.talkNogil'](TALK_RACES.nogil.python), TALK_RACES.nogil.repeats.counterRaces, pct(TALK_RACES.nogil.repeats.counterAccuracy), TALK_RACES.nogil.repeats.bankRaces, `${tp.threads} × ${int(tp.iterations)}`],
            [msg()['f.oursRow'](runtimeLabel(shown[1]?.record)), n ? `${n.races} / ${n.n}` : '…', n ? pct(n.meanAcc) : '…', bank(shown[1] ?? null), `${shown[1]?.record.params['threads']} × ${int(Number(shown[1]?.record.params['iterations']))}`],
          ],
          { cls: 'compact claims' },
        ),
        el('p', 'cite', msg()['f.racesRows'](msg()['f.talk'], int(Number(findExperiment('races')?.params['iterations']?.default ?? 0)), int(TALK_RACES.params.iterations))),
      );
    },
  };
});
