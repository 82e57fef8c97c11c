// Engines load lazily: `compare` and `report` never load onnxruntime's native binary.
import path from 'node:path';
import type { EngineName } from '../config/schema.js';
import type { Engine } from './types.js';

export type EngineRegistry = Readonly<Record<EngineName, () => Promise<Engine>>>;

/** The engines as they run in this process: what an isolated round's child process runs. */
export function inProcessEngines(): EngineRegistry {
  return {
    onnxruntime: async () => (await import('./onnxruntime/onnxDecoder.js')).onnxruntimeEngine() as Engine,
    transformers: async () => (await import('./transformers/transformersEngine.js')).transformersEngine() as Engine,
    command: async () => (await import('./command/commandEngine.js')).commandEngine() as Engine,
  };
}

/**
 * The engines a run uses: every onnxruntime round runs in a child process of its own (unless
 * `isolate: never`), so a native abort fails one config, not the run; its memory peaks belong to
 * that config alone; and a second run is a separate process, not the first one's state counted
 * again. The other engines already run a subprocess per round.
 */
export function defaultEngines(): EngineRegistry {
  const local = inProcessEngines();
  return {
    ...local,
    onnxruntime: async () => {
      const [{ isolatedWhen }, { needsIsolation }] = await Promise.all([
        import('./isolation/isolatedEngine.js'),
        import('./onnxruntime/options.js'),
      ]);
      return isolatedWhen(await local.onnxruntime(), {
        isolate: (r) => needsIsolation(r.options as Parameters<typeof needsIsolation>[0]),
        describe: (r) => `model ${path.resolve(r.configDir, (r.options as { model: string }).model)}`,
      });
    },
  };
}
