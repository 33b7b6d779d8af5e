// The quality gate of a run record: whether its numbers may enter a verdict. A run is left out
// (with the reasons said) when a sample is 0 or below, when a series' median lies below the C-API
// floor (the hand-written C extension's median of the same function, the cheapest call there is)
// by more than the timer's resolution, or when the machine's 1-minute load was above its CPU
// count (timing runs: instruction counts do not depend on the load). A record that carries its own `quality` (written when it was recorded) is taken at its
// word; otherwise it is checked here. One place: the claims, `verify` and the slides read this.
import type { RunRecord } from '../protocol/record.ts';
import { median } from './stats.ts';

export interface Quality {
  ok: boolean;
  reasons: string[];
}

/** perf_counter_ns's resolution on Linux, ns, where a record does not state its own. */
export const DEFAULT_TIMER_RESOLUTION_NS = 1;
/** The series every other one must not undercut: the C-API module's. */
const FLOOR_BINDING = 'capi';
/** Not bound by the floor: the floor itself, and pure Python (no foreign call at all). */
const FLOOR_EXEMPT = new Set([FLOOR_BINDING, 'python']);

/** What a record may carry: { ok, reasons } (the shape the recorder writes). */
function carried(r: RunRecord): Quality | null {
  const q = (r as { quality?: unknown }).quality as Partial<Quality> | undefined;
  return q && typeof q.ok === 'boolean' ? { ok: q.ok, reasons: Array.isArray(q.reasons) ? q.reasons.map(String) : [] } : null;
}

function resolutionNs(r: RunRecord): number {
  const res = r.result as { timerResolutionNs?: unknown } | null;
  return typeof res?.timerResolutionNs === 'number' && res.timerResolutionNs > 0 ? res.timerResolutionNs : DEFAULT_TIMER_RESOLUTION_NS;
}

/** The reasons a timing record fails: samples ≤ 0, a median under the C-API floor. */
function sampleReasons(r: RunRecord): string[] {
  if (r.unit !== 'ns') return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(r.samples)) {
    const bad = v.filter((x) => !(x > 0)).length;
    if (bad) out.push(`${key}: ${bad} of ${v.length} samples ≤ 0`);
  }
  const res = resolutionNs(r);
  for (const [key, v] of Object.entries(r.samples)) {
    const [binding, fn] = key.split('/');
    const floor = r.samples[`${FLOOR_BINDING}/${fn}`];
    if (!binding || FLOOR_EXEMPT.has(binding) || !floor?.length || !v.length) continue;
    const [m, f] = [median(v), median(floor)];
    if (m < f - res) out.push(`${key}: median ${m.toFixed(1)} ns below the C-API floor ${f.toFixed(1)} ns by more than the timer's ${res} ns`);
  }
  return out;
}

/** Whether a record's numbers may enter a verdict, and why not. */
export function recordQuality(r: RunRecord): Quality {
  const own = carried(r);
  if (own) return own;
  const reasons = sampleReasons(r);
  const env = r.meta?.env;
  const load = env?.loadavg?.[0];
  // Instruction counts do not depend on the load (callgrind counts, not times): exempt.
  if (r.experiment !== 'instructions' && env && typeof load === 'number' && env.cpuCount > 0 && load > env.cpuCount) reasons.push(`1-minute load ${load.toFixed(2)} above the ${env.cpuCount} CPUs`);
  return { ok: reasons.length === 0, reasons };
}
