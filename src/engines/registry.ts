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
 * The engines a run uses: onnxruntime rounds on an accelerator provider (or with `isolate: always`)
 * run in a child process, so a native abort fails one config, not the run. Adaptive rounds (round
 * ≥ 1) run in a child too, unless `isolate: never`: a second run must be a separate process, or it
 * shares the first one's state and counts as a run it is not. The other engines already run a
 * subprocess per round.
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
        isolate: (r) => {
          const o = r.options as Parameters<typeof needsIsolation>[0];
          return needsIsolation(o) || (r.round > 0 && o.isolate !== 'never');
        },
        describe: (r) => `model ${path.resolve(r.configDir, (r.options as { model: string }).model)}`,
      });
    },
  };
}
