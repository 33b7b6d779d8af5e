// The saved runs: results/<experiment>/<runtime ?? 'machine'>/<iso>-<pid>.json, one file per run.
// This module alone knows that layout: where a new record goes, how it is written (atomically:
// a temporary file, then rename), the newest record for the deck (`latest`), marking records of
// dead processes `incomplete`, pruning to the newest N per experiment × runtime, and listing.
// The records shipped with the deck (assets/results/) are not a store and are never touched.
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { paramsMatch, type RunRecord, type RunStatus } from '../../protocol/record.ts';
import { cacheDir, projectRoot } from '../paths.ts';
import { pidAlive } from '../util/proc.ts';

/** Where runs are saved, and where the server finds the saved runs the deck shows:
 * $FFI_CORNERS_RESULTS, else results/ in the project. */
export const resultsRoot = (): string => resolve(process.env.FFI_CORNERS_RESULTS || join(projectRoot, 'results'));

/** Who saves runs that are not for the deck. */
export type OwnResults = 'tests' | 'verify' | 'bench';

/** Where the project's own checks save their runs (the tests, `verify` without --save, `npm run bench`),
 * so that they never land among the runs the deck shows: $FFI_CORNERS_OWN_RESULTS/<who>, else
 * <cache>/own-results/<who> (outside the clone, beside the runtimes). */
export function ownResultsRoot(who: OwnResults): string {
  return resolve(process.env.FFI_CORNERS_OWN_RESULTS || join(cacheDir(), 'own-results'), who);
}

/** The deck's bundled records: never a store, never pruned. */
const ASSETS = resolve(projectRoot, 'assets', 'results');

/** Records kept per experiment × runtime when the config says nothing (`retain`). */
export const DEFAULT_RETAIN = 20;

/** The runtime folder of runs that need no runtime (the environment check). */
const NO_RUNTIME = 'machine';
/** `<iso with : and . as ->-<pid>.json`: the only files the store reads, prunes or lists. */
const RECORD_FILE = /^(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)-(\d+)\.json$/;

/** One saved run, as `results` lists it. */
export interface StoredRun {
  experiment: string;
  /** null: a run that needs no runtime. */
  runtime: string | null;
  /** When it started (ISO 8601). */
  date: string;
  state: RunStatus | 'unreadable';
  bytes: number;
  /** Absolute path. */
  file: string;
}

export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The status of a record without parsing all of it: `status` is among the first keys a record
 * is written with (newRecord's order); a file where it is not found early is parsed whole. */
function peekStatus(file: string): RunStatus | 'unreadable' {
  try {
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(16 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const m = /"status":"([a-z]+)"/.exec(head.subarray(0, n).toString('utf8'));
    if (m) return m[1] as RunStatus;
    return (JSON.parse(readFileSync(file, 'utf8')) as RunRecord).status ?? 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export class ResultsStore {
  readonly root: string;

  constructor(root: string = resultsRoot()) {
    this.root = resolve(root);
    if (this.root === ASSETS || this.root.startsWith(ASSETS + sep)) {
      throw new Error(`${this.root}: the deck's recorded results are not a results store`);
    }
  }

  /** The folder of (experiment, runtime). */
  dir(experiment: string, runtimeId: string | null): string {
    return join(this.root, experiment, runtimeId ?? NO_RUNTIME);
  }

  /** The file a run started at `started` by this process is saved to (its folder created). */
  newFile(experiment: string, runtimeId: string | null, started: Date): string {
    const dir = this.dir(experiment, runtimeId);
    mkdirSync(dir, { recursive: true });
    return join(dir, `${started.toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`);
  }

  /** Saves a record atomically: a reader sees the previous version or this one, never half. */
  write(file: string, record: RunRecord): void {
    writeAtomic(file, JSON.stringify(record));
  }

  /** The record files of one (experiment, runtime) folder, oldest first. */
  private files(dir: string): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => RECORD_FILE.test(f))
      .sort()
      .map((f) => join(dir, f));
  }

  /** Every (experiment, runtime) folder: [experiment, runtime folder name, path]. */
  private folders(): [string, string, string][] {
    if (!existsSync(this.root)) return [];
    const out: [string, string, string][] = [];
    for (const exp of readdirSync(this.root).sort()) {
      const expDir = join(this.root, exp);
      if (!statSync(expDir).isDirectory()) continue;
      for (const rt of readdirSync(expDir).sort()) {
        const dir = join(expDir, rt);
        if (statSync(dir).isDirectory()) out.push([exp, rt, dir]);
      }
    }
    return out;
  }

  /** The newest saved record of (experiment, runtime) whose parameters include `params`: the
   * newest `ok` one, else the newest of any status. */
  latest(experiment: string, runtimeId: string | null, params?: Record<string, unknown>): RunRecord | null {
    let fallback: RunRecord | null = null;
    for (const file of this.files(this.dir(experiment, runtimeId)).reverse()) {
      try {
        const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
        if (!paramsMatch(record.params, params)) continue;
        if (record.status === 'ok') return record;
        fallback ??= record;
      } catch {
        /* a file being written or damaged: skip it */
      }
    }
    return fallback;
  }

  /** Marks records left `running` by a process that no longer exists as `incomplete`, keeping
   * their data. Returns the files it marked. Run at server start. */
  recoverIncomplete(): string[] {
    const marked: string[] = [];
    for (const [, , dir] of this.folders()) {
      for (const file of this.files(dir)) {
        const pid = Number(RECORD_FILE.exec(file.slice(dir.length + 1))![2]);
        if (pid !== process.pid && pidAlive(pid)) continue;
        if (peekStatus(file) !== 'running') continue;
        try {
          const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
          if (record.status !== 'running') continue;
          record.status = 'incomplete';
          record.reason = 'the process running it stopped mid-run (server killed?); data up to its last checkpoint kept';
          this.write(file, record);
          marked.push(file);
        } catch {
          /* unreadable: leave it */
        }
      }
    }
    return marked;
  }

  /** Every saved run, by experiment, runtime and date (oldest first). */
  list(): StoredRun[] {
    const out: StoredRun[] = [];
    for (const [experiment, rt, dir] of this.folders()) {
      for (const file of this.files(dir)) {
        const iso = RECORD_FILE.exec(file.slice(dir.length + 1))![1]!.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
        let bytes = 0;
        try {
          bytes = statSync(file).size;
        } catch {
          continue; // removed meanwhile
        }
        out.push({ experiment, runtime: rt === NO_RUNTIME ? null : rt, date: iso, state: peekStatus(file), bytes, file });
      }
    }
    return out;
  }

  /** Keeps the newest `retain` records of each experiment × runtime and removes the older ones,
   * except a record still running (its process alive). The newest of each is always kept.
   * Returns the records removed. */
  prune(retain: number = DEFAULT_RETAIN): StoredRun[] {
    const keep = Math.max(1, Math.floor(retain));
    const byFolder = new Map<string, StoredRun[]>();
    for (const run of this.list()) {
      const key = `${run.experiment}\0${run.runtime}`;
      byFolder.set(key, [...(byFolder.get(key) ?? []), run]);
    }
    const removed: StoredRun[] = [];
    for (const runs of byFolder.values()) {
      for (const run of runs.slice(0, Math.max(0, runs.length - keep))) {
        if (run.state === 'running') continue;
        rmSync(run.file, { force: true });
        removed.push(run);
      }
    }
    return removed;
  }

  /** A path for messages: relative to the project where it is inside it. */
  static shown(file: string): string {
    const rel = relative(projectRoot, file);
    return rel.startsWith('..') ? file : rel;
  }
}
