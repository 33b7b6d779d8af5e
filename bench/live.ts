// The live feel, end to end: a real server, real drivers, the deck in Debian's Chromium.
// 1. Run on the call-overhead slide: from the click event to the first frame that draws a sample of
//    the new run, both timed in the page.
// 2. A fast-streaming run (STREAM_BATCH_MS): samples/s that reach the page over the WebSocket, the
//    page's frame rate meanwhile, and the server's CPU and memory.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { median } from '../analysis/stats.ts';
import { CHROMIUM_ARGS, chromiumPath, POINTS_ON_SLIDE } from '../server/chromium.ts';
import { startServer, stopServer } from '../server/util/serve-process.ts';
import { newestPair } from '../server/runtimes/resolve.ts';

/** Batches this short make one driver stream well over 10,000 samples/s of nine series here. */
export const STREAM_BATCH_MS = 0.05;
const STREAM_WINDOW_MS = 8000;

export interface LiveResult {
  firstSampleMs: number[];
  stream: { batchMs: number; seconds: number; samplesPerS: number; fps: number; p95FrameMs: number; serverCpuPct: number; serverRssMiB: number };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** utime+stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks; USER_HZ is 100 on Linux
}

const rssMiB = (pid: number) => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function openDeck(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/call-overhead-live`);
  await page.waitForFunction(() => (window as unknown as { ffiCorners?: { ws?: { status: string } } }).ffiCorners?.ws?.status === 'open');
}

export async function benchLive(): Promise<LiveResult> {
  const results = mkdtempSync(join(tmpdir(), 'ffi-corners-bench-live-'));
  const server = await startServer([], { FFI_CORNERS_RESULTS: results });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const firstSampleMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      log(`Run to first sample drawn, try ${i + 1}/3`);
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await openDeck(page, server.url);
      // The click's own timestamp, and the first animation frame after it whose chart draws the
      // samples of the new run: the store shows a running record with samples, and the slide's chart
      // holds exactly that many points (fewer than 1,500 per series are drawn unthinned).
      await page.evaluate(`(() => {
        const points = () => ${POINTS_ON_SLIDE};
        const slide = window.Reveal.getCurrentSlide();
        const src = { experiment: 'call-overhead', runtime: slide.dataset.selectedRuntime };
        const drawnFromRun = () => {
          const shown = window.ffiCorners.store.get(src);
          if (!shown || !shown.running) return false;
          const total = Object.values(shown.record.samples).reduce((n, v) => n + v.length, 0);
          return total > 0 && points() === total;
        };
        window.__first = new Promise((resolve) => {
          document.addEventListener('click', (e) => {
            if (!e.target.closest('.run-bar button.run')) return;
            const clickAt = e.timeStamp;
            const frame = (t) => (drawnFromRun() ? resolve(t - clickAt) : requestAnimationFrame(frame));
            requestAnimationFrame(frame);
          }, { capture: true, once: true });
        });
      })()`);
      await page.locator('section.present .run-bar button.run').click();
      firstSampleMs.push(Math.round((await page.evaluate('window.__first', undefined)) as number));
      await page.locator('section.present .run-bar button.cancel').click();
      await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('section.present .run-bar button.run')!.disabled);
      await context.close();
    }

    log(`streaming: call-overhead with batch_ms=${STREAM_BATCH_MS} for ${STREAM_WINDOW_MS / 1000} s`);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await openDeck(page, server.url);
    // A string, not a function: tsx's helpers (e.g. __name for inner functions) do not exist in the page.
    await page.evaluate(`(() => {
      window.__live = { samples: 0, frames: [] };
      window.ffiCorners.ws.addEventListener('job', (e) => {
        const d = e.detail && e.detail.data;
        if (d && d.type === 'samples') for (const v of Object.values(d.data)) window.__live.samples += v.length;
      });
      const tick = (t) => { window.__live.frames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.ffiCorners.ws.send({ type: 'run', experiment: 'call-overhead', runtime: '${(await newestPair()).gil}', params: { samples: 20000, warmups: 0, batch_ms: ${STREAM_BATCH_MS} } });
    })()`);
    // Measure a 10 s window once samples flow.
    await page.waitForFunction(() => (window as unknown as { __live: { samples: number } }).__live.samples > 0, undefined, { timeout: 60_000 });
    const pid = server.proc.pid!;
    const start = (await page.evaluate(() => {
      const l = (window as unknown as { __live: { samples: number; frames: number[] } }).__live;
      return { samples: l.samples, frames: l.frames.length, t: performance.now() };
    })) as { samples: number; frames: number; t: number };
    const cpu0 = cpuSeconds(pid);
    const wall0 = Date.now();
    await page.waitForTimeout(STREAM_WINDOW_MS);
    const cpu1 = cpuSeconds(pid);
    const wallS = (Date.now() - wall0) / 1000;
    const end = (await page.evaluate(() => {
      const l = (window as unknown as { __live: { samples: number; frames: number[] } }).__live;
      return { samples: l.samples, frames: l.frames, t: performance.now() };
    })) as { samples: number; frames: number[]; t: number };
    const frames = end.frames.slice(start.frames);
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!).sort((a, b) => a - b);
    const seconds = (end.t - start.t) / 1000;
    const stream = {
      batchMs: STREAM_BATCH_MS,
      seconds,
      samplesPerS: (end.samples - start.samples) / seconds,
      fps: frames.length / seconds,
      p95FrameMs: gaps[Math.floor(gaps.length * 0.95)] ?? 0,
      serverCpuPct: ((cpu1 - cpu0) / wallS) * 100,
      serverRssMiB: rssMiB(pid),
    };
    await page.evaluate(() => (window as unknown as { ffiCorners: { ws: { send(m: unknown): boolean } } }).ffiCorners.ws.send({ type: 'cancel' }));
    await context.close();
    return { firstSampleMs, stream };
  } finally {
    await browser.close();
    await stopServer(server);
    rmSync(results, { recursive: true, force: true });
  }
}

export function renderLive(l: LiveResult): string[] {
  const s = l.stream;
  return [
    '## Live feel: the real server, real drivers, the deck in Chromium',
    '',
    '| what | measured | bar (docs/design.md) | |',
    '|---|---:|---:|:---:|',
    `| Run pressed on the call-overhead slide → first sample drawn (median of ${l.firstSampleMs.length}: ${l.firstSampleMs.map((m) => `${m} ms`).join(', ')}) | ${median(l.firstSampleMs).toFixed(0)} ms | < 1000 ms | ${median(l.firstSampleMs) < 1000 ? 'met' : 'missed'} |`,
    `| samples/s reaching the page (call-overhead, nine bindings, batch_ms=${s.batchMs}, ${s.seconds.toFixed(1)} s window) | ${s.samplesPerS.toFixed(0)} | 10,000 | ${s.samplesPerS >= 10000 ? 'met' : 'missed'} |`,
    `| the page's frame rate meanwhile (95th percentile frame ${s.p95FrameMs.toFixed(1)} ms) | ${s.fps.toFixed(1)} fps | ≥ 30 fps | ${s.fps >= 30 ? 'met' : 'missed'} |`,
    `| server CPU while streaming (one core = 100%) / server RSS | ${s.serverCpuPct.toFixed(0)}% / ${s.serverRssMiB.toFixed(0)} MiB | — | |`,
    '',
    'The first-sample time is taken in the page: from the click event\'s timestamp to the first animation frame whose chart',
    'holds a sample of the new run. Between them: the WebSocket message, the server spawning the driver (interpreter,',
    'imports of nine bindings, meta), calibration, five warm-up rounds, the first measured round, and the render.',
    'While streaming, the driver, the server and Chromium share the machine\'s two cores.',
    '',
  ];
}
