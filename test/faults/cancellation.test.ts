// Cancellation of real runs (issue 15): SIGTERM and SIGINT at several points, for every engine
// type. Each run must stop within CANCEL_EXIT_BOUND_MS plus the start-up of this machine, write a
// valid result file marked `cancelled` that keeps the configs that finished, leave no process, no
// temporary folder and no partial file, and release the GPU lock.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CANCEL_EXIT_BOUND_MS } from '../../src/process/index.ts';
import { acquireGpuLock } from '../../src/telemetry/gpuLock.ts';
import { parseResult } from '../../src/result/readResult.ts';
import { cleanup, listFiles, ROOT, startCli, survivors, type CliRun } from '../support/cliProcess.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'lpg-cancel-'));
after(() => rmSync(work, { recursive: true, force: true }));

const FAKE = path.join(ROOT, 'fixtures/engines/fake-subprocess.mjs');
const MODEL = path.join(ROOT, 'fixtures/models/gpt2-tiny/model_fp32.onnx');

/** Two configs of one engine: the first quick, the second long enough to be cancelled in. */
const ENGINES: Record<string, (long: boolean) => string> = {
  command: (long) =>
    `engine: command
    options: { run: ['${process.execPath}', '${FAKE}'], env: { FAKE_MODE: slow, FAKE_ITER_MS: '${long ? 300 : 20}' } }
    protocol: { iterations: ${long ? 200 : 3} }`,
  transformers: (long) =>
    `engine: transformers
    options: { model: gpt2, python: '${process.execPath}', device: cuda }
    protocol: { iterations: ${long ? 200 : 3} }`,
  'onnxruntime (child process)': (long) =>
    `engine: onnxruntime
    options: { model: '${MODEL}', provider: cpu, intra_op_threads: 1 }
    protocol: { iterations: ${long ? 5000 : 2}, max_new_tokens: 20 }`,
  'onnxruntime (in-process)': (long) =>
    `engine: onnxruntime
    options: { model: '${MODEL}', provider: cpu, intra_op_threads: 1, isolate: never }
    protocol: { iterations: ${long ? 5000 : 2}, max_new_tokens: 20 }`,
};

function config(engine: string): string {
  const file = path.join(work, `${engine.replace(/\W+/g, '-')}.yml`);
  writeFileSync(
    file,
    `protocol: { iterations: 3, max_new_tokens: 5, prompt_tokens: 4, budget: { max_seconds: 3600 } }
benchmarks:
  - name: quick
    ${ENGINES[engine]!(false)}
  - name: long
    ${ENGINES[engine]!(true)}
`,
  );
  return file;
}

/** The checks every cancelled run must pass. */
async function assertCancelledCleanly(run: CliRun, out: string, sig: NodeJS.Signals, finished: string[]) {
  const sent = Date.now();
  run.child.kill(sig);
  const exit = await run.exited;
  const took = Date.now() - sent;
  // The bound is the program's own deadline; the slack covers a loaded 2-core CI machine.
  assert.ok(took < CANCEL_EXIT_BOUND_MS + 5000, `took ${took} ms to exit:\n${run.stderr()}`);
  assert.equal(exit.code, sig === 'SIGINT' ? 130 : 143, run.stderr());
  assert.deepEqual(await survivors(run.marker), [], 'processes survived the cancellation');
  // Only the shared GPU lock folder may remain (created once per machine), and tsx's compile cache
  // (the test runs the CLI from source); never a lock itself, a holder record, a temp folder or file.
  assert.deepEqual(
    listFiles(run.tmp).filter((f) => f !== 'llm-perf-gate-locks' && !f.startsWith('tsx-')),
    [],
    'temporary files were left behind',
  );
  assert.deepEqual(
    listFiles(path.dirname(out)).filter((f) => f.endsWith('.tmp')),
    [],
  );
  const doc = parseResult(readFileSync(out, 'utf8'), out);
  assert.equal(doc.run.cancelled?.signal, sig);
  assert.deepEqual(
    doc.benchmarks.filter((b) => b.status === 'ok').map((b) => b.name),
    finished,
  );
  for (const b of doc.benchmarks.filter((x) => x.status !== 'ok')) assert.equal(b.error?.kind, 'cancelled');
  assert.ok(run.stderr().includes(`partial results written to ${out}`), run.stderr());
  cleanup(run);
}

