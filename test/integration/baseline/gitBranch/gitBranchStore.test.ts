// The git-branch store against a real local bare repository through the real git CLI: first save
// creates the branch, the window keeps K raw runs while every commit stays in the history, loads
// prefer the candidate's environment, concurrent saves all land without a force push, and an
// unreachable remote is "unavailable", never a crash.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { GitBranchStore } from '../../../../src/baseline/gitBranch/gitBranchStore.js';
import { decodeShard, parseShard } from '../../../../src/baseline/gitBranch/shards.js';
import type { ResultDoc } from '../../../../src/result/schema.js';
import { runDoc } from '../../../support/actionDocs.js';
import { createBareRepo, type BareRepo } from '../../../support/bareRepo.js';

const execFileP = promisify(execFile);
const fast = { backoffMs: () => 20 + Math.random() * 80 };

function commitRun(i: number, opts: { env?: string; e2eMs?: number; sha?: string } = {}): ResultDoc {
  const doc = runDoc({
    id: `run-${i}-${opts.env ?? 'envA'}`,
    startedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(),
    envHash: opts.env ?? 'envA',
    names: ['gpt2 fp16', 'gpt2 int8'],
    e2eMs: opts.e2eMs ?? 100 + (i % 3),
  });
  return {
    ...doc,
    run: { ...doc.run, git: { sha: opts.sha ?? i.toString(16).padStart(40, 'c'), ref: 'refs/heads/main' } },
  };
}

const query = (keep = 3, environmentHash?: string) => ({
  configHash: 'cfg1',
  branch: 'main',
  keep,
  ...(environmentHash ? { environmentHash } : {}),
});

async function tree(repo: BareRepo, branch = 'perf-data'): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await repo.git('ls-tree', '-r', '-l', branch)).trim().split('\n')) {
    const m = /^\d+ blob [0-9a-f]+\s+(\d+)\t(.+)$/.exec(line);
    if (m) out.set(m[2]!, Number(m[1]));
  }
  return out;
}

async function records(repo: BareRepo, dir: string) {
  const files = [...(await tree(repo)).keys()].filter((p) => p.startsWith(dir)).sort();
  const shards = await Promise.all(
    files.map(async (f) => decodeShard(parseShard(await repo.git('show', `perf-data:${f}`), f), f)),
  );
  return shards.flat();
}

