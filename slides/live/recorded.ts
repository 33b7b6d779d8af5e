// The recorded results shipped with the deck (assets/results/, written by scripts/record-results.ts):
// what every chart shows when no server is running. Bundled, so the deck works from file:// too.
import type { RunRecord } from '../../protocol/record.ts';

export interface MachineInfo {
  recordedAt?: string;
  cpuModel?: string | null;
  cpuCount?: number | null;
  kernel?: string | null;
  glibc?: string | null;
  runtimes?: { id: string; version: string; freeThreadedBuild: boolean; gilEnabledAfterImports: boolean; configureFlags: string[] | null }[] | null;
}

const files = import.meta.glob<unknown>('../../assets/results/*.json', { eager: true, import: 'default' });

/** The other processes of the recorded timing runs (assets/results/processes/: 5 alternated
 * processes per arm): the claims' intervals between processes need them, the charts do not, so they
 * come cut to what the claims read (`?claims`: each series' median, vite.config.ts claimsView). */
const processFiles = import.meta.glob<unknown>('../../assets/results/processes/*.json', { eager: true, import: 'default', query: '?claims' });
export const recordedProcesses: RunRecord[] = Object.keys(processFiles)
  .sort()
  .map((k) => processFiles[k])
  .filter((d): d is RunRecord => !!d && typeof d === 'object' && 'experiment' in d);

export const recordedRecords: RunRecord[] = [];
export let recordedMachine: MachineInfo | null = null;

// Default-parameter files (<experiment>--<runtime>.json) before variants (…--<variant>.json): a view
// that asks for no particular parameters gets the default run.
const isVariant = (path: string) => (path.split('/').pop() ?? '').split('--').length > 2;
const ordered = Object.entries(files).sort(([a], [b]) => Number(isVariant(a)) - Number(isVariant(b)) || a.localeCompare(b));

for (const [path, data] of ordered) {
  if (path.endsWith('/machine.json')) recordedMachine = data as MachineInfo;
  else if (data && typeof data === 'object' && 'experiment' in data) recordedRecords.push(data as RunRecord);
}
