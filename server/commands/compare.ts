// `ffi-corners compare [A.bundle [B.bundle]] [--runtime ID]... [--json]`: two machines' results side
// by side. Without a bundle: your machine against the recorded one, as the
// deck's "Your machine against the recorded run" slide shows it: the newest saved batched
// call-overhead run of each runtime (results/) beside the run recorded with the deck
// (assets/results/), per binding both medians, live/recorded and the ranks, and whether the
// ranking agrees. With bundles (`ffi-corners bundle`): B (default: this machine, bundled on the fly)
// against A, per runtime the same table with between-process intervals where both carry processes,
// and each claim's verdict on both machines. The comparison is analysis/compare.ts, the same code as
// the slide's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLabel, compareBundles, machineLine, rankingAgreement, recordedPeer, type RunComparison } from '../../analysis/compare.ts';
import { VERDICT_LABEL, type Verdict } from '../../analysis/claims.ts';
import { ratio, ratioCI, sig3 } from '../../analysis/format.ts';
import { BundleError, parseBundle, type Bundle } from '../../protocol/bundle.ts';
import { UserError } from '../util/errors.ts';
import { collectBundle } from './bundle.ts';
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

function readBundle(file: string): Bundle {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return parseBundle(text, file);
  } catch (err) {
    if (err instanceof BundleError) throw new UserError(err.message);
    throw err;
  }
}

const verdictText = (v: string | null) => (v ? (VERDICT_LABEL[v as Verdict] ?? v) : '-');

async function compareBundleFiles(files: string[], runtimes: string[] | undefined, json: boolean): Promise<number> {
  const a = readBundle(files[0]!);
  const b = files[1] ? readBundle(files[1]) : await collectBundle({ only: runtimes });
  const nameA = 'A';
  const nameB = files[1] ? 'B' : 'HERE';
  const result = compareBundles(a, b);
  const shownRuntimes = result.runtimes.filter((r) => !runtimes?.length || runtimes.includes(r.runtime));
  if (json) {
    const side = (x: Bundle, file: string | null) => ({ file, label: bundleLabel(x), createdAt: x.createdAt, source: x.source, machine: x.machine, runtimes: x.runtimes });
    console.log(JSON.stringify({ a: side(a, files[0]!), b: side(b, files[1] ?? null), runtimes: shownRuntimes.map((r) => ({ runtime: r.runtime, b: machineLine(nameB, r.b), a: r.a && machineLine(nameA, r.a), comparison: r.comparison })), verdicts: result.verdicts }, null, 2));
    return 0;
  }
  const out: string[] = [`${nameA}: ${files[0]} (${bundleLabel(a)}, from ${a.source})`, `${nameB}: ${files[1] ? `${files[1]} (${bundleLabel(b)}, from ${b.source})` : `this machine (${bundleLabel(b)}, from ${b.source})`}`];
  if (!shownRuntimes.length) out.push(`\n${nameB} has no batched call-overhead run${runtimes?.length ? ` of ${runtimes.join(', ')}` : ''} to compare (npx ffi-corners run call-overhead)`);
  for (const r of shownRuntimes) {
    const c = r.comparison;
    if (!c) {
      out.push(`\n== ${r.runtime}\n${nameA} has no batched call-overhead run of this kind of build sharing a function and a binding with ${nameB}'s`);
      continue;
    }
    const anyInterval = c.rows.some((x) => x.interval);
    out.push(
      `\n== ${r.runtime}: ${c.function}(), ordered by ${nameA} (fastest first)`,
      table(
        ['BINDING', `${nameA} ns/call`, `${nameB} ns/call`, `${nameB}/${nameA}`, ...(anyInterval ? ['95% CI (processes)'] : []), `RANK ${nameA} -> ${nameB}`],
        c.rows.map((x) => [
          x.binding,
          sig3(x.recorded),
          sig3(x.live),
          ratio(x.ratio, 'x'),
          ...(anyInterval ? [x.interval && Number.isFinite(x.interval.low) ? `${ratioCI(x.interval.ratio, x.interval.low, x.interval.high, 'x')} (${x.interval.processes.join(' vs ')})` : '-'] : []),
          x.liveRank === x.recordedRank ? `${x.liveRank}` : `${x.recordedRank} -> ${x.liveRank}`,
        ]),
      ),
      `${rankingAgreement(c).replace('the recorded run', nameA)} Overall, a call on ${nameB} takes ${ratio(c.geoMeanRatio)} ${nameA}'s time (geometric mean).`,
      machineLine(nameA, r.a!),
      machineLine(nameB, r.b),
    );
    if (!anyInterval) out.push('No between-process interval: a side has fewer than 2 processes of this run, so a ratio near 1 can be run-to-run variation.');
  }
  out.push('\nClaims, judged on each machine (verify):', table(['CLAIM', nameA, nameB, ''], result.verdicts.map((v) => [v.id, verdictText(v.a), verdictText(v.b), v.a && v.b && v.a !== v.b ? 'differs between machines' : ''])));
  console.log(out.join('\n'));
  return 0;
}

export async function compareCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, SPECS.compare);
  if (positionals.length) return compareBundleFiles(positionals, values.runtime, values.json ?? false);
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
