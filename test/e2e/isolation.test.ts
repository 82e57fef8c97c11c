// The built CLI with isolated onnxruntime rounds: each round of a config with `isolate: always`
// runs in a child process of dist/cli.js (found from the bundle's own chunk), and a child that
// aborts natively fails its config only; the run still writes its result file.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_ABORT_ENV } from '../../src/engines/isolation/childRound.ts';
import type { ResultDoc } from '../../src/result/schema.ts';
import { freshCliEntry } from '../support/freshDist.js';

const execFileP = promisify(execFile);
const CLI = freshCliEntry();
const MODEL = path.resolve('fixtures/models/gpt2-tiny/model_int4.onnx');

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CLI, ...args], { env, maxBuffer: 16 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lpg-isolation-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('llm-perf-gate run (built) with isolated rounds', () => {
  it('a config whose child aborts is failed, the next config still runs, the result file is written', async () => {
    const config = path.join(tmp, 'perf-gate.yml');
    const options = `{model: ${JSON.stringify(MODEL)}, intra_op_threads: 1, isolate: always}`;
    writeFileSync(
      config,
      `protocol: {warmup: 1, iterations: 2, max_new_tokens: 8}
benchmarks:
  - name: doomed
    engine: onnxruntime
    options: ${options}
  - name: survivor
    engine: onnxruntime
    options: ${options}
`,
    );
    const out = path.join(tmp, 'results.json');
    const r = await cli(['run', '--config', config, '--out', out, '--format', 'json', '--quiet'], {
      ...process.env,
      NO_COLOR: '1',
      [TEST_ABORT_ENV]: 'doomed',
    });
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultDoc;
    assert.deepEqual(
      doc.benchmarks.map((b) => [b.name, b.status]),
      [
        ['doomed', 'failed'],
        ['survivor', 'ok'],
      ],
    );
    const [doomed, survivor] = doc.benchmarks;
    assert.equal(doomed?.error?.kind, 'crash');
    assert.match(doomed?.error?.message ?? '', /killed by SIGABRT for config "doomed"/);
    assert.ok(doomed?.error?.message.includes(MODEL), doomed?.error?.message);
    assert.equal(survivor?.iterations.length, 2);
    assert.equal(survivor?.engine_info.isolation, 'child process');
    assert.equal(typeof survivor?.engine_info.pid, 'number');
  });

  it('keeps the child command out of the help', async () => {
    const r = await cli(['--help'], process.env);
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, /__engine-round/);
  });
});
