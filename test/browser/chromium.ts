import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';

/** Debian's Chromium (apt package `chromium`), or CHROMIUM_PATH; playwright cannot download a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable && process.env.CI) {
  // CI installs Chromium (.ci/run); a browser test silently skipped there would be a lie.
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium or set CHROMIUM_PATH`);
}

export const SKIP_REASON = `skipped: Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium package or set CHROMIUM_PATH)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // The machine's network is closed: without these, Chromium keeps trying to reach Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * How long a browser step waits for its condition: up to just under jest's own test timeout
 * (jest.config.js), not playwright's default 30 s, which is sized on a quiet machine. On the
 * shared CI machine nine tablets loading at once have taken longer than that.
 */
const STEP_PATIENCE = 240_000;

/** A new browser context (one device) whose steps wait for their condition as long as a test may run. */
export async function openContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(STEP_PATIENCE);
  context.setDefaultNavigationTimeout(STEP_PATIENCE);
  return context;
}
