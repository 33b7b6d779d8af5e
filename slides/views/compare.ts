// Your machine against the recorded one: the call-overhead run shown (live: this session's or the
// server's newest saved run) beside the recorded run shipped with the deck, per binding both
// medians and their ratio, and whether the ranking agrees (analysis/compare.ts). With only the
// recorded run, it says so instead of comparing the recorded run with itself. A result bundle
// (`ffi-corners bundle`) opened with the file picker or dropped on the slide sets that machine's run
// beside the one shown here instead; a file that is not a bundle of this format version is refused
// with its reason, and the slide keeps what it showed.
import { bundleLabel, comparedRecords, machineLine, methodOf, processesOf, recordedPeer, type DescribedRun, type RunComparison } from '../../analysis/compare.ts';
import { VERDICTS } from '../../analysis/claims.ts';
import { lang, t, utcTime } from '../i18n/index.ts';

/** A run's machine line in the deck's language: which side, CPU, Python, date, method. */
const machine = (kind: 'HERE' | 'THERE' | 'LIVE' | 'RECORDED', r: DescribedRun): string =>
  machineLine(t()[`f.side${kind}`], r, lang(), utcTime(r.startedAt));
import { ratio, ratioCI, sig3 } from '../../analysis/format.ts';
import { parseBundle, type Bundle } from '../../protocol/bundle.ts';
import { recordedRecords } from '../live/recorded.ts';
import type { Shown } from '../live/store.ts';
import { registerView } from '../live/views.ts';
import { el, runtimeLabel, table, type Cell } from './dom.ts';

const tau = (c: RunComparison): string | null => (Number.isFinite(c.tau) ? c.tau.toFixed(2) : null);

/** The bundle opened (with its file name), or why the last file was refused. */
type Opened = { bundle: Bundle; file: string } | { error: string } | null;

/** A bundle set beside the run shown: that machine's peer run, per binding THERE and HERE. */
function renderBundle(body: HTMLElement, shown: Shown, opened: { bundle: Bundle; file: string }): HTMLElement[] {
  const { bundle, file } = opened;
  const r = shown.record;
  const peer = recordedPeer(r, comparedRecords(bundle.records), { live: [], recorded: (x) => processesOf(bundle, x) });
  const head = el('p', 'claim-line compare-bundle', t()['cmp.bundleHead'](file, bundleLabel(bundle), shown.origin));
  if (!peer) {
    return [head, el('p', 'claim-line compare-none', t()['cmp.bundleNoPeer'](runtimeLabel(r))), el('p', 'data-fine-print', machine('HERE', r))];
  }
  const c = peer.comparison;
  const counts = VERDICTS.map((v) => [v, bundle.verdicts.filter((x) => x.verdict === v).length] as const).filter(([, n]) => n > 0);
  return [
    head,
    table(
      t()['cmp.bundleTable'],
      c.rows.map((x) => [
        x.binding,
        sig3(x.live),
        sig3(x.recorded),
        { text: x.interval && Number.isFinite(x.interval.low) ? ratioCI(x.ratio, x.interval.low, x.interval.high) : ratio(x.ratio), cls: `num ${x.ratio > 1 ? 'worse' : 'better'}` },
        { text: x.liveRank === x.recordedRank ? `${x.liveRank}` : `${x.recordedRank} → ${x.liveRank}`, cls: `num ${x.liveRank === x.recordedRank ? '' : 'moved'}` },
      ]),
      { cls: 'compare' },
    ),
    el('p', 'claim-line', `${t()['cmp.bundleRanking'](c.moved, c.rows.length, tau(c))} ${t()['cmp.bundleOverall'](ratio(c.geoMeanRatio))}`),
    el('p', 'data-fine-print', t()['cmp.bundleClaims'](counts.map(([v, n]) => t()['cmp.count'](n, t()[`verdict.${v}`])).join(', '), c.function)),
    el('p', 'data-fine-print', machine('HERE', r)),
    el('p', 'data-fine-print', machine('THERE', peer.record)),
  ];
}

