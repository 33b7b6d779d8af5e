// Quality gates of a run record, and which records may be pooled as the processes of one arm. One
// place for the server (it stamps `quality` on every finished record), the deck (a line under the
// badge), `verify` and the claims (records that fail are left out of verdicts, with the reason).
import { paramsKey, type RecordQuality, type RunRecord } from '../protocol/record.ts';
import { bindingSpec, FLOOR_BINDING } from '../protocol/runtime.ts';
import { median } from './stats.ts';

/** The bindings whose call is as thin as the C API itself: the hand-written module and nanobind
 * (vectorcall straight into the C function, no conversion layer). Their instruction counts per call
 * are equal within 5% (return_int: 195 and 195 on the GIL build, 212 and 201 free-threaded; docs/
 * instructions.md), so either may time below the other, and neither is held to the floor. The floor
 * is the faster of the two. */
const FLOOR_GROUP: readonly string[] = [FLOOR_BINDING, 'nanobind'];
/** perf_counter's resolution where a record does not say (Linux: 1 ns). */
const DEFAULT_RESOLUTION_NS = 1;
/** Records further apart than this belong to different recording sessions (dates), never pooled. */
export const SESSION_GAP_MS = 60 * 60 * 1000;

const TIME_UNITS = new Set(['ns', 'us', 's', 'ns/call']);
/** Experiments whose numbers do not move with the machine's load: instruction counts under valgrind
 * (deterministic) and the environment check (a description). The load gate does not apply to them. */
const LOAD_INDEPENDENT = new Set(['instructions', 'env-check']);

/** The gates of one record, computed from its samples, result and meta. */
export function recordQuality(r: RunRecord): RecordQuality {
  const reasons: string[] = [];
  if (r.unit && TIME_UNITS.has(r.unit)) {
    const bad = Object.entries(r.samples)
      .map(([series, values]) => [series, values.filter((v) => !(v > 0)).length] as const)
      .filter(([, n]) => n > 0);
    for (const [series, n] of bad) reasons.push(`samples ≤ 0: ${n} of ${series}`);
  }
  reasons.push(...belowFloor(r));
  const loaded = LOAD_INDEPENDENT.has(r.experiment) ? null : loadedMachine(r);
  if (loaded) reasons.push(loaded);
  return { ok: reasons.length === 0, reasons };
}

/** Other work used at least this share of the run's CPUs, on average over the run: on 2 CPUs, one
 * busy CPU's worth (a build, a second benchmark), not a daemon's wake-ups. */
export const OTHERS_SHARE_LIMIT = 0.5;
/** The clock tick of /proc/stat and times() where a record does not say (Linux: USER_HZ = 100). */
const DEFAULT_TICK_S = 0.01;
/** The shortest run, in clock ticks, whose counters can tell other work from rounding. Each of the two
 * reads of /proc/stat rounds every field of every CPU down to a tick, times() each of its four: over a
 * run of 17 ms (the talk's harness with few samples) two ticks of rounding read as 1.18 CPUs of other
 * work. Below this, the run is not judged by the load gate at all (the load average is no substitute:
 * it lags by a minute). */
export const MIN_USAGE_TICKS = 50;

/** The load gate. Where the record says who used its CPUs while it measured (`usage`), other
 * processes' CPU time on them over the run decides; the 1-minute load average is read only for
 * records without it. The load average lags by a minute: it still holds a run that ended (a
 * session's own 50 racing threads) when the next starts on a quiet machine, misses work that starts
 * later, and counts CPUs a pinned run does not use. */
export function loadedMachine(r: RunRecord): string | null {
  const env = r.meta?.env;
  if (!env || env.cpuCount <= 0) return null;
  const u = r.usage;
  if (u && u.wallS > 0 && u.cpus > 0) {
    if (u.wallS < MIN_USAGE_TICKS * (u.tickS ?? DEFAULT_TICK_S)) return null;
    const others = Math.max(0, u.busyCpuS - u.ownCpuS) / u.wallS;
    return others >= OTHERS_SHARE_LIMIT * u.cpus
      ? `loaded machine: other processes used ${others.toFixed(2)} of the ${u.cpus} CPUs it ran on`
      : null;
  }
  const load = env.loadavg[0];
  return load !== undefined && load > env.cpuCount ? `loaded machine: 1-minute load ${load} above the ${env.cpuCount} CPUs` : null;
}

