// The saved runs: results/<experiment>/<runtime ?? 'machine'>/<iso>-<pid>.json, one file per run.
// This module alone knows that layout: where a new record goes, how it is written (atomically:
// a temporary file, then rename), the newest record for the deck (`latest`), marking records of
// dead processes `incomplete`, pruning to the newest N per experiment × runtime, and listing.
// The records shipped with the deck (assets/results/) are not a store and are never touched.
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { paramsMatch, type RunRecord, type RunStatus } from '../../protocol/record.ts';
import { cacheDir, projectRoot } from '../paths.ts';
import { pidAlive, processStartedAt } from '../util/proc.ts';
import { UserError } from '../util/errors.ts';
import { RecordIndex } from './index.ts';

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
const isoFromName = (name: string): string => name.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
/** /proc gives a process's start to the second (boot time is whole seconds): this much leeway. */
const PID_START_SLACK_MS = 2000;

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

/** A run's results could not be saved (the folder cannot be created, the file cannot be written):
 * one line naming the folder and the operating system's error. */
export class SaveError extends Error {
  override name = 'SaveError';
}

/** "ENOTDIR: not a directory" out of Node's "ENOTDIR: not a directory, mkdir '/x'" (the path is said once, by the caller). */
export function osError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const text = (e.message ?? String(err)).replace(/, \w+ '[^']*'( -> '[^']*')?$/, '');
  return e.code && !text.startsWith(e.code) ? `${e.code}: ${text}` : text;
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
  /** The records indexed for `latestText` (the server's `latest`). */
  readonly index: RecordIndex = new RecordIndex(this, (name) => RECORD_FILE.test(name));

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

  /** Checks at start that runs can be saved under the root: creates it, writes and removes a probe
   * file. A UserError (one line: the folder, the OS error, what to do) when they cannot. */
  checkUsable(): void {
    const probe = join(this.root, `.probe-${process.pid}`);
    try {
      mkdirSync(this.root, { recursive: true });
      writeFileSync(probe, '');
      rmSync(probe, { force: true });
    } catch (err) {
      throw new UserError(`results folder ${this.root} cannot be used (${osError(err)}): make it writable, or set FFI_CORNERS_RESULTS to a folder that is`);
    }
  }

  /** The file a run started at `started` by this process is saved to (its folder created); a
   * SaveError naming the folder when it cannot be created. */
  newFile(experiment: string, runtimeId: string | null, started: Date): string {
    const dir = this.dir(experiment, runtimeId);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new SaveError(`results not saved: cannot create the folder ${ResultsStore.shown(dir)} (${osError(err)})`);
    }
    return join(dir, `${started.toISOString().replace(/[:.]/g, '-')}-${process.pid}.json`);
  }

  /** Saves a record atomically: a reader sees the previous version or this one, never half. A
   * SaveError naming the folder when the file cannot be written. */
  write(file: string, record: RunRecord): void {
    const text = JSON.stringify(record);
    try {
      writeAtomic(file, text);
      this.index.saved(file, record, text);
    } catch (err) {
      throw new SaveError(`results not saved: cannot write in the folder ${ResultsStore.shown(dirname(file))} (${osError(err)})`);
    }
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
        const [, iso, pidText] = RECORD_FILE.exec(file.slice(dir.length + 1))!;
        if (this.ownerAlive(Number(pidText), isoFromName(iso!))) continue;
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

  /** Whether the process that started a record at `started` still runs: its pid is alive and that
   * process began before the record did (a process started later got the pid reused). This
   * process's own pid counts as dead: at start it has written nothing yet. */
  private ownerAlive(pid: number, started: string): boolean {
    if (pid === process.pid || !pidAlive(pid)) return false;
    const since = processStartedAt(pid);
    return since === null || since <= Date.parse(started) + PID_START_SLACK_MS;
  }

  /** Every saved run, by experiment, runtime and date (oldest first). */
  list(): StoredRun[] {
    const out: StoredRun[] = [];
    for (const [experiment, rt, dir] of this.folders()) {
      for (const file of this.files(dir)) {
        const iso = isoFromName(RECORD_FILE.exec(file.slice(dir.length + 1))![1]!);
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
   * except a record still running (its process alive) and, with `keepSince`, any record started
   * at or after it (a server prunes at its start: records newer than that belong to another server
   * using the same folder). The newest of each is always kept. Returns the records removed. */
  prune(retain: number = DEFAULT_RETAIN, opts: { keepSince?: Date } = {}): StoredRun[] {
    const since = opts.keepSince?.getTime() ?? Infinity;
    const keep = Math.max(1, Math.floor(retain));
    const byFolder = new Map<string, StoredRun[]>();
    for (const run of this.list()) {
      const key = `${run.experiment}\0${run.runtime}`;
      byFolder.set(key, [...(byFolder.get(key) ?? []), run]);
    }
    const removed: StoredRun[] = [];
    for (const runs of byFolder.values()) {
      for (const run of runs.slice(0, Math.max(0, runs.length - keep))) {
        if (run.state === 'running' || Date.parse(run.date) >= since) continue;
        rmSync(run.file, { force: true });
        this.index.removed(run.file);
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
