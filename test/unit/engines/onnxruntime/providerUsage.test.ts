// Which provider ran the kernels, from onnxruntime's profile: a silent fall-back to the CPU under a
// CUDA request must show as a low share, not as "cuda".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeUsage, providerUsage } from '../../../../src/engines/onnxruntime/providerUsage.js';

const kernel = (name: string, provider: string) => ({
  cat: 'Node',
  name: `${name}_kernel_time`,
  args: { provider, op_name: name },
});
const fence = (name: string) => ({ cat: 'Node', name: `${name}_fence_before`, args: {} });
const session = { cat: 'Session', name: 'model_run', args: {} };

describe('providerUsage', () => {
  it('counts kernels per provider and the share on the requested one, ignoring other events', () => {
    const profile = [
      session,
      fence('MatMul_1'),
      kernel('MatMul_1', 'CUDAExecutionProvider'),
      kernel('MatMul_2', 'CUDAExecutionProvider'),
      kernel('MatMul_3', 'CUDAExecutionProvider'),
      kernel('Shape_1', 'CPUExecutionProvider'),
    ];
    const usage = providerUsage(profile, 'cuda');
    assert.deepEqual(usage.kernels, { CUDAExecutionProvider: 3, CPUExecutionProvider: 1 });
    assert.equal(usage.share, 0.75);
    assert.equal(describeUsage(usage), 'CUDAExecutionProvider 3, CPUExecutionProvider 1');
  });
  it('a CUDA request whose kernels all ran on the CPU has share 0', () => {
    const usage = providerUsage(
      [kernel('MatMul_1', 'CPUExecutionProvider'), kernel('Add_1', 'CPUExecutionProvider')],
      'cuda',
    );
    assert.equal(usage.share, 0);
  });
  it('an empty profile records nothing and a broken one is an error', () => {
    assert.equal(providerUsage([], 'webgpu').share, 0);
    assert.equal(describeUsage(providerUsage([], 'webgpu')), 'no kernels recorded');
    assert.throws(() => providerUsage({ not: 'an array' }, 'cpu'), /not a JSON array/);
  });
});