describe('GitBranchStore against a local bare repository', () => {
  let repo: BareRepo;
  before(async () => {
    repo = await createBareRepo();
  });
  after(async () => repo.remove());

  it('reports a missing branch as "no baseline yet" and an unreachable remote as unavailable', async () => {
    const none = await new GitBranchStore({ remote: repo.url }).load(query());
    assert.deepEqual([none.runs.length, none.unavailable], [0, undefined]);
    assert.match(none.note ?? '', /branch "perf-data" does not exist yet/);
    const gone = await new GitBranchStore({ remote: `${repo.url}-missing` }).load(query());
    assert.equal(gone.unavailable, true);
    assert.match(gone.note ?? '', /cannot fetch branch "perf-data"/);
    const save = await new GitBranchStore({ remote: `${repo.url}-missing` }).save(query(), [commitRun(0)]);
    assert.equal(save.saved, false);
  });

  it('keeps the newest K raw runs and a history record for every saved commit', async () => {
    const store = new GitBranchStore({ remote: repo.url, repository: 'https://github.com/acme/llm', ...fast });
    for (let i = 1; i <= 7; i++) {
      const saved = await store.save(query(), [commitRun(i, { e2eMs: i === 6 ? 150 : 100 + (i % 3) })]);
      assert.equal(saved.saved, true, saved.note);
      assert.equal(saved.kept, Math.min(i, 3));
    }
    const files = await tree(repo);
    const raw = [...files.keys()].filter((p) => p.startsWith('runs/cfg1/main/envA/'));
    assert.equal(raw.length, 3);
    assert.ok(files.has('llm-perf-gate.json') && files.has('README.md'));
    assert.match(
      await repo.git('show', 'perf-data:llm-perf-gate.json'),
      /"repository": "https:\/\/github.com\/acme\/llm"/,
    );
    const history = await records(repo, 'history/cfg1/main/envA/');
    assert.equal(history.length, 7);
    assert.deepEqual(
      history.map((r) => r.commit?.slice(0, 2)),
      ['cc', 'cc', 'cc', 'cc', 'cc', 'cc', 'cc'],
    );
    const fp16 = history.map((r) => r.configs.find((c) => c.name === 'gpt2 fp16')!);
    assert.equal(fp16[0]!.verdict, 'new');
    assert.deepEqual(fp16[0]!.metrics.e2e_tok_s?.slice(1), [null, null], 'one run: no between-run interval');
    // The 1.5x slower commit: its centre drops by a third and it is not called unchanged.
    assert.ok(Math.abs(fp16[5]!.metrics.e2e_tok_s![0] / fp16[4]!.metrics.e2e_tok_s![0] - 100 / 150) < 0.02);
    assert.ok(['inconclusive', 'regression'].includes(fp16[5]!.verdict), fp16[5]!.verdict);
    const [centre, lo, hi] = fp16[3]!.metrics.e2e_tok_s!;
    assert.ok(
      lo !== null && hi !== null && lo < centre && centre < hi,
      'window of 3 runs: an interval around the centre',
    );
    assert.deepEqual([fp16[3]!.window, fp16[3]!.runs, fp16[3]!.n], [3, 1, 2]);
    const loaded = await store.load(query());
    assert.deepEqual(
      loaded.runs.map((r) => r.run.id),
      ['run-7-envA', 'run-6-envA', 'run-5-envA'],
    );
    assert.match(loaded.source ?? '', /^git branch perf-data \(runs\/cfg1\/main\/envA, [0-9a-f]{7}\)$/);
  });

  it('prefers the candidate environment, else the environment with the newest run', async () => {
    const store = new GitBranchStore({ remote: repo.url, ...fast });
    assert.equal((await store.save(query(), [commitRun(20, { env: 'envB' })])).saved, true);
    const b = await store.load(query(3, 'envB'));
    assert.deepEqual(
      b.runs.map((r) => r.environment.hash),
      ['envB'],
    );
    const a = await store.load(query(3, 'envA'));
    assert.equal(a.runs.length, 3);
    assert.ok(a.runs.every((r) => r.environment.hash === 'envA'));
    const other = await store.load(query(3, 'envC'));
    assert.deepEqual(
      other.runs.map((r) => r.run.id),
      ['run-20-envB'],
      'no runs of envC: the newest environment, for the fingerprint policy to judge',
    );
  });

  it('a re-run of the same commit replaces its record and keeps both runs', async () => {
    const store = new GitBranchStore({ remote: repo.url, ...fast });
    const sha = 'ab'.repeat(20);
    await store.save(query(5, 'envB'), [commitRun(21, { env: 'envB', sha })]);
    await store.save(query(5, 'envB'), [commitRun(22, { env: 'envB', sha })]);
    const history = await records(repo, 'history/cfg1/main/envB/');
    assert.deepEqual(
      history.map((r) => [r.commit?.slice(0, 4), r.run_ids.length]),
      [
        ['cccc', 1],
        ['abab', 2],
      ],
    );
    assert.equal(history[1]!.configs[0]!.runs, 2);
  });

  it('reports a corrupt raw run and leaves it alone', async () => {
    const clone = await createBareRepo();
    try {
      const store = new GitBranchStore({ remote: clone.url, ...fast });
      await store.save(query(), [commitRun(1)]);
      // Write a broken file into the series with plain git, as a person editing the branch might.
      const work = await mkdtemp(path.join(os.tmpdir(), 'lpg-edit-'));
      const git = (...a: string[]) => execFileP('git', ['-C', work, ...a]);
      await git('clone', '--quiet', '--branch', 'perf-data', clone.url, '.');
      await writeFile(path.join(work, 'runs/cfg1/main/envA/2025-01-01T00-00-00-000Z_broken.json'), '{"format":');
      await git('add', '.');
      await git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'broken');
      await git('push', '--quiet', 'origin', 'perf-data');
      const loaded = await store.load(query());
      assert.equal(loaded.runs.length, 1);
      assert.match(loaded.problems.join('\n'), /_broken\.json is unreadable and was ignored/);
      assert.equal((await store.save(query(), [commitRun(2)])).saved, true);
      assert.ok((await tree(clone)).has('runs/cfg1/main/envA/2025-01-01T00-00-00-000Z_broken.json'));
      await rm(work, { recursive: true, force: true });
    } finally {
      await clone.remove();
    }
  });

  it('concurrent saves from separate jobs all land, each replayed on the newer tip, never forced', async () => {
    const shared = await createBareRepo();
    try {
      const jobs = Array.from({ length: 6 }, (_, i) =>
        new GitBranchStore({ remote: shared.url, ...fast }).save(query(4), [commitRun(100 + i)]),
      );
      const saved = await Promise.all(jobs);
      assert.ok(
        saved.every((s) => s.saved),
        saved.map((s) => s.note).join('\n'),
      );
      assert.ok(
        saved.some((s) => !/attempt 1$/.test(s.note ?? '')),
        'at least one job had to replay its save',
      );
      const history = await records(shared, 'history/cfg1/main/envA/');
      assert.deepEqual(history.map((r) => r.run_ids[0]).sort(), jobs.map((_, i) => `run-${100 + i}-envA`).sort());
      const raw = [...(await tree(shared)).keys()].filter((p) => p.startsWith('runs/'));
      assert.deepEqual(
        raw.map((p) => p.replace(/^.*_/, '')).sort(),
        ['run-102-envA.json', 'run-103-envA.json', 'run-104-envA.json', 'run-105-envA.json'],
        'the window holds the newest K by start time, whatever order the pushes landed in',
      );
      // One linear history: six commits, each on top of the previous (denyNonFastForwards is on).
      assert.equal((await shared.git('rev-list', '--count', 'perf-data')).trim(), '6');
      assert.equal((await shared.git('rev-list', '--merges', '--count', 'perf-data')).trim(), '0');
    } finally {
      await shared.remove();
    }
  });

  it('works against a server without partial clone support', async () => {
    const plain = await createBareRepo({ githubLike: false });
    try {
      const store = new GitBranchStore({ remote: plain.url, ...fast });
      for (let i = 1; i <= 3; i++) assert.equal((await store.save(query(2), [commitRun(i)])).saved, true);
      assert.deepEqual(
        (await store.load(query(2))).runs.map((r) => r.run.id),
        ['run-3-envA', 'run-2-envA'],
      );
    } finally {
      await plain.remove();
    }
  });
});