describe('cancelling a run', { timeout: 300_000 }, () => {
  for (const engine of Object.keys(ENGINES)) {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      it(`${engine}: ${sig} while the second config measures keeps the first`, async () => {
        const out = path.join(work, `${engine.replace(/\W+/g, '-')}-${sig}`, 'results.json');
        const run = startCli(['run', '--config', config(engine), '--out', out], {
          cwd: work,
          env: { LLM_PERF_GATE_HARNESS: FAKE, FAKE_MODE: 'slow', FAKE_ITER_MS: '300' },
        });
        await run.waitFor(/\[2\/2\] long: starting/);
        // Let the long config's process (and its grandchild) get going.
        await new Promise((r) => setTimeout(r, 1500));
        await assertCancelledCleanly(run, out, sig, ['quick']);
      });
    }
  }

  it('SIGTERM before the first config finishes: nothing kept, still a valid file', async () => {
    const out = path.join(work, 'early', 'results.json');
    const run = startCli(['run', '--config', config('command'), '--out', out], { cwd: work });
    await run.waitFor(/\[1\/2\] quick: starting/);
    await assertCancelledCleanly(run, out, 'SIGTERM', []);
  });
});

describe('cancelling while waiting for the GPU', { timeout: 120_000 }, () => {
  it('stops waiting, writes every config as cancelled and leaves the lock to its holder', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'lpg-fault-tmp-'));
    const lockDir = path.join(tmp, 'llm-perf-gate-locks');
    const held = await acquireGpuLock({ lockDir, timeoutMs: 5000, holderInfo: 'the test' });
    try {
      const out = path.join(work, 'gpu-wait', 'results.json');
      const run = startCli(['run', '--config', config('transformers'), '--out', out], {
        cwd: work,
        tmp,
        env: { LLM_PERF_GATE_HARNESS: FAKE, FAKE_MODE: 'slow', FAKE_ITER_MS: '300' },
      });
      await run.waitFor(/waiting for the GPU, held by the test/);
      run.child.kill('SIGTERM');
      const exit = await run.exited;
      assert.equal(exit.code, 143, run.stderr());
      assert.deepEqual(await survivors(run.marker), []);
      const doc = parseResult(readFileSync(out, 'utf8'), out);
      assert.deepEqual(
        doc.benchmarks.map((b) => b.error?.kind),
        ['cancelled', 'cancelled'],
      );
      // The holder still holds it: the cancelled run removed nothing of another's lock.
      assert.ok(existsSync(path.join(lockDir, 'gpu-0.lock')));
    } finally {
      await held.release();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('npm start', () => {
  it('execs the CLI, so a SIGTERM to npm reaches it instead of orphaning it behind a shell', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    assert.match(pkg.scripts.start, /^exec node dist\/cli\.js run /);
    // The same shape of script, with a stand-in for the CLI that records the signal it gets.
    const dir = mkdtempSync(path.join(work, 'npm-'));
    const got = path.join(dir, 'got');
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'x',
        version: '1.0.0',
        scripts: {
          start: `exec node -e "process.on('SIGTERM', () => { require('fs').writeFileSync('got', 'SIGTERM'); process.exit(143); }); console.log('ready'); setInterval(() => {}, 1000)"`,
        },
      }),
    );
    const { spawn } = await import('node:child_process');
    const npm = spawn('npm', ['start', '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) =>
      npm.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
    );
    npm.kill('SIGTERM');
    await new Promise((r) => npm.on('close', r));
    const end = Date.now() + 5000;
    while (!existsSync(got) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.equal(readFileSync(got, 'utf8'), 'SIGTERM');
  });
});
