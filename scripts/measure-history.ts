// Figures for docs/history.md, measured here (on whatever machine runs it):
//   1. store size at 10,000 commits × 50 configs: files, bytes, largest file, and the packed size
//      of the branch's tip (what a `git clone --depth 1` of the data branch downloads);
//   2. the dashboard at 1,000 commits × 100 configs: generation time, page size, and in headless
//      Chromium the load time to the first drawn charts, the time to draw every card by scrolling
//      through, and a filter's response time (median of --repeat page loads).
// Usage: npx tsx scripts/measure-history.ts [--repeat 5]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { generateDashboard } from '../src/dashboard/generateDashboard.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { generateStoreFiles, manyConfigs, writeStoreFiles } from '../test/support/historyFixture.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' } } });
const repeat = Number(values.repeat);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'lpg-measure-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

async function storeSize(): Promise<void> {
  const started = performance.now();
  const files = generateStoreFiles({ commits: 10_000, configs: manyConfigs(50), keep: 5 });
  const genMs = performance.now() - started;
  const dir = path.join(tmp, 'store-10k');
  await writeStoreFiles(dir, files);
  const sizes = [...files].map(([p, t]) => [p, Buffer.byteLength(t)] as const);
  const total = sizes.reduce((s, [, b]) => s + b, 0);
  const [largestPath, largest] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
  const git = (...a: string[]) => run('git', ['-C', dir, ...a], { maxBuffer: 1 << 26 });
  await git('init', '--quiet');
  await git('add', '.');
  await git('-c', 'user.name=m', '-c', 'user.email=m@example.com', 'commit', '--quiet', '-m', 'tip');
  await git('gc', '--quiet', '--aggressive');
  const pack = /size-pack: (\d+)/.exec((await git('count-objects', '-v')).stdout)?.[1];
  console.log(
    `store, 10,000 commits × 50 configs (K = 5): ${files.size} files, ${mb(total)}; largest ${largestPath} ` +
      `${(largest / 1024).toFixed(0)} KiB; packed tip ${mb(Number(pack) * 1024)} (generated in ${(genMs / 1000).toFixed(1)} s)`,
  );
}

async function dashboardLoad(): Promise<void> {
  const store = path.join(tmp, 'store-1k');
  await writeStoreFiles(store, generateStoreFiles({ commits: 1000, configs: manyConfigs(100), keep: 5 }));
  const started = performance.now();
  const out = await generateDashboard({ storeDir: store, outDir: path.join(tmp, 'site') });
  const genMs = performance.now() - started;
  console.log(`dashboard, 1,000 commits × 100 configs: page ${mb(out.bytes)}, generated in ${genMs.toFixed(0)} ms`);
  const b = await launchBrowser();
  const load: number[] = [];
  const script: number[] = [];
  const scroll: number[] = [];
  const filter: number[] = [];
  try {
    for (let i = 0; i < repeat; i++) {
      const page = await b.browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const t0 = performance.now();
      await page.goto(pathToFileURL(out.file).href, { waitUntil: 'load' });
      await page.waitForSelector('html[data-ready]');
      load.push(performance.now() - t0);
      script.push((await page.evaluate('window.__lpg.readyMs')) as number);
      const t1 = performance.now();
      await page.evaluate(
        `(async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) { window.scrollTo(0, y); await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))); } })()`,
      );
      await page.waitForFunction('window.__lpg.built() === 100');
      scroll.push(performance.now() - t1);
      const t2 = performance.now();
      await page.type('#f-name', 'model-03');
      await page.waitForFunction(`document.getElementById('f-count').textContent === '10 of 100 charts'`);
      filter.push(performance.now() - t2);
      await page.close();
    }
  } finally {
    await b.close();
  }
  const f = (xs: number[]) =>
    `${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
  console.log(`  load to first charts: ${f(load)}; page script until ready: ${f(script)}`);
  console.log(`  scroll through, all 100 cards drawn: ${f(scroll)}; name filter typed (8 keys): ${f(filter)}`);
  console.log(
    `  median of ${repeat} page loads in headless Chromium (${os.cpus().length} cores: ${os.cpus()[0]?.model ?? '?'})`,
  );
}

try {
  await storeSize();
  await dashboardLoad();
} finally {
  await rm(tmp, { recursive: true, force: true });
}
