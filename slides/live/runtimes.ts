// Which interpreters the deck shows: the runtimes it learns from discovery (the server's hello; in the
// static build, the recorded results' own records), paired by version (a GIL build and a
// free-threaded build of the same CPython), and the one pair the deck shows now. The section files
// never name a runtime: they name the pair's builds ("@gil", "@ft", see sources.ts), so a 3.14 pair
// built with `npx ffi-corners runtimes build 3.14.0 [--nogil]` appears beside the recorded one.
import type { RunRecord } from '../../protocol/record.ts';
import { Emitter } from './events.ts';
import { baseRuntimeId, isComplete, pairByVersion, type PairRole, type RuntimeBuild, type RuntimePair } from '../../protocol/runtime.ts';

/** The runtimes the recorded results were measured on, as their records describe them. */
export function recordedBuilds(records: readonly RunRecord[]): RuntimeBuild[] {
  const out: RuntimeBuild[] = [];
  for (const r of records) {
    const env = r.meta?.env;
    if (!r.runtimeId || !env || out.some((b) => b.id === r.runtimeId)) continue;
    // A free-threaded build run with PYTHON_GIL=1 is a derived `-gil-on` runtime, not a build of a pair.
    const derived = env.freeThreadedBuild && env.pythonGil === '1' && baseRuntimeId(r.runtimeId) !== r.runtimeId;
    out.push({ id: r.runtimeId, version: env.version, freeThreadedBuild: env.freeThreadedBuild, ...(derived ? { derivedFrom: baseRuntimeId(r.runtimeId) } : {}) });
  }
  return out;
}

export const samePair = (a: RuntimePair | null, b: RuntimePair | null): boolean => a?.version === b?.version && a?.gil === b?.gil && a?.ft === b?.ft;

/** The role a runtime id plays in a pair (null: not one of its builds). */
export function roleIn(pair: RuntimePair | null, id: string | null): PairRole | null {
  if (!pair || !id) return null;
  return pair.gil === id ? 'gil' : pair.ft === id ? 'ft' : null;
}

export interface RuntimeChoiceEvents {
  /** The known builds or the chosen pair changed; `previous` is the pair chosen before. */
  change: { pair: RuntimePair | null; previous: RuntimePair | null };
}

/** The runtimes the deck knows, and the pair it shows. One per deck; the speaker view's iframes use
 * the main window's. */
export class RuntimeChoice extends Emitter<RuntimeChoiceEvents> {
  /** Every build known, recorded ones first, in discovery order. */
  builds: RuntimeBuild[] = [];
  pair: RuntimePair | null = null;
  /** The ids the server can run; null without a server. */
  private runnable: Set<string> | null = null;

  constructor(builds: readonly RuntimeBuild[] = []) {
    super();
    this.learn(builds);
  }

  /** Adds builds (the server's discovery: `runnable`). Keeps the chosen pair while it is complete
   * and the server can run it; otherwise chooses the first such pair. */
  learn(builds: readonly RuntimeBuild[], runnable = false): void {
    for (const b of builds) {
      const i = this.builds.findIndex((x) => x.id === b.id);
      if (i >= 0) this.builds[i] = b;
      else this.builds.push(b);
    }
    if (runnable) this.runnable = new Set(builds.map((b) => b.id));
    const pairs = this.pairs().filter(isComplete);
    const usable = (p: RuntimePair) => !this.runnable || (this.runnable.has(p.gil!) && this.runnable.has(p.ft!));
    const kept = this.pair && pairs.find((p) => p.version === this.pair!.version);
    this.set(kept && usable(kept) ? kept : (pairs.find(usable) ?? kept ?? pairs[0] ?? null));
  }

  pairs(): RuntimePair[] {
    return pairByVersion(this.builds);
  }

  /** Shows the pair of this runtime's version, where that version has both builds. */
  follow(id: string): void {
    const version = this.builds.find((b) => b.id === id)?.version;
    const pair = this.pairs().find((p) => p.version === version);
    if (pair && isComplete(pair) && pair.version !== this.pair?.version) this.set(pair);
  }

  private set(pair: RuntimePair | null): void {
    const previous = this.pair;
    this.pair = pair;
    this.emit('change', { pair, previous });
  }
}
