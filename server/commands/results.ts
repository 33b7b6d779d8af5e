// `ffi-corners results`: the saved runs under results/ (experiment, runtime, date,
// state, size), and with --prune the retention policy applied now: the newest `retain` records
// (ffi-corners.config.json, default 20) of each experiment × runtime kept, never a running one.
import { loadConfig } from '../config.ts';
import { table } from '../report/format.ts';
import { DEFAULT_RETAIN, ResultsStore, type StoredRun } from '../results/store.ts';
import { parse } from './args.ts';
import { SPECS } from './specs.ts';

const size = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** A run as JSON: the path relative to the project where it is inside it. */
const asJson = (r: StoredRun) => ({ ...r, file: ResultsStore.shown(r.file) });

function runsTable(runs: StoredRun[]): string {
  const rows = runs.map((r) => [r.experiment, r.runtime ?? '-', r.date.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), r.state, size(r.bytes)]);
  return table(['EXPERIMENT', 'RUNTIME', 'DATE', 'STATE', 'SIZE'], rows, { rule: false, right: (i) => i === 4 });
}

export async function resultsCommand(args: string[]): Promise<number> {
  const { values } = parse(args, SPECS.results);
  const retain = loadConfig().retain ?? DEFAULT_RETAIN;
  const store = new ResultsStore();
  const removed = values.prune ? store.prune(retain) : [];
  const kept = store.list();
  if (values.json) {
    console.log(JSON.stringify(values.prune ? { retain, removed: removed.map(asJson), kept: kept.map(asJson) } : kept.map(asJson), null, 2));
    return 0;
  }
  if (values.prune) {
    const freed = removed.reduce((s, r) => s + r.bytes, 0);
    console.log(`removed ${removed.length} record(s) (${size(freed)}), keeping the newest ${retain} per experiment × runtime`);
  }
  if (!kept.length) {
    console.log(`no saved runs in ${ResultsStore.shown(store.root)}`);
    return 0;
  }
  console.log(runsTable(kept));
  const total = kept.reduce((s, r) => s + r.bytes, 0);
  console.log(`${kept.length} record(s), ${size(total)} in ${ResultsStore.shown(store.root)}; kept: the newest ${retain} per experiment × runtime (\`retain\` in ffi-corners.config.json), pruned at server start and by \`results --prune\``);
  return 0;
}
