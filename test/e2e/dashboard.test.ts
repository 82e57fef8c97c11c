// The built CLI's dashboard (dist/cli.js, `npm run build`): the bundler embeds uPlot and the page's
// script and style, and the page equals the one rendered from source.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { generateDashboard } from '../../src/dashboard/generateDashboard.js';
import { generateStoreFiles, REALISTIC_EVENTS, SEED_CONFIGS, writeStoreFiles } from '../support/historyFixture.js';
import { freshCliEntry } from '../support/freshDist.js';

const execFileP = promisify(execFile);
const CLI = freshCliEntry();

describe('dashboard from the built CLI', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lpg-e2e-dash-'));
    const files = generateStoreFiles({ commits: 40, configs: SEED_CONFIGS, keep: 3, events: REALISTIC_EVENTS });
    await writeStoreFiles(path.join(tmp, 'store'), files);
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('writes the same self-contained page as the source does', async () => {
    const { stdout } = await execFileP(process.execPath, [
      CLI,
      'dashboard',
      '--store',
      path.join(tmp, 'store'),
      '--out',
      path.join(tmp, 'built'),
    ]);
    assert.match(stdout, /6 charts, 40 commits/);
    const built = await readFile(path.join(tmp, 'built/index.html'), 'utf8');
    assert.match(built, /\/\*! https:\/\/github\.com\/leeoniya\/uPlot \(v1\.6\.\d+\) \*\//, 'uPlot is inlined');
    const source = await generateDashboard({ storeDir: path.join(tmp, 'store'), outDir: path.join(tmp, 'source') });
    const stamp = (html: string) => html.replace(/generated [\d-]+ [\d:]+ UTC/, 'generated …');
    assert.equal(stamp(built), stamp(await readFile(source.file, 'utf8')));
  });
});
