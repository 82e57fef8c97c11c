// Headless Chromium for rendering tests: Debian's `chromium` driven by puppeteer-core, a fresh
// profile per launch and no background network features. (Interim copy with the same interface as
// the shared launcher h14 is adding at this path; that one replaces this file on merge.)
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export function browserSkipReason(): string | undefined {
  return chromiumPath() === undefined
    ? 'no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)'
    : undefined;
}

export interface LaunchedBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(browserSkipReason());
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