/** call-overhead: series whose median lies below the C-API floor (the faster of the bindings as thin
 * as the C API, FLOOR_GROUP) of the same function by more than the timer's resolution: a binding that
 * adds layers over the C API cannot call faster than it, so such a number is an artefact of the
 * subtraction or the machine. The pure-Python baseline, which makes no native call, is not held to it. */
function belowFloor(r: RunRecord): string[] {
  if (r.experiment !== 'call-overhead') return [];
  const result = r.result as { medians?: Record<string, number>; timerResolutionNs?: number } | null;
  const medianOf = (series: string): number | undefined => {
    const values = r.samples[series];
    return values?.length ? median(values) : result?.medians?.[series];
  };
  const resolution = result?.timerResolutionNs ?? DEFAULT_RESOLUTION_NS;
  const out: string[] = [];
  for (const series of Object.keys(r.samples)) {
    const [binding, fn] = series.split('/');
    if (!binding || !fn || FLOOR_GROUP.includes(binding) || bindingSpec(binding)?.baseline) continue;
    const floors = FLOOR_GROUP.map((b) => [b, medianOf(`${b}/${fn}`)] as const).filter((x): x is readonly [string, number] => x[1] !== undefined);
    if (!floors.length) continue;
    const [floorBinding, floor] = floors.reduce((a, b) => (b[1] < a[1] ? b : a));
    const m = medianOf(series);
    if (m === undefined) continue;
    if (m < floor - resolution) out.push(`below the C-API floor: ${series} median ${m.toFixed(1)} ns < ${floorBinding}/${fn} ${floor.toFixed(1)} ns − ${resolution} ns resolution`);
  }
  return out;
}

/** A record's gates, computed now from what it holds: the `quality` stamped when it finished says what
 * the gates of that day found, but a verdict judges every record by today's one rule. */
export const qualityOf = (r: RunRecord): RecordQuality => recordQuality(r);

/** Records that pass their gates, and those left out with the reasons (for verdicts). */
export function screenRecords<T extends RunRecord>(records: readonly T[]): { kept: T[]; leftOut: { record: T; reasons: string[] }[] } {
  const kept: T[] = [];
  const leftOut: { record: T; reasons: string[] }[] = [];
  for (const r of records) {
    const q = qualityOf(r);
    if (q.ok) kept.push(r);
    else leftOut.push({ record: r, reasons: q.reasons });
  }
  return { kept, leftOut };
}

/** Recording sessions: records sorted by start, a new session after a gap of SESSION_GAP_MS.
 * Returns each record's session number (0: the oldest). */
export function sessions(records: readonly RunRecord[]): Map<RunRecord, number> {
  const sorted = [...records].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const out = new Map<RunRecord, number>();
  let n = 0;
  sorted.forEach((r, i) => {
    if (i > 0 && Date.parse(r.startedAt) - Date.parse(sorted[i - 1]!.startedAt) > SESSION_GAP_MS) n++;
    out.set(r, n);
  });
  return out;
}

/** Of the records a claim selected (one or several arms), the ones it may pool as processes: the same
 * experiment, identical parameters, one recording session. The batch chosen is the one with the most
 * runtimes, then the most records, then the newest. Runs with other parameters or from another
 * session are never counted as more processes of the same arm. */
export function sameBatch<T extends RunRecord>(records: readonly T[]): T[] {
  if (records.length < 2) return [...records];
  const session = sessions(records);
  const groups = new Map<string, T[]>();
  for (const r of records) {
    const key = JSON.stringify([r.experiment, session.get(r), paramsKey(r.params)]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const newest = (g: T[]) => Math.max(...g.map((r) => Date.parse(r.startedAt)));
  const runtimes = (g: T[]) => new Set(g.map((r) => r.runtimeId)).size;
  return [...groups.values()].sort((a, b) => runtimes(b) - runtimes(a) || b.length - a.length || newest(b) - newest(a))[0]!;
}
