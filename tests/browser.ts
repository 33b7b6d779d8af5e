// Debian's Chromium for the e2e tests, as the presenter's screen: 1920×1080 at scale 1, and the deck
// opened in it once Reveal is ready. Uncaught page errors are collected for the test to assert none.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../server/chromium.ts';

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
