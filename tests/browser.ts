// Debian's Chromium for the e2e tests, as the presenter's screen: 1920×1080 at scale 1, and the deck
// opened in it once Reveal is ready. Uncaught page errors are collected for the test to assert none.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../server/chromium.ts';
import { type Served, stopServer } from '../server/util/serve-process.ts';
import { startServer } from './server-client.ts';
import { buildDist, serveDist } from './static-server.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A persistent Chromium profile in `profileDir` with a 1920×1080 window. `bypassCSP` lets a test
 * inject its measuring code as strings into a page served with the server's Content-Security-Policy
 * (tests/stage/measure.ts); the deck's own code never needs it. */
export function launchDeckBrowser(profileDir: string, extra: { acceptDownloads?: boolean; bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, ...extra });
}

/** A new page on `url`, once Reveal is ready; its uncaught errors go to `errors`. */
export async function openDeck(context: BrowserContext, url: string, errors: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
  return page;
}

/** The deck of a test file's session: its address (no trailing slash), its browser, the uncaught page
 * errors collected, and the results folder its server reads. */
export interface DeckSession {
  url: string;
  context: BrowserContext;
  pageErrors: string[];
  results: string;
  /** ffi-corners' own server (with `own`), for a test that stops it. */
  served: Served | null;
}

/** For the calling test file: the built deck served (by ffi-corners' own server, reading a fresh results
 * folder that `prepare` fills first, with `own`; else by a plain static file server) and a Chromium profile
 * of its own, started before its tests and closed after them, when no uncaught page error may be left.
 * `opened` runs once the browser is up: a file's own setup that needs it goes there, since Node does not
 * wait for one top-level `before` hook to end before it starts the next. */
export function deckSession(
  name: string,
  opts: { own?: boolean; prepare?: (results: string) => unknown; opened?: (deck: DeckSession) => unknown } = {},
): DeckSession {
  const deck: DeckSession = { url: '', context: undefined as unknown as BrowserContext, pageErrors: [], results: '', served: null };
  let tmp = '';
  let close = async (): Promise<void> => {};
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), `ffi-corners-${name}-`));
    deck.results = join(tmp, 'results');
    await opts.prepare?.(deck.results);
    await buildDist();
    if (opts.own) {
      const served = await startServer([], { FFI_CORNERS_RESULTS: deck.results });
      deck.served = served;
      deck.url = served.url;
      close = () => stopServer(served);
    } else {
      const served = await serveDist('/');
      deck.url = served.url;
      close = served.close;
    }
    deck.url = deck.url.replace(/\/$/, '');
    deck.context = await launchDeckBrowser(join(tmp, 'profile'));
    await opts.opened?.(deck);
  });
  after(async () => {
    await deck.context?.close();
    await close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    assert.deepEqual(deck.pageErrors, [], 'uncaught errors in the deck');
  });
  return deck;
}
