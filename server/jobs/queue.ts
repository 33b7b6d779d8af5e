// One experiment at a time (benchmarks must not compete for the CPU); the rest wait in a queue
// that every client can see. The same run requested twice while queued is run once.
import { EventEmitter } from 'node:events';
import { relative } from 'node:path';
import type { DriverEvent } from '../../protocol/events.ts';
import type { ExperimentSpec, Params } from '../../protocol/experiments.ts';
import type { JobSummary } from '../../protocol/messages.ts';
import { projectRoot } from '../paths.ts';
import type { ResultsStore } from '../results/store.ts';
import { Run } from './runner.ts';

/** Events kept for late joiners: the current job's most recent ones. */
const RECENT_EVENTS = 300;

export interface JobRequest {
  experiment: ExperimentSpec;
  runtimeId: string | null;
  python: string;
  params: Params;
  /** The runtime definition's environment (resolveRuntimes), never a message's. */
  env?: Readonly<Record<string, string>> | undefined;
}

interface Job {
  summary: JobSummary;
  request: JobRequest;
  key: string;
  run: Run | null;
}

export interface JobQueue extends EventEmitter {
  on(event: 'queued' | 'started' | 'finished' | 'changed', listener: (job: JobSummary) => void): this;
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

  /** Queues a run, or returns the identical one already queued or running. */
  submit(req: JobRequest): { job: JobSummary; duplicate: boolean } {
    const key = JSON.stringify([req.experiment.id, req.runtimeId, req.params]);
    const same = [this.current, ...this.waiting].find((j) => j?.key === key && j.summary.state !== 'cancelled');
    if (same) return { job: same.summary, duplicate: true };
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
    this.emit('changed', summary);
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
    const [job] = this.waiting.splice(i, 1);
    job!.summary.state = 'cancelled';
    job!.summary.reason = 'cancelled before it started';
    job!.summary.finishedAt = new Date().toISOString();
    this.emit('finished', job!.summary);
    this.emit('changed', job!.summary);
    return true;
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
    const run = new Run({ experiment: req.experiment, runtimeId: req.runtimeId, python: req.python, params: req.params, env: req.env, cpus: this.opts.cpus, store: this.opts.store });
    job.run = run;
    summary.state = 'running';
    summary.startedAt = run.record.startedAt;
    summary.file = relative(projectRoot, run.file);
    this.emit('started', summary);
    this.emit('changed', summary);
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
      this.emit('changed', summary);
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
