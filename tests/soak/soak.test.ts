// The soak (`npm run test:soak`, 3-7 minutes on 2 cores; not part of `npm test`): the deck open in Chromium
// and 5 viewers following while more than 200 small runs cycle through every experiment,
// and the server is restarted 20 times mid-run (10 SIGTERM, 10 kill -9). It checks what a presenter
// would notice after a long rehearsal: memory that does not creep (server RSS, the page's JS heap),
// every finished run complete on disk, every interrupted one marked incomplete, the deck back and
// able to run within 5 s of every restart, and no process left behind. Figures: `# soak:` lines.
// The server runs as `npm start` runs it (loopback: every client may control). In follow mode the
// presenter token is new on every start, so a restarted follow-mode server needs the new presenter URL.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { EXPERIMENTS, type ExperimentSpec, type ParamValue } from '../../protocol/experiments.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../../server/chromium.ts';
import { projectRoot } from '../../server/paths.ts';
import { Client, driverProcesses, type Msg, startServer, wsUrl } from '../server-client.ts';
import { type Served, stopServer } from '../../server/util/serve-process.ts';
import { buildDist } from '../static-server.ts';

const RUNS = 200;
const RESTARTS = 20; // alternately SIGTERM and kill -9
const RUNS_BETWEEN_RESTARTS = 4;
const VIEWERS = 5;
const MIB = 1024 * 1024;
const MEMORY_BOUND_MIB = 30;
const RECONNECT_BOUND_MS = 5000;
const RUNTIMES = ['3.13.5-gil', '3.13.5-nogil'];

const scratch = mkdtempSync(join(tmpdir(), 'ffi-corners-soak-'));
const results = join(scratch, 'results');
// Every finished run's record must be on disk at the end: keep them all (the server prunes to the
// newest `retain` per experiment × runtime at every start, and this soak restarts it 20 times).
const config = join(scratch, 'ffi-corners.config.json');
writeFileSync(config, JSON.stringify({ retain: 1_000_000 }));
const env = { FFI_CORNERS_RESULTS: results, FFI_CORNERS_CONFIG: config };
const figure = (what: string) => console.log(`# soak: ${what}`);
process.setMaxListeners(4 * RESTARTS); // each server started adds an exit hook (tests/server-client.ts)

/** The smallest run of an experiment: every number at its minimum, one item of each list. */
function smallParams(spec: ExperimentSpec): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  for (const [name, p] of Object.entries(spec.params)) {
    if (p.kind === 'integer' || p.kind === 'number') params[name] = p.min;
    else if (p.kind === 'integers') params[name] = [p.min];
    else if (p.kind === 'choices') params[name] = p.default.slice(0, 2);
    else params[name] = p.default;
  }
  return params;
}

/** The runs, in turn: every experiment, on each runtime where it takes one. */
const cycle = EXPERIMENTS.flatMap((spec) =>
  (spec.needsRuntime ? RUNTIMES : [null]).map((runtime) => ({ experiment: spec.id, ...(runtime ? { runtime } : {}), params: smallParams(spec) })),
);
/** A run that streams samples for several seconds: the one the restarts interrupt. */
const interruptible = (i: number) => ({ experiment: 'call-overhead', runtime: RUNTIMES[i % 2]!, params: { ...smallParams(EXPERIMENTS[0]!), samples: 5000, batch_ms: 1 } });

function rssBytes(pid: number): number {
  return Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
}

/** Driver processes of this soak still alive, after giving a killed server's drivers up to 5 s to
 * die (the kernel kills them when their parent dies, asynchronously). */
async function noDrivers(): Promise<string[]> {
  for (let waited = 0; waited < 5000 && driverProcesses(results).length; waited += 100) await new Promise((r) => setTimeout(r, 100));
  return driverProcesses(results);
}

const samplesIn = (data: Record<string, number[]>) => Object.values(data).reduce((n, v) => n + v.length, 0);

