// Views of the two ctypes-loader experiments: CDLL vs PyDLL call time (cdll-vs-pydll) and the
// counting thread during a C sleep (pydll-blocking), GIL vs free-threaded, next to the talk's output.
import { t } from '../i18n/index.ts';
import { BarChart } from '../charts/bars.ts';
import { runtimeColor } from '../charts/core.ts';
import { registerView } from '../live/views.ts';
import type { Shown } from '../live/store.ts';
import { TALK_BLOCKING, TALK_CDLL_VS_PYDLL, TALK_PYO3_RECAP } from '../../analysis/talk.ts';
import type { ClaimResult } from '../../analysis/claims.ts';
import { canvasBox, claimBadge, claimRuleNote, claimsOf, el, int, runtimeLabel, table, verdict, type Cell } from './dom.ts';
import type { LoaderSummary, CdllVsPydllResult as CdllResult, CdllVsPydllPiece as CdllPiece, BlockingResult, BlockingPiece } from '../../protocol/results.ts';
import { freeThreadedOf } from '../../protocol/record.ts';
import { median } from '../../analysis/stats.ts';


/** Median, min and max ns/call of a loader: from the result, or from the repeats so far. */
export function loaderStats(s: Shown | null, loader: 'cdll' | 'pydll'): { med: number; min: number; max: number } | null {
  if (!s) return null;
  const res = s.record.result as CdllResult | null;
  if (res?.[loader]) {
    const calls = res.calls;
    return { med: res[loader].ns_per_call, min: (res[loader].min_s * 1e9) / calls, max: (res[loader].max_s * 1e9) / calls };
  }
  const v = s.record.partials.map((p) => (p.data as CdllPiece)[loader]?.ns_per_call).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  return { med: median(v), min: v[0]!, max: v.at(-1)! };
}

registerView('cdll-bars', (body) => {
  const chart = new BarChart(canvasBox(body), { unit: t()['c.loaderUnit'], format: (v) => v.toFixed(1) });
  return {
    render(shown) {
      chart.update(
        [`CDLL ${t()['f.gilReleased']}`, `PyDLL ${t()['f.gilHeld']}`],
        shown.map((s) => {
          const st = (['cdll', 'pydll'] as const).map((l) => loaderStats(s, l));
          return {
            label: runtimeLabel(s?.record),
            color: runtimeColor(s?.record),
            data: st.map((x) => x?.med ?? null),
            ci: st.map((x) => (x ? ([x.min, x.max] as [number, number]) : null)),
          };
        }),
      );
    },
  };
});

/** The badge of a claim on the row of the runtime it was judged on (else nothing); a claim these
 * runs could not test (e.g. every run of its build left out by a quality gate) says so on its row. */
function badgeFor(c: ClaimResult | undefined, runtimeId: string | null | undefined): HTMLElement | string {
  const rts = c?.evidence.runtimes ?? {};
  return c && runtimeId && (Object.values(rts).includes(runtimeId) || c.verdict === 'not-tested') ? claimBadge(c) : '';
}

registerView('cdll-claims', (body) => {
  return {
    render(shown) {
      // The recap's words are judged on the free-threaded row, the GIL build's own 1.222× on the GIL row.
      const claims = claimsOf(shown, ['pydll-faster-than-cdll', 'pydll-speedup-gil']);
      const claimOf = (nogil: boolean) => claims.get(nogil ? 'pydll-faster-than-cdll' : 'pydll-speedup-gil');
      const rows: Cell[][] = [];
      const talk = (k: 'gil' | 'nogil') => TALK_CDLL_VS_PYDLL[k];
      for (const s of shown) {
        const res = s?.record.result as CdllResult | null;
        const nogil = freeThreadedOf(s?.record) === true;
        const tk = talk(nogil ? 'nogil' : 'gil');
        rows.push([t()['f.talkRow'](`${TALK_CDLL_VS_PYDLL.python} ${t()[nogil ? 'build.nogil' : 'build.gil']}`), `${tk.cdll.toFixed(3)} s`, `${tk.pydll.toFixed(3)} s`, `${tk.speedup.toFixed(3)}×`, '']);
        if (res) {
          const calls = res.calls;
          rows.push([
            t()['f.oursRow'](runtimeLabel(s!.record)),
            `${res.cdll.median_s.toFixed(3)} s`,
            `${res.pydll.median_s.toFixed(3)} s`,
            `${res.speedup.toFixed(3)}×`,
            badgeFor(claimOf(nogil), s!.record.runtimeId),
          ]);
          if (calls !== TALK_CDLL_VS_PYDLL.calls) rows.at(-1)![0] += t()['f.loaderCalls'](int(calls));
        } else rows.push([t()['f.oursRow'](runtimeLabel(s?.record)), '…', '…', '…', verdict(null)]);
      }
      body.replaceChildren(
        table(t()['f.speedupHead'](int(TALK_CDLL_VS_PYDLL.calls)), rows, { cls: 'compact claims' }),
        el('p', 'cite', t()['f.loadersRows'](t()['f.talk'], TALK_PYO3_RECAP[0]!.replace(/\.$/, ''), TALK_CDLL_VS_PYDLL.nogil.speedup, TALK_CDLL_VS_PYDLL.gil.speedup)),
        claimRuleNote(claims.values()),
      );
    },
  };
});


