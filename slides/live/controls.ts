// The run bar of a live slide (`<section data-live="experiment">`): runtime picker, Run, Cancel,
// progress and a status line. Keyboard-accessible buttons; hidden in print. Only the main window
// with control rights may run: viewers and the static build see why they cannot.
import type { JobSummary } from '../../protocol/messages.ts';
import { t } from '../i18n/index.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import { Emitter } from './events.ts';
import { roleIn, type RuntimeChoice, type RuntimeChoiceEvents } from './runtimes.ts';
import { PAIR_FT, PAIR_GIL, resolveRuntime } from './sources.ts';
import type { ResultsStore } from './store.ts';
import { isMainWindow, type WsClient } from './ws-client.ts';

/** How to go live, where the deck has no server: the server's default address. */
/** Picker value that runs the slide's runtimes one after the other (the server queues them). */
const ALL = '*';

export interface RunBarEvents {
  /** The runtime views marked "@" follow now. */
  runtimechange: string | null;
}

export class RunBar extends Emitter<RunBarEvents> {
  readonly experiment: string;
  readonly needsRuntime: boolean;
  private params: Record<string, unknown>;
  /** The slide's runtimes as `data-runtimes` names them (comma-separated; default: the pair shown). */
  private refs: string[];
  private root: HTMLElement;
  private line: HTMLElement;
  private picker: HTMLSelectElement;
  private runButton: HTMLButtonElement;
  private cancelButton: HTMLButtonElement;
  private bar: HTMLProgressElement;
  private phase: HTMLElement;
  private status: HTMLElement;
  private paramsLine: HTMLElement;
  /** This slide's last job that ended other than ok (cancelled, failed, timed out), until the next
   * one starts: the status line says so. */
  private ended: JobSummary | null = null;
  /** Aborted by destroy(): every listener this bar added to the store, the socket and the runtimes. */
  private readonly alive = new AbortController();

  constructor(
    readonly slide: HTMLElement,
    private readonly ws: WsClient | null,
    private readonly store: ResultsStore,
    private readonly choice: RuntimeChoice,
  ) {
    super();
    this.experiment = slide.dataset['live']!;
    this.needsRuntime = findExperiment(this.experiment)?.needsRuntime ?? true;
    this.params = slide.dataset['params'] ? (JSON.parse(slide.dataset['params']) as Record<string, unknown>) : {};
    this.refs = slide.dataset['runtimes'] ? slide.dataset['runtimes'].split(',') : [PAIR_GIL, PAIR_FT];
    const root = (this.root = document.createElement('div'));
    root.className = 'run-bar';
    root.setAttribute('role', 'group');
    root.setAttribute('aria-label', t()['run.group'](this.experiment));

    this.picker = document.createElement('select');
    this.picker.className = 'runtime-picker';
    this.picker.setAttribute('aria-label', t()['run.runtime']);
    this.setOptions();
    this.picker.hidden = !this.needsRuntime;
    this.picker.addEventListener('change', () => this.select());
    // Arrow keys inside the picker must not move the deck.
    this.picker.addEventListener('keydown', (e) => e.stopPropagation());

    this.runButton = this.button(t()['run.run'], 'run', () => this.run());
    this.cancelButton = this.button(t()['run.cancel'], 'cancel', () => this.cancel());
    this.bar = document.createElement('progress');
    this.bar.max = 1;
    this.bar.value = 0;
    this.phase = document.createElement('span');
    this.phase.className = 'phase';
    this.status = document.createElement('span');
    this.status.className = 'status';
    this.status.setAttribute('aria-live', 'polite');
    this.paramsLine = document.createElement('div');
    this.paramsLine.className = 'params-line';
    this.paramsLine.setAttribute('data-fine-print', '');
    root.append(this.picker, this.runButton, this.cancelButton, this.bar);
    const line = (this.line = document.createElement('p'));
    line.className = 'run-status';
    line.append(this.phase, this.status);
    slide.prepend(root);
    (slide.querySelector('h2') ?? root).after(line);
    slide.append(this.paramsLine);
    this.select();

    const signal = this.alive.signal;
    const refresh = () => this.refresh();
    store.on('progress', refresh, signal);
    store.on('queue', refresh, signal);
    store.on('finished', (job) => {
      if (this.mine(job)) this.ended = job.state === 'ok' ? null : job;
      this.refresh();
    }, signal);
    ws?.on('status', refresh, signal);
    ws?.on('hello', refresh, signal);
    ws?.on('auth', refresh, signal);
    choice.on('change', (e) => this.onRuntimes(e), signal);
    this.refresh();
  }

  /** Removes the bar and every listener it added. */
  destroy(): void {
    this.alive.abort();
    this.root.remove();
    this.line.remove();
    this.paramsLine.remove();
    delete this.slide.dataset['selectedRuntime'];
    delete this.slide.dataset['runState'];
    this.slide.classList.remove('is-running');
  }

  /** The runtime views marked "@" follow: the selected one (the first of "all"). */
  get runtime(): string | null {
    return this.runtimes[0] ?? null;
  }

