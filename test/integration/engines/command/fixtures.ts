// Shared by the engine subprocess tests: a request in the seed's shape and the fake program path.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineRequest } from '../../../../src/engines/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const FAKE = path.join(ROOT, 'fixtures/engines/fake-subprocess.mjs');
export const EXAMPLE = path.join(ROOT, 'fixtures/engines/example-command.mjs');

export function request<O>(options: O, overrides: Partial<EngineRequest<O>> = {}): EngineRequest<O> {
  return {
    name: 'gpt2-fp16',
    options,
    warmup: 1,
    iterations: 3,
    maxNewTokens: 20,
    batchSize: 2,
    prompt: 'Explain quantum computing:',
    promptTokens: 7,
    seed: 0,
    configDir: path.join(ROOT, 'fixtures'),
    round: 0,
    ...overrides,
  };
}
