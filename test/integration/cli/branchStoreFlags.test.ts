// `run --baseline-store branch --save-baseline` and `compare --baseline-store branch` in process,
// against a local bare repository with the real git CLI; the synthetic command engine makes the runs.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliInProcess } from '../../support/cliInProcess.js';
import { createBareRepo, type BareRepo } from '../../support/bareRepo.js';

const CONFIG = path.resolve('fixtures/action/fake-engine.perf-gate.yml');

const cli = (args: string[], env: Record<string, string> = {}) =>
  cliInProcess(args, { cwd: os.tmpdir(), env: { ...process.env, NO_COLOR: '1', ...env } });

describe('CLI --baseline-store branch', () => {
  let repo: BareRepo;
  let tmp: string;
  before(async () => {
    repo = await createBareRepo();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lpg-cli-store-'));
  });
  after(async () => {
    await repo.remove();
    await rm(tmp, { recursive: true, force: true });
  });

  it('saves runs with run --save-baseline and compares against them', async () => {
    const store = ['--baseline-store', 'branch', '--store-remote', repo.url];
    for (let i = 1; i <= 2; i++) {
      const r = await cli(
        ['run', '--config', CONFIG, '--out', path.join(tmp, `r${i}.json`), '--quiet', ...store, '--save-baseline'],
        {
          FAKE_ENGINE_SEED: String(i),
        },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`run: saved to the baseline of main in perf-data \\(${i} run\\(s\\) kept`));
    }
    const c = await cli(['compare', '--candidate', path.join(tmp, 'r2.json'), ...store, '--format', 'markdown']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, /compare: baseline: 2 run\(s\) of main from git branch perf-data/);
    const other = await cli([
      'compare',
      '--candidate',
      path.join(tmp, 'r2.json'),
      ...store,
      '--baseline-branch',
      'release',
    ]);
    assert.equal(other.code, 0);
    assert.match(other.stderr, /compare: no baseline: no runs of this config on "release"/);
  });

  it('says what is wrong with the flags, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['compare', '--candidate', 'x.json', '--baseline-store', 'cache'], /--baseline-store must be "branch"/],
      [['compare', '--candidate', 'x.json', '--baseline', 'a.json', '--baseline-store', 'branch'], /not both/],
      [
        ['run', '--config', CONFIG, '--out', 'o.json', '--save-baseline'],
        /--save-baseline needs --baseline-store branch/,
      ],
      [
        ['run', '--config', CONFIG, '--out', 'o.json', '--store-remote', repo.url],
        /--store-remote only applies with --baseline-store branch/,
      ],
      [
        [
          'run',
          '--config',
          CONFIG,
          '--out',
          'o.json',
          '--baseline-store',
          'branch',
          '--store-remote',
          `${repo.url}-gone`,
        ],
        /run: cannot fetch branch "perf-data"/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
