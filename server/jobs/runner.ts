// Runs one experiment driver: spawned with an argument array in its own process group, every
// stdout line validated against the protocol, stderr kept for error reports, the record persisted
// atomically as it grows. Cancel and timeout kill the whole group at once.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { DriverEvent } from '../../protocol/events.ts';
import { applyDriverEvent, newRecord, type RunRecord } from '../../protocol/record.ts';
import { recordQuality } from '../../analysis/quality.ts';
import type { ExperimentSpec, Params } from '../../protocol/experiments.ts';
import { projectRoot } from '../paths.ts';
import { runtimeProcessEnv } from '../runtimes/env.ts';
import { ResultsStore, SaveError } from '../results/store.ts';

const checkEvent = TypeCompiler.Compile(DriverEvent);
/** Compiled result checkers, one per schema. */
const resultCheckers = new WeakMap<TSchema, TypeCheck<TSchema>>();
const resultChecker = (schema: TSchema): TypeCheck<TSchema> => {
  let check = resultCheckers.get(schema);
  if (!check) resultCheckers.set(schema, (check = TypeCompiler.Compile(schema)));
  return check;
};

/** A driver line longer than this, or more output than MAX_STDOUT in all, is a flood: the run is killed. */
const MAX_LINE = 4 * 1024 * 1024;
const MAX_STDOUT = 512 * 1024 * 1024;
const STDERR_TAIL = 20;
const CHECKPOINT_MS = 2000;


type StopReason = 'cancelled' | 'timeout' | 'flood' | 'shutdown' | 'unsaved';

export interface RunRequest {
  experiment: ExperimentSpec;
  runtimeId: string | null;
  /** The interpreter that runs the driver (the runtime's venv python). */
  python: string;
  params: Params;
  /** What the runtime's definition adds to the driver's environment (a derived runtime's PYTHON_GIL=1). */
  env?: Readonly<Record<string, string>> | undefined;
  /** CPU list to pin to (taskset format), from the config. */
  cpus?: string | undefined;
  /** Where the record is saved; default the results store (results/). */
  store?: ResultsStore;
}

export interface Run extends EventEmitter {
  on(event: 'event', listener: (e: DriverEvent) => void): this;
  on(event: 'stderr', listener: (line: string) => void): this;
  on(event: 'end', listener: (r: RunRecord) => void): this;
}

export class Run extends EventEmitter {
  readonly record: RunRecord;
  readonly file: string;
  readonly done: Promise<RunRecord>;
  private child;
  private stopReason: StopReason | null = null;
  /** Errors the runner found in the driver's output (not the driver's own error events). */
  private protocolErrors: string[] = [];
  private spawnError: string | null = null;
  /** The first failure to save the record: the run fails with it. */
  private saveError: string | null = null;
  private lastCheckpoint = 0;
  private readonly store: ResultsStore;
  private readonly checkResult: TypeCheck<TSchema>;