let browser: Browser | undefined;
const servers: Served[] = [];
after(async () => {
  await browser?.close();
  for (const s of servers) await stopServer(s);
  rmSync(scratch, { recursive: true, force: true });
});

type Run = { experiment: string; runtime?: string; params: Record<string, ParamValue> };

/** The deck open in Chromium on the server: its uncaught errors, the hellos it received (with the time
 * each came, this machine's clock, as the test's), its JS heap after a collection, and the slide shown. */
async function openDeck(url: string) {
  // No profile on disk: nothing for Chromium's helpers to write into after the soak cleaned up.
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page: Page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${url}#/env-check-live`);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  await page.evaluate(() => {
    const w = window as unknown as { ffiCorners: { ws: EventTarget }; soakHellos: number[] };
    w.soakHellos = [];
    w.ffiCorners.ws.addEventListener('hello', () => w.soakHellos.push(Date.now()));
  });
  await page.waitForFunction(() => (window as unknown as { ffiCorners: { ws: { status: string } } }).ffiCorners.ws.status === 'open');
  const cdp = await context.newCDPSession(page);
  return {
    page,
    pageErrors,
    hellos: () => page.evaluate(() => (window as unknown as { soakHellos: number[] }).soakHellos),
    heapBytes: async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    },
    /** The deck shows the slide of the experiment that runs (its views render what streams in). */
    show: (experiment: string) =>
      page.evaluate((id) => {
        const w = window as unknown as { Reveal: { slide(h: number, v?: number): void; getIndices(s: Element): { h: number; v?: number } } };
        const s = document.querySelector(`section[data-live="${id}"]`);
        if (s) w.Reveal.slide(w.Reveal.getIndices(s).h, w.Reveal.getIndices(s).v);
      }, experiment),
  };
}
type Deck = Awaited<ReturnType<typeof openDeck>>;

/** The server, the deck, the presenter's script (a control connection) and the viewers (renewed after
 * every restart), and what the soak saw. */
class Soak {
  control = undefined as unknown as Client;
  viewers: Client[] = [];
  readonly finished: Msg[] = []; // summaries of the runs that ended on their own
  readonly interrupted: { file: string; how: string }[] = [];
  readonly reconnectMs: number[] = [];
  readonly sinceKillMs: number[] = [];
  readonly startMs: number[] = []; // from the kill to the new server listening
  readonly deckRunMs: number[] = [];
  started = 0;
  private next = 0;

  constructor(public server: Served, readonly deck: Deck) {}

  async connect(): Promise<void> {
    this.control = new Client(wsUrl(this.server));
    this.viewers = Array.from({ length: VIEWERS }, () => new Client(wsUrl(this.server)));
    await Promise.all([this.control, ...this.viewers].map((c) => c.next((m) => m.type === 'hello', 30_000)));
  }

  disconnect(): void {
    for (const c of [this.control, ...this.viewers]) c.ws.terminate();
  }

  /** Runs one run to its end; checks that every viewer saw it end and keeps what the control saw. */
  async runOne(run: Run): Promise<void> {
    const { control } = this;
    const since = control.messages.length;
    await this.deck.show(run.experiment);
    control.send({ type: 'run', ...run });
    this.started++;
    const queued = await control.next((m) => m.type === 'job' && (m.event === 'queued' || m.event === 'started'), 30_000, since);
    const end = await control.next((m) => m.type === 'job' && (m.event === 'finished' || m.event === 'cancelled') && m.job.id === queued.job.id, 300_000, since);
    assert.equal(end.job.state, 'ok', `${run.experiment} ${run.runtime ?? ''}: ${end.job.reason}`);
    const streamed = control.messages.slice(since).filter((m) => m.type === 'job' && m.job.id === end.job.id && m.data?.type === 'samples').reduce((n, m) => n + samplesIn(m.data.data), 0);
    this.finished.push({ ...end.job, streamed });
    await Promise.all(this.viewers.map((v) => v.next((m) => m.type === 'job' && m.event === 'finished' && m.job.id === end.job.id, 30_000)));
  }

