// A result bundle: one file that carries a machine's results to another machine. What it holds:
// the machine (meta.env of its newest record), its runtimes with their builds, the newest record of
// each experiment × runtime × parameter set, the per-process medians of its call-overhead processes
// (for between-process intervals), and the claims' verdicts judged on that machine. Written by
// `ffi-corners bundle`, read by `ffi-corners compare` and by the deck's comparison slide; both read
// it through `parseBundle`, which refuses another format version before looking at anything else.
import type { ClaimResult } from '../analysis/claims.ts';
import type { Environment } from './events.ts';
import type { RunRecord } from './record.ts';

export const BUNDLE_FORMAT = 'ffi-corners-bundle';
/** Raised on any change a reader of the previous version would misread. */
export const BUNDLE_VERSION = 1;

export interface BundleRuntime {
  id: string;
  version: string;
  freeThreadedBuild: boolean;
  gilEnabledAfterImports: boolean;
  /** How CPython was configured (built by ffi-corners); null: a system or configured interpreter. */
  configureFlags: string[] | null;
}

/** One call-overhead process: its median ns/call per "binding/function". */
export interface BundleProcess {
  runtimeId: string;
  params: Record<string, unknown>;
  startedAt: string;
  medians: Record<string, number>;
}

export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_VERSION;
  createdAt: string;
  /** Where the results came from ("results/ on HOST", "assets/results/"). */
  source: string;
  /** The machine: the environment of its newest record (null: no record carried one). */
  machine: Environment | null;
  runtimes: BundleRuntime[];
  records: RunRecord[];
  processes: BundleProcess[];
  verdicts: Pick<ClaimResult, 'id' | 'talk' | 'verdict' | 'reason'>[];
}

/** A file that is not a bundle this version reads: its message says why, in one line. */
export class BundleError extends Error {
  override name = 'BundleError';
}

const isObj = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/** Reads a bundle's text; throws BundleError (naming `label`) for anything but a whole bundle of this version. */
export function parseBundle(text: string, label = 'bundle'): Bundle {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BundleError(`${label}: not a result bundle (not JSON: ${(err as Error).message.split('\n')[0]})`);
  }
  if (!isObj(data) || data['format'] !== BUNDLE_FORMAT) {
    throw new BundleError(`${label}: not a result bundle (no "format": "${BUNDLE_FORMAT}"; make one with npx ffi-corners bundle)`);
  }
  if (data['version'] !== BUNDLE_VERSION) {
    throw new BundleError(
      `${label}: bundle format version ${JSON.stringify(data['version'])}, this ffi-corners reads version ${BUNDLE_VERSION} only: make the bundle again with this version (npx ffi-corners bundle)`,
    );
  }
  const bad = (what: string) => new BundleError(`${label}: damaged bundle (${what})`);
  if (typeof data['createdAt'] !== 'string') throw bad('no createdAt');
  if (data['machine'] !== null && !isObj(data['machine'])) throw bad('machine is not an object');
  for (const key of ['runtimes', 'records', 'processes', 'verdicts']) if (!Array.isArray(data[key])) throw bad(`${key} is not a list`);
  (data['records'] as unknown[]).forEach((r, i) => {
    if (!isObj(r) || typeof r['experiment'] !== 'string' || !isObj(r['samples']) || !isObj(r['params']) || typeof r['startedAt'] !== 'string') throw bad(`record ${i} is not a run record`);
    for (const [k, v] of Object.entries(r['samples'] as Record<string, unknown>)) {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw bad(`record ${i}: samples "${k}" are not numbers`);
    }
  });
  (data['processes'] as unknown[]).forEach((p, i) => {
    if (!isObj(p) || typeof p['runtimeId'] !== 'string' || !isObj(p['medians']) || !Object.values(p['medians']).every((x) => typeof x === 'number')) throw bad(`process ${i} has no medians`);
  });
  (data['verdicts'] as unknown[]).forEach((v, i) => {
    if (!isObj(v) || typeof v['id'] !== 'string' || typeof v['verdict'] !== 'string') throw bad(`verdict ${i} has no id or verdict`);
  });
  return data as unknown as Bundle;
}
