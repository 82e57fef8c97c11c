// The provider check runs a real session on the shipped tiny model and reads onnxruntime's profile.
// On a machine without CUDA libraries, asking for cuda fails, though onnxruntime-node *lists* cuda on
// every linux-x64 install (the check the action used to make, which could not fail).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-node';
import { main } from '../../../../src/cli/main.js';
import { onnxruntimeEngine } from '../../../../src/engines/onnxruntime/onnxDecoder.js';
import { onnxOptionsSchema } from '../../../../src/engines/onnxruntime/options.js';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: process.cwd(),
    env,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

const cudaLibraryPresent = (() => {
  try {
    const dir = path.dirname(new URL(import.meta.resolve('onnxruntime-node')).pathname);
    return existsSync(path.join(dir, '..', 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
})();

describe('check-provider', () => {
  it('records which provider ran the kernels in the engine result', async () => {
    const out = await onnxruntimeEngine().run(
      {
        name: 'cpu',
        options: onnxOptionsSchema.parse({ model: 'model_fp32.onnx', intra_op_threads: 1 }),
        warmup: 1,
        iterations: 1,
        maxNewTokens: 3,
        batchSize: 1,
        prompt: 'Hello',
        seed: 0,
        configDir: path.resolve('fixtures/models/gpt2-tiny'),
        round: 0,
      },
      {},
    );
    assert.match(String(out.engine_info.provider_kernels), /^CPUExecutionProvider \d+$/);
    assert.equal(out.engine_info.provider_share, 1);
  });

  it('passes for the CPU provider on the shipped tiny model', async () => {
    const r = await cli(['check-provider', '--provider', 'cpu']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /cpu: 100% of the kernels on it \(CPUExecutionProvider \d+\)/);
  });

  it(
    'fails for cuda without its libraries, although onnxruntime-node lists cuda',
    { skip: process.platform !== 'linux' || process.arch !== 'x64' || cudaLibraryPresent },
    async () => {
      assert.ok(
        ort.listSupportedBackends().some((b) => b.name === 'cuda'),
        'the old check would have passed',
      );
      const r = await cli(['check-provider', '--provider', 'cuda'], { GITHUB_ACTIONS: 'true' });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /^::error::check-provider: execution provider "cuda" is not available/m);
    },
  );

  it('names the allowed providers on bad usage', async () => {
    const r = await cli(['check-provider', '--provider', 'tpu']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--provider must be cpu, cuda or webgpu, got "tpu"/);
  });
});
