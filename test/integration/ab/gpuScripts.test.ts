// The GPU A/B scripts' logic on this machine (no GPU, no PyTorch): the repositories make-repo.sh
// builds (valid configs, heads that change exactly what they claim), how ab-proof.sh and
// ab-record.sh turn a scenario into an `ab` command line (AB_CLI=echo stands in for the CLI), and
// summary.py's line from a real comparison.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../../src/config/loadConfig.ts';
import { execGit } from '../../../src/ab/gitRunner.ts';
import { runAb } from '../../../src/ab/runAb.ts';
import type { WorkerStarter } from '../../../src/ab/workerStarter.ts';

const ROOT = path.resolve('.');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lpg-gpu-scripts-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const sh = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync('bash', args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('scripts/gpu A/B scripts', () => {
  it('make-repo.sh: a valid config per engine, and heads that change only what they say', async () => {
    const slow = path.join(tmp, 'slow');
    sh(['scripts/gpu/ab/make-repo.sh', slow, 'mistral-7b', 'transformers', 'slow', '1.0']);
    const loaded = await loadConfig(path.join(slow, 'perf-gate.yml'));
    const bench = loaded.config.benchmarks[0]!;
    assert.equal(bench.engine, 'transformers');
    assert.deepEqual(
      [bench.options.model, (bench.options as { logits_processor?: string }).logits_processor],
      ['models/mistral-7b', 'decoding/constraints.py:RepoConstraint'],
    );
    assert.equal(
      git(slow, 'diff', 'HEAD~1', 'HEAD', '--unified=0')
        .match(/^[+-][^+-].*$/gm)
        ?.join('\n'),
      '-EXTRA_HOST_MS = 0.0\n+EXTRA_HOST_MS = 1.0',
    );
    const comment = path.join(tmp, 'comment');
    sh(['scripts/gpu/ab/make-repo.sh', comment, 'gpt2', 'command', 'comment']);
    const changed = git(comment, 'diff', 'HEAD~1', 'HEAD', '--unified=0').match(/^[+-][^+-].*$/gm) ?? [];
    assert.equal(changed.length, 2);
    assert.ok(
      changed.every((l) => l.slice(1).startsWith('#')),
      changed.join('\n'),
    );
    assert.equal((await loadConfig(path.join(comment, 'perf-gate.yml'))).config.benchmarks[0]!.engine, 'command');
  });

  it('ab-proof.sh and ab-record.sh: scenario → repository and command line, one summary line each', () => {
    const out = path.join(tmp, 'out');
    const printed = sh(
      ['scripts/gpu/ab-proof.sh', 'gpt2-command-slow20', 'mistral-7b-transformers-comment', 'bogus-x-y'],
      { OUT: out, AB_CLI: 'echo', AB_PACK: '0' },
    );
    assert.match(printed, /^proof-gpt2-command-slow20 \(slow 1\.4 ms\) \| no comparison\.json/m);
    assert.match(printed, /^proof-bogus-x-y \| unknown scenario/m);
    const cmd = readFileSync(path.join(out, 'proof-gpt2-command-slow20/report.stdout'), 'utf8');
    assert.match(cmd, /^ab --config perf-gate\.yml --base main~1 --budget-s 450 --seed 29 --out-dir /);
    assert.match(
      readFileSync(path.join(out, 'proof-mistral-7b-transformers-comment/run.log'), 'utf8'),
      /head: comment, 0 ms/,
    );
    const rec = sh(['scripts/gpu/ab-record.sh', 'gpt2'], { OUT: out, AB_CLI: 'echo', AB_PACK: '0' });
    assert.match(rec, /^record-gpt2 \| no comparison\.json/m);
    assert.match(
      readFileSync(path.join(out, 'record-gpt2/report.stdout'), 'utf8'),
      /^ab --config perf-gate\.yml --base HEAD --workers 3 --trials 40 --block 4 --budget-s 470 --seed 13 --fail-on never/,
    );
  });

  it('summary.py: verdict, change, interval, trials, seconds, stop reason and A/A from comparison.json', async () => {
    const repo = path.join(tmp, 'summary-repo');
    sh(['scripts/gpu/ab/make-repo.sh', repo, 'gpt2', 'command', 'comment']);
    // Workers that answer at once with fixed timings stand in for the GPU program.
    const { startWorker } = await import('../../../src/engines/worker/workerClient.ts');
    const fake: WorkerStarter = (r) =>
      startWorker({
        command: process.execPath,
        args: [path.join(ROOT, 'fixtures/engines/fake-engine.mjs')],
        cwd: repo,
        env: {
          ...process.env,
          LLM_PERF_GATE_REQUEST: path.join(tmp, `req-${r.id}.json`),
          LLM_PERF_GATE_WORKER_ID: r.id,
        },
        label: 'fake',
        config: r.request.name,
        timeoutMs: 60_000,
        warmup: 0,
        cleanup: () => Promise.resolve(),
      });
    for (const id of ['base-1', 'base-2', 'base-3', 'head-1', 'head-2', 'head-3'])
      execFileSync('bash', [
        '-c',
        `echo '{"name":"x","max_new_tokens":20,"batch_size":1,"prompt_tokens":8,"round":0,"warmup":0}' > ${path.join(tmp, `req-${id}.json`)}`,
      ]);
    const outDir = path.join(tmp, 'summary-out');
    await runAb(
      { cwd: repo, config: 'perf-gate.yml', baseRef: 'main~1', outDir, trials: 4, seed: 3 },
      {
        git: execGit(),
        startWorker: fake,
        environment: () => Promise.resolve({ fields: {}, comparable: [], hash: 'x' }),
        tempRoot: tmp,
      },
    );
    // Packed by default: one archive per scenario holding the folder.
    sh(['scripts/gpu/ab-record.sh', 'gpt2'], { OUT: path.join(tmp, 'packed'), AB_CLI: 'echo' });
    assert.match(
      execFileSync('tar', ['-tzf', path.join(tmp, 'packed/record-gpt2.tar.gz')], { encoding: 'utf8' }),
      /record-gpt2\/run\.log/,
    );
    const line = execFileSync('python3', ['scripts/gpu/ab/summary.py', 'proof-x', outDir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.match(
      line,
      /^proof-x \| gpt2 fp16 sdpa \(command\) \| \w+ \| e2e_tok_s [+-]\d+\.\d% \[[^\]]+\] \| 4 trials \| \d+ s \| fixed-trials \| A\/A base /,
    );
  });
});
