import { z } from 'zod';

/** Options of the built-in ONNX Runtime engine (`engine: onnxruntime`). */
export const onnxOptionsSchema = z.strictObject({
  /** Path to the decoder .onnx file, relative to the config file. */
  model: z.string().min(1),
  /** Execution provider; an unavailable provider is a per-config error, never a fall-back to CPU. */
  provider: z.enum(['cpu', 'webgpu', 'cuda']).default('cpu'),
  intra_op_threads: z.int().positive().optional(),
  inter_op_threads: z.int().positive().optional(),
  /** tokenizer.json to encode a text prompt; defaults to tokenizer.json beside the model. */
  tokenizer: z.string().min(1).optional(),
  graph_optimization: z.enum(['disabled', 'basic', 'extended', 'all']).default('all'),
  /**
   * Where present.* (the KV cache) lives between steps: `auto` keeps it in GPU buffers on webgpu and
   * on the host elsewhere; `cpu` forces a host round trip per step (a baseline for the device path).
   */
  kv_location: z.enum(['auto', 'cpu', 'gpu-buffer']).default('auto'),
});
export type OnnxOptions = z.infer<typeof onnxOptionsSchema>;
