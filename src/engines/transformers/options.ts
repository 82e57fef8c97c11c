import { z } from 'zod';

/** Options of the PyTorch / Hugging Face Transformers engine (`engine: transformers`). */
export const transformersOptionsSchema = z.strictObject({
  /** Hub id or local path of the model (its config only, when weights are random). */
  model: z.string().min(1),
  weights: z.enum(['pretrained', 'random']).default('pretrained'),
  dtype: z.enum(['fp32', 'fp16', 'bf16']).default('fp32'),
  attn_implementation: z.enum(['eager', 'sdpa', 'flash_attention_2', 'sdpa_flash']).optional(),
  quantization: z.enum(['none', 'int8', 'nf4']).default('none'),
  compile: z.boolean().default(false),
  /**
   * Time each decode step (step_ms) and the first token inside the measured generation, with CUDA
   * events from a LogitsProcessor. Off: TTFT comes from a separate one-token generate() before each
   * iteration, and nothing is hooked into the measured generation.
   */
  step_timing: z.boolean().default(false),
  device: z.string().default('cuda'),
  python: z.string().default('python3'),
  timeout_s: z.number().positive().default(1800),
});
export type TransformersOptions = z.infer<typeof transformersOptionsSchema>;
