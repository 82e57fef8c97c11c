import { z } from 'zod';
import { boundedInt, TEXT_LIMITS } from '../../config/bounds.js';

/** Options of the built-in ONNX Runtime engine (`engine: onnxruntime`). */
export const onnxOptionsSchema = z.strictObject({
  /** Path to the decoder .onnx file, relative to the config file. */
  model: z.string().min(1).max(TEXT_LIMITS.path),
  /** Execution provider; an unavailable provider is a per-config error, never a fall-back to CPU. */
  provider: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu'),
  intra_op_threads: boundedInt('threads', 1).optional(),
  inter_op_threads: boundedInt('threads', 1).optional(),
  /** tokenizer.json to encode a text prompt; defaults to tokenizer.json beside the model. */
  tokenizer: z.string().min(1).max(TEXT_LIMITS.path).optional(),
  graph_optimization: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
  /**
   * Where present.* (the KV cache) lives between steps: `auto` keeps it in GPU buffers on webgpu and
   * on the host elsewhere; `cpu` forces a host round trip per step (a baseline for the device path).
   * Optional (absent = auto) so that configs written before it keep their hash and their baselines.
   */
  kv_location: z.enum(['auto', 'cpu', 'gpu-buffer']).optional(),
  /**
   * Whether each round runs in a child process of its own: `auto` (also when absent) and `always`
   * do, so a native abort (which no try/catch can stop) fails this config only, and its memory
   * peaks are its own rather than including every config run before it in the same process.
   * `never` runs in the runner's process (its host RSS then counts the earlier configs too).
   * Optional without a default, so configs that do not set it keep their config hash.
   */
  isolate: z.enum(['auto', 'always', 'never']).optional(),
});
export type OnnxOptions = z.infer<typeof onnxOptionsSchema>;

/** Whether a round with these options runs in a child process (see `isolate`). */
export function needsIsolation(options: Pick<OnnxOptions, 'isolate'>): boolean {
  return (options.isolate ?? 'auto') !== 'never';
}
