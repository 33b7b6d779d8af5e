// The one results store: for every (experiment, runtime) the records the deck can show, newest
// first: this session's live runs (built from streamed job events), the server's newest saved run
// (`latest`), and the recorded result shipped in assets/results/. Views ask `get(source)`; the store
// dispatches "change" (detail: the source key) whenever a record of that key grows, "progress"
// while a job runs, "queue" when the running job or the queue changes, "finished" when a job ends.
import type { DriverEvent } from '../../protocol/events.ts';
import type { JobMessage, JobSummary, ServerMessage } from '../../protocol/messages.ts';
import { applyDriverEvent, newRecord, paramsMatch, type RunRecord } from '../../protocol/record.ts';
import { Emitter } from './events.ts';

export interface Source {
  experiment: string;
  runtime: string | null;
  /** Parameters the recorded result must have been run with (e.g. {loader: "cdll"}); others are ignored. */
  match?: Record<string, unknown> | undefined;
  /** Parameters a live or saved run must have been run with to be shown (all of the slide's; see
   * sources.ts); without them, `match`. */
  params?: Record<string, unknown> | undefined;
}

export type Origin = 'live' | 'recorded';

export interface Shown {
  record: RunRecord;
  origin: Origin;
  /** The record of a job that is still running. */
  running: boolean;
}

export interface Progress {
  jobId: string;
  experiment: string;
  runtime: string | null;
  done: number;
  total: number;
  phase: string;
}

export interface StoreEvents {
  /** The source key (sourceKey) whose records changed. */
  change: string;
  progress: Progress;
  queue: { current: JobSummary | null; queue: JobSummary[] };
  /** The job that ended (finished or cancelled). */
  finished: JobSummary;
}

export const sourceKey = (experiment: string, runtime: string | null): string => `${experiment}|${runtime ?? 'machine'}`;

export function matches(record: RunRecord, match: Record<string, unknown> | undefined): boolean {
  return paramsMatch(record.params ?? {}, match);
}

export function hasData(r: RunRecord): boolean {
  return r.result !== null || r.partials.length > 0 || Object.keys(r.samples).length > 0;
}

function emptyRecord(job: JobSummary): RunRecord {
  return newRecord(job.experiment, job.runtime, job.params as RunRecord['params'], job.startedAt ?? job.queuedAt);
}

export class ResultsStore extends Emitter<StoreEvents> {
  /** Live records per key, newest first. */
  private live = new Map<string, RunRecord[]>();
  private jobs = new Map<string, RunRecord>();
  /** Start times of the runs seen starting in this session (picked by the presenter). */
  private picked = new Set<string>();
  /** The running job's progress, if any. */
  progress: Progress | null = null;
  current: JobSummary | null = null;
  queue: JobSummary[] = [];

  constructor(private readonly recorded: readonly RunRecord[]) {
    super();
  }

  /** The record to show for a source: the newest live one run with the source's parameters (a saved
   * run), or picked by the presenter (a run that started while this deck was connected: its own
   * parameters are what was asked for; it must still match the view's `match`), else the recorded one. */
  get(src: Source): Shown | null {
    for (const record of this.live.get(sourceKey(src.experiment, src.runtime)) ?? []) {
      if (!matches(record, this.picked.has(record.startedAt) ? src.match : (src.params ?? src.match))) continue;
      // A run that ended (cancelled, failed) before measuring anything leaves the older data shown.
      if (record.status !== 'running' && !hasData(record)) continue;
      return { record, origin: 'live', running: record.status === 'running' };
    }
    const rec = this.recordedFor(src);
    return rec ? { record: rec, origin: 'recorded', running: false } : null;
  }

  recordedFor(src: Source): RunRecord | null {
    return this.recorded.find((r) => r.experiment === src.experiment && (r.runtimeId ?? null) === src.runtime && matches(r, src.match)) ?? null;
  }

