// Screenshots of the dashboard for docs/history.md, from the realistic fixture (the seed study's six
// configs over 120 commits): the page with the cursor on gpt2-fp16's regression, and the study view.
// Usage: npx tsx scripts/dashboard-screenshots.ts --out docs/img
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDashboard } from '../src/dashboard/generateDashboard.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { generateStoreFiles, REALISTIC_EVENTS, SEED_CONFIGS, writeStoreFiles } from '../test/support/historyFixture.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/img' } } });
const outDir = path.resolve(values.out!);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'lpg-shots-'));
const b = await launchBrowser();
try {
  const store = path.join(tmp, 'store');
  const spec = {
    commits: 120,
    configs: SEED_CONFIGS,
    keep: 5,
    events: REALISTIC_EVENTS,
    repository: 'https://github.com/acme/llm',
  };
  await writeStoreFiles(store, generateStoreFiles(spec));
  const out = await generateDashboard({
    storeDir: store,
    outDir: path.join(tmp, 'site'),
    now: new Date('2025-02-05T12:00:00Z'),
  });
  const page = await b.browser.newPage();
  await page.setViewport({ width: 1100, height: 860 });
  await page.goto(pathToFileURL(out.file).href, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]');
  // The cursor on the regression (commit 40 of 120; points are evenly spaced in time).
  const over = (await page.$('#s0c1 .chart[data-kind="tok"] .u-over'))!;
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + (box.width * 40) / (spec.commits - 1), box.y + box.height * 0.8);
  await mkdir(outDir, { recursive: true });
  await page.screenshot({ path: path.join(outDir, 'dashboard.png') });
  const study = (await page.$('#study'))!;
  await study.scrollIntoView();
  await study.screenshot({ path: path.join(outDir, 'dashboard-study.png') });
  console.log(`wrote ${path.join(values.out!, 'dashboard.png')} and ${path.join(values.out!, 'dashboard-study.png')}`);
} finally {
  await b.close();
  await rm(tmp, { recursive: true, force: true });
}
