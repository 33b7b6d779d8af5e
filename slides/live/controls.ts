// The run bar of a live slide (`<section data-live="experiment">`): runtime picker, Run, Cancel,
// progress and a status line. Keyboard-accessible buttons; hidden in print. Only the main window
// with control rights may run: viewers and the static build see why they cannot.
import type { JobSummary } from '../../protocol/messages.ts';
import { findExperiment } from '../../protocol/experiments.ts';
import type { ResultsStore } from './store.ts';
import { isMainWindow, type WsClient } from './ws-client.ts';

export const DEFAULT_RUNTIMES = ['3.13.5-gil', '3.13.5-nogil'];
/** Picker value that runs the slide's runtimes one after the other (the server queues them). */
const ALL = '*';

export class RunBar extends EventTarget {
  readonly experiment: string;
  readonly needsRuntime: boolean;
  private params: Record<string, unknown>;
  private picker: HTMLSelectElement;
  private runButton: HTMLButtonElement;
  private cancelButton: HTMLButtonElement;
  private bar: HTMLProgressElement;
  private phase: HTMLElement;
  private status: HTMLElement;
  private paramsLine: HTMLElement;

  constructor(
    readonly slide: HTMLElement,
    private readonly ws: WsClient | null,
    private readonly store: ResultsStore,
  ) {
    super();
    this.experiment = slide.dataset['live']!;
    this.needsRuntime = findExperiment(this.experiment)?.needsRuntime ?? true;
    this.params = slide.dataset['params'] ? (JSON.parse(slide.dataset['params']) as Record<string, unknown>) : {};
    const root = document.createElement('div');
    root.className = 'run-bar';
    root.setAttribute('role', 'group');
    root.setAttribute('aria-label', `Run ${this.experiment}`);

    this.picker = document.createElement('select');
    this.picker.className = 'runtime-picker';
    this.picker.setAttribute('aria-label', 'runtime');
    const runtimes = (slide.dataset['runtimes'] || DEFAULT_RUNTIMES.join(',')).split(',');
    this.setRuntimes(runtimes);
    this.picker.hidden = !this.needsRuntime;
    this.picker.addEventListener('change', () => this.select());
    // Arrow keys inside the picker must not move the deck.
    this.picker.addEventListener('keydown', (e) => e.stopPropagation());

    this.runButton = this.button('Run', 'run', () => this.run());
    this.cancelButton = this.button('Cancel', 'cancel', () => this.cancel());
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
    const line = document.createElement('p');
    line.className = 'run-status';
    line.append(this.phase, this.status);
    slide.prepend(root);
    (slide.querySelector('h2') ?? root).after(line);
    slide.append(this.paramsLine);
    this.select();

    store.addEventListener('progress', () => this.refresh());
    store.addEventListener('queue', () => this.refresh());
    store.addEventListener('finished', () => this.refresh());
    ws?.addEventListener('status', () => this.refresh());
    ws?.addEventListener('hello', () => {
      const offered = new Set([...runtimes, ...(ws.hello?.runtimes.map((r) => r.id) ?? [])]);
      this.setRuntimes([...offered]);
      this.refresh();
    });
    ws?.addEventListener('auth', () => this.refresh());
    this.refresh();
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

  /** The slide's own runtimes (its side-by-side pair): what "all" runs. */
  private slideRuntimes: string[] = [];

  private setRuntimes(ids: string[]): void {
    const current = this.picker.value || ids[0] || '';
    if (!this.slideRuntimes.length) this.slideRuntimes = ids.slice();
    const option = (value: string, label: string) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      return o;
    };
    this.picker.replaceChildren(...ids.map((id) => option(id, id)), ...(this.slideRuntimes.length > 1 ? [option(ALL, `${this.slideRuntimes.join(' + ')}`)] : []));
    this.picker.value = ids.includes(current) || current === ALL ? current : (ids[0] ?? '');
  }

  /** The runtimes a Run starts: the selected one, or all of the slide's. */
  get runtimes(): (string | null)[] {
    if (!this.needsRuntime) return [null];
    return this.picker.value === ALL ? this.slideRuntimes : [this.picker.value || null];
  }

  private select(): void {
    this.slide.dataset['selectedRuntime'] = this.runtime ?? '';
    this.dispatchEvent(new CustomEvent('runtimechange', { detail: this.runtime }));
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
    this.phase.textContent = mine ? `${p.phase} (${p.done}/${p.total})` : job?.state === 'queued' ? 'queued: waiting for the running experiment' : '';
    this.slide.classList.toggle('is-running', job?.state === 'running');
    let status = '';
    if (!this.ws && !isMainWindow()) status = 'Speaker view: runs are started from the main window';
    else if (!this.ws) status = 'Static build: recorded results. To run live: npm start, then open http://127.0.0.1:8765/';
    else if (this.ws.status !== 'open') status = 'Server not reachable: recorded results shown. Start it with npm start';
    else if (this.ws.role !== 'control') status = 'Read-only viewer: the presenter runs the experiments';
    else if (this.store.current && this.store.current.experiment !== this.experiment) status = `busy: ${this.store.current.experiment} is running`;
    this.status.textContent = status;
    this.slide.dataset['runState'] = job?.state ?? 'idle';
    const spec = findExperiment(this.experiment);
    if (spec && Object.keys(spec.params).length) {
      const shown = Object.entries(spec.params).map(([k, s]) => {
        const v = k in this.params ? this.params[k] : s.default;
        return `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`;
      });
      this.paramsLine.textContent = `Run parameters: ${shown.join(' · ')}`;
    }
  }
}