registerView('co-compare', (body, view) => {
  let opened: Opened = null;
  let last: Shown | null | undefined;
  const input = el('input');
  input.type = 'file';
  input.accept = '.bundle,.json,application/json';
  input.className = 'bundle-input';
  input.setAttribute('aria-label', t()['cmp.openAria']);
  const open = async (f: File) => {
    try {
      opened = { bundle: parseBundle(await f.text(), f.name), file: f.name };
    } catch (err) {
      opened = { error: (err as Error).message };
    }
    instance.render([last ?? null]);
  };
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) void open(f);
    input.value = '';
  });
  view.addEventListener('dragover', (e) => {
    e.preventDefault();
    view.classList.add('dropping');
  });
  view.addEventListener('dragleave', () => view.classList.remove('dropping'));
  view.addEventListener('drop', (e) => {
    e.preventDefault();
    view.classList.remove('dropping');
    const f = e.dataTransfer?.files[0];
    if (f) void open(f);
  });
  const picker = (): HTMLElement => {
    const bar = el('div', 'bundle-bar');
    bar.setAttribute('data-fine-print', '');
    const label = el('label', 'bundle-open');
    label.append(el('span', '', t()['cmp.open']), input);
    bar.append(label, el('span', 'muted', opened && 'bundle' in opened ? '' : t()['cmp.drop']));
    if (opened && 'bundle' in opened) {
      const close = el('button', 'bundle-close', t()['cmp.close']);
      close.type = 'button';
      close.addEventListener('click', () => {
        opened = null;
        instance.render([last ?? null]);
      });
      bar.append(close);
    }
    return bar;
  };
  const instance = {
    render([shown]: (Shown | null)[]) {
      last = shown;
      const error = opened && 'error' in opened ? [el('p', 'claim-line compare-error', opened.error)] : [];
      error[0]?.setAttribute('role', 'alert');
      if (shown && opened && 'bundle' in opened) return body.replaceChildren(picker(), ...renderBundle(body, shown, opened));
      body.replaceChildren(picker(), ...error, ...local(shown ?? undefined));
    },
  };
  return instance;
});

/** The run shown beside the recorded run shipped with the deck. */
function local(shown: Shown | undefined): HTMLElement[] {
      if (!shown) return [el('p', 'muted', t()['cmp.noRun'])];
      const r = shown.record;
      if (shown.origin === 'recorded') {
        // The recorded medians, in the recorded order, with the live column waiting for a run.
        const own = recordedPeer(r, [r])?.comparison;
        return [
          el('p', 'claim-line compare-none', t()['cmp.onlyRecorded'](runtimeLabel(r))),
          ...(own ? [table(t()['cmp.head'], own.rows.map((x) => [x.binding, '—', sig3(x.recorded), '—', `${x.recordedRank}`]), { cls: 'compare waiting' })] : []),
          el('p', 'muted', t()['cmp.howToRun']),
          el('p', 'data-fine-print', machine('RECORDED', r)),
        ];
      }
      const peer = recordedPeer(r, recordedRecords);
      if (!peer) {
        return [
          el('p', 'claim-line compare-none', t()['cmp.noPeer'](methodOf(r), runtimeLabel(r))),
          el('p', 'data-fine-print', machine('LIVE', r)),
        ];
      }
      const c = peer.comparison;
      const rows: Cell[][] = c.rows.map((x) => [
        x.binding,
        sig3(x.live),
        sig3(x.recorded),
        { text: ratio(x.ratio), cls: `num ${x.ratio > 1 ? 'worse' : 'better'}` },
        { text: x.liveRank === x.recordedRank ? `${x.liveRank}` : `${x.recordedRank} → ${x.liveRank}`, cls: `num ${x.liveRank === x.recordedRank ? '' : 'moved'}` },
      ]);
      const apart = [
        c.onlyLive.length ? t()['cmp.onlyLive'](c.onlyLive.join(', ')) : '',
        c.onlyRecorded.length ? t()['cmp.onlyRec'](c.onlyRecorded.join(', ')) : '',
      ].filter(Boolean);
      return [
        table(t()['cmp.head'], rows, { cls: 'compare' }),
        el('p', 'claim-line', `${t()['cmp.ranking'](c.moved, c.rows.length, tau(c))} ${t()['cmp.overall'](ratio(c.geoMeanRatio), shown.running)}`),
        el('p', 'data-fine-print', t()['cmp.fine'](c.function, c.rows.length, apart)),
        el('p', 'data-fine-print', machine('LIVE', r)),
        el('p', 'data-fine-print', machine('RECORDED', peer.record)),
      ];
}