  /** Feeds one server message in. */
  ingest(msg: ServerMessage): void {
    switch (msg.type) {
      case 'hello':
        this.current = msg.current;
        this.queue = msg.queue;
        if (msg.current?.state === 'running') {
          const record = this.startJob(msg.current);
          for (const e of msg.recent) this.onEvent(msg.current, record, e);
        }
        this.emitQueue();
        break;
      case 'latest':
        if (msg.record && typeof msg.record === 'object') this.addSaved(msg.record as RunRecord);
        break;
      case 'job':
        this.onJob(msg);
        break;
      default:
        break;
    }
  }

  /** The queue after the hello, from the jobs' changes: queued joins it, started leaves it for
   * `current`, finished or cancelled leaves both. */
  private onQueueChange(msg: JobMessage): void {
    const { job } = msg;
    const before = this.queue.length;
    const wasCurrent = this.current?.id === job.id;
    if (msg.event === 'queued') {
      if (!this.queue.some((j) => j.id === job.id)) this.queue = [...this.queue, job];
    } else if (msg.event === 'started' || msg.event === 'finished' || msg.event === 'cancelled') {
      this.queue = this.queue.filter((j) => j.id !== job.id);
      if (msg.event === 'started') this.current = job;
      else if (wasCurrent) this.current = null;
    } else return;
    if (this.queue.length !== before || msg.event === 'started' || wasCurrent) this.emitQueue();
  }

  private onJob(msg: JobMessage): void {
    const { job } = msg;
    this.onQueueChange(msg);
    if (msg.event === 'queued') return;
    let record = this.jobs.get(job.id);
    if (!record) {
      if (msg.event !== 'started' && job.state !== 'running') return;
      record = this.startJob(job);
    }
    if (msg.data) this.onEvent(job, record, msg.data);
    if (msg.event === 'finished' || msg.event === 'cancelled') {
      record.status = job.state === 'queued' || job.state === 'running' ? 'error' : job.state;
      record.reason = job.reason;
      record.finishedAt = job.finishedAt;
      if (this.progress?.jobId === job.id) this.progress = null;
      this.changed(record);
      this.emit('finished', job);
    }
  }

  /** A fresh record for a job; one we had already (a reconnect: events were missed) is replaced. */
  private startJob(job: JobSummary): RunRecord {
    const record = emptyRecord(job);
    this.picked.add(record.startedAt);
    const old = this.jobs.get(job.id);
    this.jobs.set(job.id, record);
    const key = sourceKey(job.experiment, job.runtime);
    this.live.set(key, [record, ...(this.live.get(key) ?? []).filter((r) => r !== old)]);
    this.changed(record);
    return record;
  }

  /** The connection is gone: runs still marked running will not finish here; say so. */
  disconnected(): void {
    for (const record of this.jobs.values()) {
      if (record.status !== 'running') continue;
      record.status = 'error';
      record.reason = 'connection to the server lost';
      this.changed(record);
    }
    this.current = null;
    this.queue = [];
    this.progress = null;
    this.emitQueue();
  }

  private onEvent(job: JobSummary, record: RunRecord, e: DriverEvent): void {
    if (e.type === 'progress') {
      this.progress = { jobId: job.id, experiment: job.experiment, runtime: job.runtime, done: e.done, total: e.total, phase: e.phase };
      this.emit('progress', this.progress);
      return;
    }
    applyDriverEvent(record, e);
    this.changed(record);
  }

  /** A saved record from the server: replaces this session's copy of the same run, or is added. A
   * checkpoint of a run still streaming here (status running) is older than what we have: ignored. */
  private addSaved(record: RunRecord): void {
    const key = sourceKey(record.experiment, record.runtimeId);
    const all = this.live.get(key) ?? [];
    if (record.status === 'running' && all.some((r) => r.startedAt === record.startedAt)) return;
    const list = all.filter((r) => r.startedAt !== record.startedAt);
    list.push(record);
    list.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
    this.live.set(key, list);
    for (const [id, r] of this.jobs) if (r.startedAt === record.startedAt) this.jobs.set(id, record);
    this.changed(record);
  }

  private changed(record: RunRecord): void {
    this.emit('change', sourceKey(record.experiment, record.runtimeId));
  }

  private emitQueue(): void {
    this.emit('queue', { current: this.current, queue: this.queue });
  }
}
