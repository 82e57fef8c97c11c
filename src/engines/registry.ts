// Engines load lazily: `compare` and `report` never load onnxruntime's native binary.
import type { EngineName } from '../config/schema.js';
import type { Engine } from './types.js';

export type EngineRegistry = Readonly<Record<EngineName, () => Promise<Engine>>>;

export function defaultEngines(): EngineRegistry {
  return {
    onnxruntime: async () => (await import('./onnxruntime/onnxDecoder.js')).onnxruntimeEngine() as Engine,
    transformers: async () => (await import('./transformers/transformersEngine.js')).transformersEngine() as Engine,
    command: async () => (await import('./command/commandEngine.js')).commandEngine() as Engine,
  };
}
