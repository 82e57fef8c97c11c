// `llm-perf-gate dashboard` on folders: a data-branch checkout with a broken shard still renders
// (the shard is reported), a folder that is not a data branch is a usage error.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliInProcess } from '../../support/cliInProcess.js';
import { generateStoreFiles, SEED_CONFIGS, writeStoreFiles } from '../../support/historyFixture.js';

const cli = (args: string[]) => cliInProcess(args);

describe('llm-perf-gate dashboard', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lpg-dash-cli-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('renders a store with a broken shard, naming the shard it skipped', async () => {
    const store = path.join(tmp, 'store');
    const files = generateStoreFiles({
      commits: 30,
      configs: SEED_CONFIGS,
      keep: 3,
      limits: { maxBytes: 8000, maxRecords: 10 },
    });
    await writeStoreFiles(store, files);
    const broken = [...files.keys()].find((f) => f.endsWith('000001.json'))!;
    await writeFile(path.join(store, broken), '{"format":"llm-perf-gate.history"');
    const r = await cli(['dashboard', '--store', store, '--out', path.join(tmp, 'site'), '--title', 'Nightly <perf>']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /6 charts, 20 commits/);
    assert.match(r.stdout, /store: \d+ files, [\d.]+ MB, largest /);
    assert.match(r.stderr, new RegExp(`dashboard: ${broken.replace(/[.]/g, '\\.')} was skipped: .*not JSON`));
    const html = await readFile(path.join(tmp, 'site/index.html'), 'utf8');
    assert.match(html, /<title>Nightly &lt;perf&gt;<\/title>/);
  });

  it('refuses a folder that is not a data branch, and bad options, with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['dashboard', '--store', tmp + '/nothing', '--out', tmp], /is not a checkout of an llm-perf-gate data branch/],
      [['dashboard', '--out', tmp], /--store is required/],
      [['dashboard', '--store', tmp, '--out', tmp, '--max-commits', '0'], /--max-commits expects a whole number/],
      [
        ['dashboard', '--store', tmp, '--out', tmp, '--repository', 'acme/llm'],
        /--repository expects an http\(s\) URL/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
