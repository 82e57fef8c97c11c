// The onnxruntime engine as a persistent worker: `__engine-worker`, a real child of this program,
// on the committed tiny model: ready with its load time, one generation per request, the engine's
// own diagnosis when the model is missing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onnxOptionsSchema } from '../../../../src/engines/onnxruntime/options.ts';
import { EngineError } from '../../../../src/engines/types.ts';
import { workerLaunch } from '../../../../src/engines/worker/launch.ts';
import { startWorker } from '../../../../src/engines/worker/workerClient.ts';
import { request } from '../command/fixtures.ts';
import { rejectionOf } from '../../../support/rejection.ts';

const opts = (model: string) => onnxOptionsSchema.parse({ model, provider: 'cpu', intra_op_threads: 1 });

describe('onnxruntime worker (__engine-worker)', () => {
  it('loads once, warms up, answers each request with one generation of the same tokens', async () => {
    // No promptTokens: the text prompt is tokenized.
    const { promptTokens: _tokens, ...req } = request(opts('models/gpt2-tiny/model_fp32.onnx'), { batchSize: 1 });
    const w = await startWorker(await workerLaunch('onnxruntime', req));
    assert.equal(w.mode, 'persistent');
    assert.ok((w.ready.load_ms ?? -1) >= 0);
    assert.equal(w.ready.engine_info.layers, 4);
    const a = await w.iterate();
    const b = await w.iterate();
    assert.equal(a.sample.new_tokens, 20);
    assert.equal(a.sample.step_ms?.length, 19);
    assert.equal(a.tokensDigest, b.tokensDigest);
    const final = await w.shutdown();
    assert.equal(final.memory[0]?.metric, 'host_rss_peak_mib');
    assert.equal(final.engineInfo.worker, 'persistent (__engine-worker)');
  });

  it('reports the engine’s own error when the model is not there', async () => {
    const err = await rejectionOf(
      startWorker(await workerLaunch('onnxruntime', request(opts('models/nope.onnx')))),
      EngineError,
    );
    assert.equal(err.kind, 'model');
    assert.match(err.message, /nope\.onnx: file not found/);
  });
});