  runNext(): Promise<void> {
    return this.runOne(cycle[this.next++ % cycle.length]!);
  }

  /** Whether the runs so far end a whole cycle of experiments. */
  get cycleDone(): boolean {
    return this.next % cycle.length === 0;
  }

  /** A run that is streaming when the server goes (SIGTERM on even rounds, kill -9 on odd ones); then a
   * new server on the same port, which the deck finds by itself, and Run from the deck works again. */
  async restartMidRun(r: number): Promise<void> {
    const { control, deck } = this;
    const since = control.messages.length;
    await deck.show('call-overhead');
    control.send({ type: 'run', ...interruptible(r) });
    this.started++;
    const job = (await control.next((m) => m.type === 'job' && m.event === 'started', 30_000, since)).job;
    await control.next((m) => m.type === 'job' && m.event === 'data' && m.data.type === 'samples' && m.job.id === job.id, 60_000, since);
    const how = r % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
    const hellos = (await deck.hellos()).length;
    const exited = new Promise((res) => this.server.proc.once('exit', res));
    const killedAt = Date.now();
    this.server.proc.kill(how);
    await exited;
    this.disconnect();
    this.interrupted.push({ file: job.file, how });
    assert.deepEqual(await noDrivers(), [], `after ${how}: no driver left`);
    this.server = await startServer(['--port', new URL(this.server.url).port], env);
    servers.push(this.server);
    const readyAt = Date.now();
    await this.connect();
    await deck.page.waitForFunction((n) => (window as unknown as { soakHellos: number[] }).soakHellos.length > n, hellos, { timeout: 30_000 });
    const hello = (await deck.hellos()).at(-1)!;
    this.reconnectMs.push(hello - readyAt);
    this.sinceKillMs.push(hello - killedAt);
    this.startMs.push(readyAt - killedAt);
    await this.runFromDeck(r);
  }

  private async runFromDeck(r: number): Promise<void> {
    const { page } = this.deck;
    await this.deck.show('env-check');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled, null, { timeout: 30_000 });
    const deckSince = this.control.messages.length;
    const clickedAt = Date.now();
    await page.click('section.present .run-bar button.run');
    this.started++;
    const deckRun: Msg = await this.control.next((m) => m.type === 'job' && m.event === 'finished' && m.job.experiment === 'env-check', 60_000, deckSince);
    assert.equal(deckRun.job.state, 'ok', `the deck's run after restart ${r + 1}: ${deckRun.job.reason}`);
    this.deckRunMs.push(Date.now() - clickedAt);
    this.finished.push({ ...deckRun.job, streamed: 0 });
  }
}

/** On disk: every finished run complete, every interrupted one marked incomplete. Returns how many were. */
function checkOnDisk(soak: Soak): number {
  for (const job of soak.finished) {
    const record = JSON.parse(readFileSync(join(projectRoot, job.file), 'utf8'));
    assert.equal(record.status, 'ok', job.file);
    assert.ok(record.meta && record.result !== null && record.finishedAt, `${job.file}: meta, result and end time`);
    assert.equal(samplesIn(record.samples), job.streamed, `${job.file}: every streamed sample on disk`);
  }
  for (const { file, how } of soak.interrupted) {
    const record = JSON.parse(readFileSync(join(projectRoot, file), 'utf8'));
    assert.equal(record.status, 'incomplete', `${file} (${how}): ${record.status}`);
    // SIGTERM: the server writes everything it got; kill -9: what its last checkpoint held.
    assert.ok(how === 'SIGTERM' ? samplesIn(record.samples) > 0 : record.meta !== null, `${file} (${how}): the data before it`);
  }
  return soak.interrupted.length;
}