  constructor(req: RunRequest) {
    super();
    this.checkResult = resultChecker(req.experiment.result);
    const started = new Date();
    this.record = newRecord(req.experiment.id, req.runtimeId, req.params, started.toISOString());
    this.store = req.store ?? new ResultsStore();
    this.file = this.store.newFile(req.experiment.id, req.runtimeId, started);

    const args = [join(projectRoot, 'demos', req.experiment.driver), '--params', JSON.stringify(req.params)];
    if (req.cpus) args.push('--cpus', req.cpus);
    if (req.runtimeId) args.push('--runtime-id', req.runtimeId);
    this.child = spawn(req.python, args, {
      cwd: projectRoot,
      detached: true, // its own process group: kill(-pid) reaches everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...runtimeProcessEnv(req.env), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    });
    const timer = setTimeout(() => this.stop('timeout'), req.experiment.timeoutS * 1000);
    this.done = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        this.killGroup(); // anything the driver left behind
        resolve(this.finish(code, signal));
      });
      this.child.on('error', (err) => {
        this.spawnError = `cannot start ${req.python}: ${err.message}`;
        this.addError(this.spawnError);
      });
    });

    let pending = '';
    let total = 0;
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      total += chunk.length;
      if (total > MAX_STDOUT) return this.stop('flood', `driver printed more than ${MAX_STDOUT >> 20} MiB`);
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        this.onLine(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
      if (pending.length > MAX_LINE) this.stop('flood', `driver printed a line longer than ${MAX_LINE >> 20} MiB`);
    });
    let errPending = '';
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      errPending += chunk;
      const lines = errPending.split('\n');
      errPending = lines.pop()!.slice(-10_000);
      for (const line of lines) {
        this.record.stderrTail.push(line.slice(0, 2000));
        if (this.record.stderrTail.length > STDERR_TAIL) this.record.stderrTail.shift();
        this.emit('stderr', line);
      }
    });
  }

  private onLine(line: string): void {
    if (!line.trim()) return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      return this.addError(`driver printed a line that is not JSON: ${JSON.stringify(line.slice(0, 120))}`);
    }
    if (!checkEvent.Check(event)) {
      const first = checkEvent.Errors(event).First();
      return this.addError(`driver event does not match the protocol (${first?.path || '/'}: ${first?.message}): ${line.slice(0, 120)}`);
    }
    if (event.type === 'result' && !this.checkResult.Check(event.data)) {
      // Not kept as the result: the samples and partials before it are, and the run fails naming the field.
      const first = this.checkResult.Errors(event.data).First();
      const field = `result${(first?.path ?? '').replace(/\//g, '.')}`;
      return this.addError(`driver result does not match the ${this.record.experiment} result schema: ${field}: ${first?.message} (got ${JSON.stringify(first?.value)?.slice(0, 80)})`);
    }
    applyDriverEvent(this.record, event);
    this.emit('event', event);
    if (event.type !== 'progress') this.checkpoint(event.type !== 'samples');
  }

  private addError(message: string): void {
    this.protocolErrors.push(message);
    this.record.errors.push(message);
    this.emit('event', { type: 'error', message } satisfies DriverEvent);
  }

  /** Writes the record atomically (temporary file, then rename); throttled while samples stream. */
  private checkpoint(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastCheckpoint < CHECKPOINT_MS) return;
    this.lastCheckpoint = now;
    try {
      this.store.write(this.file, this.record);
    } catch (err) {
      if (!(err instanceof SaveError)) throw err;
      // Measuring on when nothing can be kept would lose the run without a word: stop it, and say why.
      if (this.saveError === null) {
        this.saveError = err.message;
        this.stop('unsaved', err.message);
      }
    }
  }

  private killGroup(): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* the group is gone already */
    }
  }

  /** Kills the driver's whole process group now. */
  stop(why: StopReason, message?: string): void {
    if (this.stopReason) return;
    this.stopReason = why;
    if (message) this.addError(message);
    this.killGroup();
  }

  cancel(): void {
    this.stop('cancelled');
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): RunRecord {
    const r = this.record;
    r.exitCode = code;
    r.signal = signal;
    r.finishedAt = new Date().toISOString();
    r.durationS = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
    const tail = r.stderrTail.filter((l) => l.trim()).slice(-3).join(' | ');
    if (this.spawnError) {
      r.status = 'error';
      r.reason = this.spawnError;
    } else if (this.stopReason === 'cancelled') {
      r.status = 'cancelled';
      r.reason = 'cancelled';
    } else if (this.stopReason === 'shutdown') {
      r.status = 'incomplete';
      r.reason = 'the server shut down mid-run; data up to then kept';
    } else if (this.stopReason === 'timeout') {
      r.status = 'timeout';
      r.reason = `timed out after ${r.durationS.toFixed(0)} s`;
    } else if (this.stopReason === 'flood' || this.stopReason === 'unsaved') {
      r.status = 'error';
      r.reason = r.errors.at(-1) ?? 'driver flooded its output';
    } else if (signal) {
      r.status = 'error';
      r.reason = `driver killed by ${signal}${signal === 'SIGSEGV' ? ' (a native crash)' : ''}${tail ? `: ${tail}` : ''}`;
    } else if (code !== 0) {
      r.status = 'error';
      r.reason = `driver exited with status ${code}: ${r.errors.at(-1) ?? tail ?? ''}`;
    } else if (r.result === null) {
      r.status = 'error';
      r.reason = `driver exited without a result${r.errors.length ? `: ${r.errors.at(-1)}` : ''}`;
    } else if (this.protocolErrors.length) {
      r.status = 'error';
      r.reason = this.protocolErrors.at(-1)!;
    } else {
      r.status = 'ok';
    }
    r.quality = recordQuality(r);
    this.checkpoint(true);
    if (this.saveError !== null) {
      // Whatever the driver did, a run whose record is not on disk is not a finished run.
      r.status = 'error';
      r.reason = this.saveError;
    }
    this.emit('end', r);
    return r;
  }
}