  private button(label: string, cls: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `btn ${cls}`;
    b.textContent = label;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      onClick();
    });
    // Space/Enter on a focused button run it instead of moving the deck.
    b.addEventListener('keydown', (e) => {
      if (e.key === ' ' || e.key === 'Enter') e.stopPropagation();
    });
    return b;
  }

  /** The slide's own runtimes (the pair shown, as ids): what "all" runs. */
  private slideRuntimes(): string[] {
    const ids = this.refs.map((ref) => resolveRuntime(ref, { pair: this.choice.pair, selected: null }));
    return [...new Set(ids.filter((id): id is string => !!id))];
  }

  /** The picker's options: the slide's runtimes, every other runtime the deck knows, and "all". */
  private setOptions(preferred?: string): void {
    const own = this.slideRuntimes();
    const ids = [...new Set([...own, ...this.choice.builds.map((b) => b.id)])];
    const current = preferred ?? (this.picker.value || ids[0] || '');
    const option = (value: string, label: string) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      return o;
    };
    this.picker.replaceChildren(...ids.map((id) => option(id, id)), ...(own.length > 1 ? [option(ALL, own.join(' + '))] : []));
    this.picker.value = ids.includes(current) || (current === ALL && own.length > 1) ? current : (ids[0] ?? '');
  }

  /** The runtimes known or the pair shown changed: a picked build of the old pair becomes the same
   * build of the new one. */
  private onRuntimes({ pair, previous }: RuntimeChoiceEvents['change']): void {
    const before = this.runtime;
    const role = roleIn(previous, this.picker.value);
    this.setOptions((role && pair?.[role]) || undefined);
    if (this.runtime !== before) this.selected();
    else this.refresh();
  }

  /** The runtimes a Run starts: the selected one, or all of the slide's. */
  get runtimes(): (string | null)[] {
    if (!this.needsRuntime) return [null];
    return this.picker.value === ALL ? this.slideRuntimes() : [this.picker.value || null];
  }

  /** The presenter picked a runtime: the deck shows its version's pair (where it has both builds). */
  private select(): void {
    if (this.picker.value && this.picker.value !== ALL) this.choice.follow(this.picker.value);
    this.selected();
  }

  private selected(): void {
    this.slide.dataset['selectedRuntime'] = this.runtime ?? '';
    this.emit('runtimechange', this.runtime);
    this.refresh();
  }

  private mine(j: JobSummary | null): j is JobSummary {
    return !!j && j.experiment === this.experiment && (!this.needsRuntime || this.runtimes.includes(j.runtime));
  }

  /** This slide's jobs (experiment and selected runtimes): the running one first, then the queued. */
  private myJobs(): JobSummary[] {
    return [this.store.current, ...this.store.queue].filter((j): j is JobSummary => this.mine(j));
  }

  private myJob(): JobSummary | null {
    return this.myJobs()[0] ?? null;
  }

  get canRun(): boolean {
    return !!this.ws && this.ws.status === 'open' && this.ws.role === 'control';
  }

  run(): void {
    if (!this.canRun || this.myJob()) return;
    for (const runtime of this.runtimes) {
      this.ws!.send({ type: 'run', experiment: this.experiment, ...(runtime ? { runtime } : {}), params: this.params as Record<string, unknown> });
    }
  }

  /** Cancels this slide's running job and its queued ones. */
  cancel(): void {
    if (!this.canRun) return;
    for (const job of this.myJobs()) this.ws!.send({ type: 'cancel', jobId: job.id });
  }

  refresh(): void {
    const job = this.myJob();
    const p = this.store.progress;
    const mine = p && job && p.jobId === job.id;
    this.runButton.disabled = !this.canRun || !!job;
    this.cancelButton.disabled = !this.canRun || !job;
    this.bar.value = mine && p.total ? p.done / p.total : job?.state === 'running' ? 0 : this.bar.value;
    this.phase.textContent = mine ? t()['run.phase'](p.phase, p.done, p.total) : job?.state === 'queued' ? t()['run.queued'] : '';
    this.slide.classList.toggle('is-running', job?.state === 'running');
    // A new run of this slide started: the last one's end is old news (the store's running job may
    // still be the ended one until the server's queue update arrives).
    if (job?.state === 'running' && job.id !== this.ended?.id) this.ended = null;
    let status = '';
    if (!this.ws && !isMainWindow()) status = t()['run.speakerView'];
    else if (!this.ws || !this.ws.url) status = t()['run.noServer'](location.protocol === 'file:');
    // Say what the badges show: runs received before the server went away stay on screen, as LIVE.
    else if (this.ws.status !== 'open') status = t()['run.unreachable'](!!this.slide.querySelector('.provenance .badge.live'));
    else if (this.ws.role !== 'control') status = t()['run.readOnly'];
    else if (this.store.current && this.store.current.experiment !== this.experiment) status = t()['run.busy'](this.store.current.experiment);
    else if (!job && this.ended) {
      const state = this.ended.state === 'cancelled' ? 'cancelled' : this.ended.state === 'timeout' ? 'timeout' : 'failed';
      status = t()['run.ended'](this.ended.runtime ?? this.experiment, state, this.ended.reason && state !== 'cancelled' ? this.ended.reason.slice(0, 80) : null);
    }
    this.status.textContent = status;
    this.slide.dataset['runState'] = job?.state ?? 'idle';
    const spec = findExperiment(this.experiment);
    if (spec && Object.keys(spec.params).length) {
      const shown = Object.entries(spec.params).map(([k, s]) => {
        const v = k in this.params ? this.params[k] : s.default;
        // A list that holds every choice reads "all N": the line stays one line at 1920 px.
        const every = s.kind === 'choices' && Array.isArray(v) && s.choices.every((c) => (v as unknown[]).includes(c));
        return `${k}=${every ? t()['run.all'](s.choices.length) : Array.isArray(v) ? v.join(',') : String(v)}`;
      });
      this.paramsLine.textContent = t()['run.params'](shown.join(' · '));
    }
  }
}