test('soak: 200+ runs, 20 restarts mid-run, the deck and 5 viewers following', { timeout: 30 * 60_000 }, async () => {
  const t0 = Date.now();
  await buildDist();
  const first = await startServer([], env);
  servers.push(first);
  const soak = new Soak(first, await openDeck(first.url));
  await soak.connect();

  // Warm-up: every experiment once; the page's heap after it is the baseline.
  for (let i = 0; i < cycle.length; i++) await soak.runNext();
  const heap0 = await soak.deck.heapBytes();
  figure(`warm-up: ${cycle.length} runs (every experiment on every runtime), page JS heap ${(heap0 / MIB).toFixed(1)} MiB`);

  for (let r = 0; r < RESTARTS; r++) {
    for (let i = 0; i < RUNS_BETWEEN_RESTARTS; i++) await soak.runNext();
    await soak.restartMidRun(r);
  }
  figure(`restarts: ${RESTARTS} (${RESTARTS / 2} SIGTERM, ${RESTARTS / 2} kill -9), each mid-run`);

  // The last server lives to the end: its memory after warm-up against after the soak.
  for (let i = 0; i < cycle.length; i++) await soak.runNext();
  const rss0 = rssBytes(soak.server.proc.pid!);
  while (soak.finished.length < RUNS || !soak.cycleDone) await soak.runNext();
  await new Promise((r) => setTimeout(r, 2000));
  const rss1 = rssBytes(soak.server.proc.pid!);
  const heap1 = await soak.deck.heapBytes();
  soak.disconnect();
  await stopServer(soak.server);
  await browser!.close();
  browser = undefined;

  const incomplete = checkOnDisk(soak);
  const orphans = await noDrivers();
  const serversLeft = servers.filter((s) => s.proc.exitCode === null && s.proc.signalCode === null).length;
  const { started, finished, reconnectMs, startMs, sinceKillMs, deckRunMs } = soak;
  const max = (xs: number[]) => Math.max(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

  figure(`runs: ${started} started, ${finished.length} finished ok and complete on disk, ${incomplete} interrupted and marked incomplete; ${((Date.now() - t0) / 60_000).toFixed(1)} min`);
  figure(`server RSS after warm-up ${(rss0 / MIB).toFixed(1)} MiB, after the soak ${(rss1 / MIB).toFixed(1)} MiB (${((rss1 - rss0) / MIB).toFixed(1)} MiB)`);
  figure(`page JS heap after warm-up ${(heap0 / MIB).toFixed(1)} MiB, after the soak ${(heap1 / MIB).toFixed(1)} MiB (${((heap1 - heap0) / MIB).toFixed(1)} MiB)`);
  figure(`deck reconnected after the new server listened: median ${median(reconnectMs)} ms, max ${max(reconnectMs)} ms; the server itself took median ${median(startMs)} ms, max ${max(startMs)} ms from the kill to listening (runtimes probed, environment checked), so kill to deck connected: median ${median(sinceKillMs)} ms, max ${max(sinceKillMs)} ms; Run from the deck after each: max ${max(deckRunMs)} ms`);
  figure(`orphan processes: ${orphans.length}; servers left running: ${serversLeft}`);

  assert.ok(started >= RUNS, `${started} runs`);
  assert.ok(rss1 - rss0 < MEMORY_BOUND_MIB * MIB, `server RSS grew ${((rss1 - rss0) / MIB).toFixed(1)} MiB`);
  assert.ok(heap1 - heap0 < MEMORY_BOUND_MIB * MIB, `page JS heap grew ${((heap1 - heap0) / MIB).toFixed(1)} MiB`);
  assert.ok(max(reconnectMs) < RECONNECT_BOUND_MS, `the deck reconnected after ${reconnectMs.join(', ')} ms`);
  assert.deepEqual(orphans, []);
  assert.equal(serversLeft, 0);
  assert.deepEqual(soak.deck.pageErrors, [], 'uncaught errors in the deck');
});
