// Your machine against the recorded one: the call-overhead run shown (live: this session's or the
// server's newest saved run) beside the recorded run shipped with the deck, per binding both
// medians and their ratio, and whether the ranking agrees (analysis/compare.ts). With only the
// recorded run, it says so instead of comparing the recorded run with itself.
import { machineLine as machine, methodOf, rankingAgreement, recordedPeer } from '../../analysis/compare.ts';
import { ratio, sig3 } from '../../analysis/format.ts';
import { recordedRecords } from '../live/recorded.ts';
import { registerView } from '../live/views.ts';
import { el, runtimeLabel, table, type Cell } from './dom.ts';

registerView('co-compare', (body) => {
  return {
    render([shown]) {
      if (!shown) return body.replaceChildren(el('p', 'muted', 'No call-overhead run for this runtime, recorded or live.'));
      const r = shown.record;
      if (shown.origin === 'recorded') {
        // The recorded medians, in the recorded order, with the live column waiting for a run.
        const own = recordedPeer(r, [r])?.comparison;
        return body.replaceChildren(
          el('p', 'claim-line compare-none', `Only the recorded run is here (${runtimeLabel(r)}): run it live to compare this machine with it.`),
          ...(own ? [table(['Binding', 'LIVE median ns/call', 'RECORDED median ns/call', 'LIVE / RECORDED', 'Rank (rec. → live)'], own.rows.map((x) => [x.binding, '—', sig3(x.recorded), '—', `${x.recordedRank}`]), { cls: 'compare waiting' })] : []),
          el('p', 'muted', 'Press Run above (or run npx ffi-corners run call-overhead, then open the deck with its server, npm start): the LIVE column then fills in.'),
          el('p', 'data-fine-print', machine('RECORDED', r)),
        );
      }
      const peer = recordedPeer(r, recordedRecords);
      if (!peer) {
        return body.replaceChildren(
          el('p', 'claim-line compare-none', `No recorded ${methodOf(r)} run of ${runtimeLabel(r)} shares a function and a binding with this live run.`),
          el('p', 'data-fine-print', machine('LIVE', r)),
        );
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
        c.onlyLive.length ? `measured live only: ${c.onlyLive.join(', ')}` : '',
        c.onlyRecorded.length ? `recorded only: ${c.onlyRecorded.join(', ')}` : '',
      ].filter(Boolean);
      body.replaceChildren(
        table(['Binding', 'LIVE median ns/call', 'RECORDED median ns/call', 'LIVE / RECORDED', 'Rank (rec. → live)'], rows, { cls: 'compare' }),
        el('p', 'claim-line', `${rankingAgreement(c)} Overall, a call here takes ${ratio(c.geoMeanRatio)} the recorded time (geometric mean)${shown.running ? ', run still streaming' : ''}.`),
        el('p', 'data-fine-print', `${c.function}(), ordered by the recorded run, fastest first; ranks among the ${c.rows.length} bindings both runs measured${apart.length ? ` (${apart.join('; ')})` : ''}. One run on each machine: a ratio near 1 can be run-to-run variation rather than the machine.`),
        el('p', 'data-fine-print', machine('LIVE', r)),
        el('p', 'data-fine-print', machine('RECORDED', peer.record)),
      );
    },
  };
});
