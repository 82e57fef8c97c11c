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
  /**
   * A LogitsProcessor of your repository, "file.py:ClassName" (relative to the config file),
   * instantiated without arguments and run in every generation: measures your decoding-time code
   * (constraints, penalties) as part of the benchmark. Optional without a default (config hashes stay).
   */
  logits_processor: z
    .string()
    .regex(/^.+\.py:[A-Za-z_][A-Za-z0-9_]*$/, 'expected "file.py:ClassName"')
    .optional(),
  device: z.string().default('cuda'),
  python: z.string().default('python3'),
  timeout_s: z.number().positive().default(1800),
});
export type TransformersOptions = z.infer<typeof transformersOptionsSchema>;
