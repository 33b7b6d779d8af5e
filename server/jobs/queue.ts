// One experiment at a time (benchmarks must not compete for the CPU); the rest wait in a queue
// that every client can see. The same run requested twice while queued is run once.
import { EventEmitter } from 'node:events';
import { relative } from 'node:path';
import type { DriverEvent } from '../../protocol/events.ts';
import type { ExperimentSpec, Params } from '../../protocol/experiments.ts';
import type { JobSummary } from '../../protocol/messages.ts';
import { projectRoot } from '../paths.ts';
import { SaveError, type ResultsStore } from '../results/store.ts';
import { Run } from './runner.ts';

/** Events kept for late joiners: the current job's most recent ones. */
const RECENT_EVENTS = 300;
/** Runs waiting at once: from one client, and in all. A run beyond either is refused, with the limit said. */
export const MAX_QUEUED_PER_CLIENT = 8;
export const MAX_QUEUED = 32;

/** A run the queue refuses (it is full): the message says which limit. */
export class QueueFull extends Error {
  override name = 'QueueFull';
}

export interface JobRequest {
  experiment: ExperimentSpec;
  runtimeId: string | null;
  python: string;
  params: Params;
  /** The runtime definition's environment (resolveRuntimes), never a message's. */
  env?: Readonly<Record<string, string>> | undefined;
  /** Who asked (a connection's id): its waiting runs are dropped when it leaves. */
  owner?: string;
}

interface Job {
  summary: JobSummary;
  request: JobRequest;
  key: string;
  run: Run | null;
}

export interface JobQueue extends EventEmitter {
  on(event: 'queued' | 'started' | 'finished', listener: (job: JobSummary) => void): this;
  on(event: 'event', listener: (job: JobSummary, e: DriverEvent) => void): this;
}

export class JobQueue extends EventEmitter {
  private waiting: Job[] = [];
  private current: Job | null = null;
  private recent: DriverEvent[] = [];
  private counter = 0;
  private closed = false;

  constructor(private readonly opts: { store: ResultsStore; cpus?: string | undefined; log?: (line: string) => void }) {
    super();
  }

  /** Queues a run, or returns the identical one already queued or running. A QueueFull when the
   * queue, or this owner's share of it, is full. */
  submit(req: JobRequest): { job: JobSummary; duplicate: boolean } {
    const key = JSON.stringify([req.experiment.id, req.runtimeId, req.params]);
    const same = [this.current, ...this.waiting].find((j) => j?.key === key && j.summary.state !== 'cancelled');
    if (same) return { job: same.summary, duplicate: true };
    if (this.waiting.length >= MAX_QUEUED) throw new QueueFull(`the queue is full (${MAX_QUEUED} runs waiting): wait for one to finish, or cancel one`);
    if (req.owner !== undefined && this.waiting.filter((j) => j.request.owner === req.owner).length >= MAX_QUEUED_PER_CLIENT) {
      throw new QueueFull(`you have ${MAX_QUEUED_PER_CLIENT} runs waiting already (the most one client may queue): wait for one to finish, or cancel one`);
    }
    const summary: JobSummary = {
      id: `job-${Date.now().toString(36)}-${(++this.counter).toString(36)}`,
      experiment: req.experiment.id,
      runtime: req.runtimeId,
      params: req.params as Record<string, unknown>,
      state: 'queued',
      reason: null,
      queuedAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      file: null,
    };
    this.waiting.push({ summary, request: req, key, run: null });
    this.emit('queued', summary);
    queueMicrotask(() => this.next());
    return { job: summary, duplicate: false };
  }

  /** Cancels a job (default: the running one). Returns false when there was nothing to cancel. */
  cancel(jobId?: string): boolean {
    if (this.current && (!jobId || this.current.summary.id === jobId)) {
      this.current.run?.cancel();
      return true;
    }
    const i = this.waiting.findIndex((j) => j.summary.id === jobId);
    if (i < 0) return false;
    this.drop(this.waiting.splice(i, 1)[0]!, 'cancelled before it started');
    return true;
  }

  /** Drops every waiting run of an owner (a client that left); the running one goes on. Returns how many. */
  dropOwner(owner: string): number {
    const mine = this.waiting.filter((j) => j.request.owner === owner);
    this.waiting = this.waiting.filter((j) => j.request.owner !== owner);
    for (const job of mine) this.drop(job, 'cancelled before it started: the client that queued it left');
    return mine.length;
  }

  private drop(job: Job, reason: string): void {
    job.summary.state = 'cancelled';
    job.summary.reason = reason;
    job.summary.finishedAt = new Date().toISOString();
    this.emit('finished', job.summary);
  }

  get state(): { current: JobSummary | null; queue: JobSummary[]; recent: DriverEvent[] } {
    return { current: this.current?.summary ?? null, queue: this.waiting.map((j) => j.summary), recent: [...this.recent] };
  }

  private next(): void {
    if (this.current || this.closed) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.current = job;
    this.recent = [];
    const { request: req, summary } = job;
    let run: Run;
    try {
      run = new Run({ experiment: req.experiment, runtimeId: req.runtimeId, python: req.python, params: req.params, env: req.env, cpus: this.opts.cpus, store: this.opts.store });
    } catch (err) {
      if (!(err instanceof SaveError)) throw err;
      // Nothing ran: the job fails with the folder and the OS error, and the queue goes on.
      summary.state = 'error';
      summary.reason = err.message;
      summary.startedAt = summary.finishedAt = new Date().toISOString();
      this.opts.log?.(`job ${summary.id} experiment=${summary.experiment} runtime=${summary.runtime ?? '-'} outcome=error reason=${JSON.stringify(err.message)}`);
      this.current = null;
      this.emit('finished', summary);
      queueMicrotask(() => this.next());
      return;
    }
    job.run = run;
    summary.state = 'running';
    summary.startedAt = run.record.startedAt;
    summary.file = relative(projectRoot, run.file);
    this.emit('started', summary);
    run.on('event', (e) => {
      this.recent.push(e);
      if (this.recent.length > RECENT_EVENTS) this.recent.shift();
      this.emit('event', summary, e);
    });
    void run.done.then((record) => {
      summary.state = record.status === 'running' || record.status === 'incomplete' ? 'error' : record.status;
      summary.reason = record.reason;
      summary.finishedAt = record.finishedAt;
      this.opts.log?.(
        `job ${summary.id} experiment=${summary.experiment} runtime=${summary.runtime ?? '-'} duration=${record.durationS?.toFixed(1)}s outcome=${summary.state}${record.reason ? ` reason=${JSON.stringify(record.reason)}` : ''}`,
      );
      this.current = null;
      this.emit('finished', summary);
      this.next();
    });
  }

  /** Stops everything: the running job's process group is killed; waits for it to end. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) {
      job.summary.state = 'cancelled';
      job.summary.reason = 'server shut down';
    }
    const run = this.current?.run;
    if (run) {
      run.stop('shutdown'); // recorded as incomplete, like a run whose server was killed
      await run.done;
    }
  }
}
