// Headless Chromium for rendering tests (the report as GitHub shows it, the dashboard): Debian's
// `chromium` package driven by puppeteer-core. Each launch gets a fresh profile and no network
// features, so a test sees only the pages it loads. Tests skip with a clear reason when no browser
// is installed (.ci/run installs one).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser binary: $CHROMIUM_PATH, else Debian's chromium, else undefined. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/**
 * Why browser tests cannot run here, or undefined when they can (for `describe(..., { skip })`).
 * With REQUIRE_BROWSER=1 (CI) they never skip: a missing browser fails them instead.
 */
export function browserSkipReason(): string | undefined {
  if (process.env.REQUIRE_BROWSER === '1' || chromiumPath() !== undefined) return undefined;
  return 'no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)';
}

export interface LaunchedBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined)
    throw new Error('no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)');
  const profile = await mkdtemp(path.join(os.tmpdir(), 'lpg-chromium-'));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
