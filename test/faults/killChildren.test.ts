// kill -9 of each kind of child process during a real run (issue 15): the command engine's
// program, the transformers harness, the isolated onnxruntime child and the nvidia-smi sampling
// loop. The run goes on: the config whose process died fails with a message naming SIGKILL (or,
// for telemetry, the sampler's error is recorded and the config stands); every other process of
// the run is gone at the end, and no temporary folder is left.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseResult } from '../../src/result/readResult.ts';
import type { ResultDoc } from '../../src/result/schema.ts';
import {
  cleanup,
  listFiles,
  processesWithMarker,
  ROOT,
  startCli,
  survivors,
  type CliRun,
} from '../support/cliProcess.ts';
import { FAKE_NVIDIA_SMI, NVIDIA_SMI_FIXTURES } from '../support/nvidiaSmiFixtures.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'lpg-kill9-'));
after(() => rmSync(work, { recursive: true, force: true }));
const FAKE = path.join(ROOT, 'fixtures/engines/fake-subprocess.mjs');
const MODEL = path.join(ROOT, 'fixtures/models/gpt2-tiny/model_fp32.onnx');

/** The run's process whose command line matches `re` (waits for it to appear). */
async function findChild(run: CliRun, re: RegExp): Promise<number> {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    for (const pid of processesWithMarker(run.marker)) {
      let cmd: string;
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue; // Gone meanwhile (a short-lived probe).
      }
      if (re.test(cmd) && pid !== run.child.pid) return pid;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return assert.fail(`no child matching ${re}:\n${run.stderr()}`);
}

/** `exitCode`: 1 where a config failed (the gate fails closed), 0 where every config stands. */
async function finish(run: CliRun, out: string, exitCode: 0 | 1): Promise<ResultDoc> {
  const exit = await run.exited;
  assert.equal(exit.code, exitCode, run.stderr());
  assert.deepEqual(await survivors(run.marker), [], 'processes survived');
  assert.deepEqual(
    listFiles(run.tmp).filter((f) => f !== 'llm-perf-gate-locks' && !f.startsWith('tsx-')),
    [],
    'temporary files were left behind',
  );
  cleanup(run);
  return parseResult(readFileSync(out, 'utf8'), out);
}

function writeConfig(name: string, benchmarks: string): string {
  const file = path.join(work, `${name}.yml`);
  writeFileSync(file, `protocol: { iterations: 3, max_new_tokens: 5, prompt_tokens: 4 }\nbenchmarks:\n${benchmarks}`);
  return file;
}

describe('kill -9 of a child process', { timeout: 180_000 }, () => {
  const cases: { name: string; benchmark: string; target: RegExp }[] = [
    {
      name: 'the command engine program',
      benchmark: `    engine: command
    options: { run: ['${process.execPath}', '${FAKE}', 'victim'], env: { FAKE_MODE: slow, FAKE_ITER_MS: '300' } }
    protocol: { iterations: 200 }`,
      target: /fake-subprocess\.mjs victim/,
    },
    {
      name: 'the transformers harness',
      benchmark: `    engine: transformers
    options: { model: gpt2, python: '${process.execPath}', device: cpu }
    protocol: { iterations: 200 }`,
      target: /fake-subprocess\.mjs --request/,
    },
    {
      name: 'the isolated onnxruntime child',
      benchmark: `    engine: onnxruntime
    options: { model: '${MODEL}', provider: cpu, intra_op_threads: 1 }
    protocol: { iterations: 5000, max_new_tokens: 20 }`,
      target: /__engine-round/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: that config fails naming SIGKILL, the other one stands`, async () => {
      const config = writeConfig(
        c.name.replace(/\W+/g, '-'),
        `  - name: quick\n    engine: command\n    options: { run: ['${process.execPath}', '${FAKE}'], env: { FAKE_MODE: good } }\n  - name: victim\n${c.benchmark}\n`,
      );
      const out = path.join(work, `${c.name.replace(/\W+/g, '-')}.json`);
      const run = startCli(['run', '--config', config, '--out', out], {
        cwd: work,
        env: { LLM_PERF_GATE_HARNESS: FAKE, FAKE_MODE: 'slow', FAKE_ITER_MS: '300' },
      });
      const pid = await findChild(run, c.target);
      await new Promise((r) => setTimeout(r, 500));
      process.kill(pid, 'SIGKILL');
      const doc = await finish(run, out, 1);
      assert.match(run.stderr(), /gate: victim: failed: crash/);
      const [quick, victim] = doc.benchmarks;
      assert.equal(quick?.status, 'ok');
      assert.equal(victim?.status, 'failed');
      assert.equal(victim?.error?.kind, 'crash');
      assert.match(victim?.error?.message ?? '', /killed by SIGKILL/);
    });
  }

  it('the nvidia-smi sampling loop: the error is recorded, the config stands', async () => {
    // A fake nvidia-smi on PATH replaying a recorded H100 whose loop never ends by itself.
    const bin = path.join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'nvidia-smi'), `#!/bin/sh\nexec '${process.execPath}' '${FAKE_NVIDIA_SMI}' "$@"\n`);
    chmodSync(path.join(bin, 'nvidia-smi'), 0o755);
    const config = writeConfig(
      'gpu',
      `  - name: gpu\n    engine: transformers\n    options: { model: gpt2, python: '${process.execPath}', device: cuda }\n    protocol: { iterations: 15 }\n`,
    );
    const out = path.join(work, 'gpu.json');
    const run = startCli(['run', '--config', config, '--out', out], {
      cwd: work,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_NVIDIA_SMI_DIR: path.join(NVIDIA_SMI_FIXTURES, 'h100-normal'),
        LLM_PERF_GATE_HARNESS: FAKE,
        FAKE_MODE: 'slow',
        FAKE_ITER_MS: '200',
      },
    });
    const pid = await findChild(run, /fakeNvidiaSmi\.mjs .*-lms/);
    process.kill(pid, 'SIGKILL');
    const doc = await finish(run, out, 0);
    const b = doc.benchmarks[0]!;
    assert.equal(b.status, 'ok', b.error?.message);
    assert.equal(b.iterations.length, 15);
    assert.match(JSON.stringify(b.telemetry), /sampling loop exited early \(SIGKILL\)/);
  });
});