export function blockingMedians(s: Shown | null): { cdll: number; pydll: number; n: number } | null {
  if (!s) return null;
  const res = s.record.result as BlockingResult | null;
  if (res?.cdll) return { cdll: res.cdll.median, pydll: res.pydll.median, n: res.cdll.iterations.length };
  const pieces = s.record.partials.map((p) => p.data as BlockingPiece);
  if (!pieces.length) return null;
  return { cdll: median(pieces.map((p) => p.cdll.iterations)), pydll: median(pieces.map((p) => p.pydll.iterations)), n: pieces.length };
}

/** The talk's terminal output, as a counter per case: "Iterations during C sleep: N". */
registerView('blocking-counters', (body) => {
  return {
    render(shown) {
      const boxes = shown.map((s) => {
        const m = blockingMedians(s);
        const box = el('div', 'counter-pair');
        box.append(el('div', 'counter-runtime', runtimeLabel(s?.record)));
        for (const loader of ['cdll', 'pydll'] as const) {
          const c = el('div', `counter ${loader}`);
          c.append(el('div', 'counter-case', `${loader === 'cdll' ? 'CDLL' : 'PyDLL'}: usleep holding call`), el('div', 'counter-label', 'Iterations during C sleep:'), el('div', 'counter-value', m ? int(m[loader]) : '…'));
          box.append(c);
        }
        return box;
      });
      body.replaceChildren(...boxes);
    },
  };
});

registerView('blocking-claims', (body) => {
  return {
    render(shown) {
      const claims = claimsOf(shown, ['pydll-blocks-threads', 'nogil-pydll-no-block']);
      const rows: Cell[][] = [];
      for (const s of shown) {
        const nogil = freeThreadedOf(s?.record) === true;
        const tk = nogil ? TALK_BLOCKING.nogil : TALK_BLOCKING.gil;
        const m = blockingMedians(s);
        const ratio = m && m.cdll ? m.pydll / m.cdll : null;
        const talkRatio = tk.second / tk.first;
        rows.push([t()['f.talkRow'](`${TALK_BLOCKING.python} ${t()[nogil ? 'build.nogil' : 'build.gil']}`), int(tk.first), int(tk.second), `${(talkRatio * 100).toFixed(1)}%`, '']);
        rows.push([
          t()['f.oursRow'](runtimeLabel(s?.record)),
          m ? int(m.cdll) : '…',
          m ? int(m.pydll) : '…',
          ratio === null ? '…' : `${(ratio * 100).toFixed(1)}%`,
          badgeFor(claims.get(nogil ? 'nogil-pydll-no-block' : 'pydll-blocks-threads'), s?.record.runtimeId),
        ]);
      }
      body.replaceChildren(
        table(t()['f.blockingHead'], rows, { cls: 'compact claims' }),
        el('p', 'cite', t()['f.blockingRows'](t()['f.talk'], (shown[0]?.record.params['sleep_ms'] as number | undefined) ?? 500)),
        claimRuleNote(claims.values()),
      );
    },
  };
});

/** "PyDLL > CDLL over a 20% performance when NoGIL": the speed-up measured per runtime. */
registerView('cdll-speedup', (body) => {
  return {
    render(shown) {
      const claims = claimsOf(shown, ['pydll-faster-than-cdll', 'pydll-speedup-gil']);
      const rows: Cell[][] = shown.map((s) => {
        const res = s?.record.result as CdllResult | null;
        const sp = res?.speedup ?? null;
        const nogil = !!s && /nogil/.test(s.record.runtimeId ?? '');
        return [runtimeLabel(s?.record), sp === null ? '…' : `${sp.toFixed(3)}×`, badgeFor(claims.get(nogil ? 'pydll-faster-than-cdll' : 'pydll-speedup-gil'), s?.record.runtimeId)];
      });
      body.replaceChildren(table(t()['c.speedupHead'], rows, { cls: 'compact claims' }));
    },
  };
});
