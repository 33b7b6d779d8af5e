// `ffi-corners compare`: your machine against the recorded one, as the
// deck's "Your machine against the recorded run" slide shows it: the newest saved batched
// call-overhead run of each runtime (results/) beside the run recorded with the deck
// (assets/results/), per binding both medians, live/recorded and the ranks, and whether the
// ranking agrees. The comparison is analysis/compare.ts, the same code as the slide's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, rankingAgreement, recordedPeer, type RunComparison } from '../../analysis/compare.ts';
import { ratio, sig3 } from '../../analysis/format.ts';
import type { RunRecord } from '../../protocol/record.ts';
import { projectRoot } from '../paths.ts';
import { table } from '../report/format.ts';
import { ResultsStore } from '../results/store.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

const EXPERIMENT = 'call-overhead';
/** The runs the slide compares (the deck's comparison view asks for the same). */
const MATCH = { method: 'batched' };

/** The recorded call-overhead runs shipped with the deck, default-parameter files first. */
function recordedRuns(): (RunRecord & { file: string })[] {
  const dir = join(projectRoot, 'assets', 'results');
  const variant = (f: string) => Number(f.split('--').length > 2);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${EXPERIMENT}--`) && f.endsWith('.json'))
    .sort((a, b) => variant(a) - variant(b) || a.localeCompare(b))
    .map((f) => ({ ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunRecord), file: `assets/results/${f}` }));
}

interface Entry {
  runtime: string;
  live: { file: string | null; machine: string } | null;
  recorded: { file: string; machine: string } | null;
  comparison: RunComparison | null;
  /** What to do, or why there is nothing to compare. */
  note: string | null;
}

function text(e: Entry): string {
  const head = `== ${e.runtime}`;
  if (!e.comparison) return `${head}\n${e.note}`;
  const c = e.comparison;
  return [
    `${head}: ${c.function}(), ordered by the recorded run (fastest first)`,
    table(
      ['BINDING', 'LIVE ns/call', 'RECORDED ns/call', 'LIVE/RECORDED', 'RANK rec -> live'],
      c.rows.map((r) => [r.binding, sig3(r.live), sig3(r.recorded), ratio(r.ratio, 'x'), r.liveRank === r.recordedRank ? `${r.liveRank}` : `${r.recordedRank} -> ${r.liveRank}`]),
    ),
    `${rankingAgreement(c)} Overall, a call here takes ${ratio(c.geoMeanRatio)} the recorded time (geometric mean).`,
    ...(c.onlyLive.length ? [`measured live only (not compared): ${c.onlyLive.join(', ')}`] : []),
    ...(c.onlyRecorded.length ? [`recorded only (not compared): ${c.onlyRecorded.join(', ')}`] : []),
    e.live!.machine,
    e.recorded!.machine,
  ].join('\n');
}

export async function compareCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS.compare);
  const store = new ResultsStore();
  const saved = [...new Set(store.list().filter((r) => r.experiment === EXPERIMENT && r.runtime).map((r) => r.runtime!))].sort();
  const runtimes = values.runtime?.length ? values.runtime : saved;
  const recorded = recordedRuns();
  const entries: Entry[] = runtimes.map((runtime) => {
    const live = store.latest(EXPERIMENT, runtime, MATCH);
    if (!live) {
      const rec = recorded.find((r) => r.runtimeId === runtime && r.params['method'] === MATCH.method) ?? null;
      return {
        runtime,
        live: null,
        recorded: rec && { file: rec.file, machine: machineLine('RECORDED', rec) },
        comparison: null,
        note: `no saved batched ${EXPERIMENT} run of ${runtime} here: run it live to compare (npx ffi-corners run ${EXPERIMENT} --runtime ${runtime})`,
      };
    }
    const file = store.list().find((s) => s.experiment === EXPERIMENT && s.runtime === runtime && s.date === live.startedAt)?.file ?? null;
    const peer = recordedPeer(live, recorded);
    return {
      runtime,
      live: { file: file && ResultsStore.shown(file), machine: machineLine('LIVE', live) },
      recorded: peer && { file: peer.record.file, machine: machineLine('RECORDED', peer.record) },
      comparison: peer?.comparison ?? null,
      note: peer ? null : `no recorded batched ${EXPERIMENT} run of this kind of build shares a function and a binding with the newest saved run`,
    };
  });
  if (values.json) {
    console.log(JSON.stringify({ experiment: EXPERIMENT, runtimes: entries }, null, 2));
    return 0;
  }
  if (!entries.length) {
    console.log(`no saved ${EXPERIMENT} runs in ${ResultsStore.shown(store.root)}: run it live to compare (npx ffi-corners run ${EXPERIMENT})`);
    return 0;
  }
  console.log(entries.map(text).join('\n\n'));
  console.log('\nOne run on each machine: a ratio near 1 can be run-to-run variation rather than the machine.');
  return 0;
}
