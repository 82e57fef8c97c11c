// The engine on a GPT-2 exported by PyTorch (scripts/gpu/export_tiny_gpt2.py), not by our own
// generator: its greedy tokens must equal PyTorch's own (full recompute) for the same prompt.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { onnxruntimeEngine, tokensDigest } from '../../../src/engines/onnxruntime/onnxDecoder.js';
import { onnxOptionsSchema } from '../../../src/engines/onnxruntime/options.js';

const DIR = path.resolve('fixtures/models/torch-gpt2-tiny');
const present = existsSync(path.join(DIR, 'model.onnx'));

void test(
  'a PyTorch-exported GPT-2 decodes to PyTorch greedy tokens',
  { skip: present ? false : `${DIR} not committed yet` },
  async () => {
    const expected = JSON.parse(await readFile(path.join(DIR, 'expected_tokens.json'), 'utf8')) as {
      prompt: string;
      prompt_ids: number[];
      new_tokens: number;
      greedy_tokens: number[];
    };
    const out = await onnxruntimeEngine().run(
      {
        name: 'torch',
        options: onnxOptionsSchema.parse({ model: 'model.onnx', intra_op_threads: 1 }),
        warmup: 0,
        iterations: 2,
        maxNewTokens: expected.new_tokens,
        batchSize: 1,
        prompt: expected.prompt,
        seed: 0,
        configDir: DIR,
        round: 0,
      },
      {},
    );
    assert.equal(out.iterations[0]!.prompt_tokens, expected.prompt_ids.length);
    assert.equal(out.tokens_digest, tokensDigest(Int32Array.from(expected.greedy_tokens)));
  },
);
