import { z } from 'zod';
import { boundedNumber, TEXT_LIMITS } from '../../config/bounds.js';

/** Options of the PyTorch / Hugging Face Transformers engine (`engine: transformers`). */
export const transformersOptionsSchema = z.strictObject({
  /** Hub id or local path of the model (its config only, when weights are random). */
  model: z.string().min(1).max(TEXT_LIMITS.path),
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
    .max(TEXT_LIMITS.path)
    .regex(/^.+\.py:[A-Za-z_][A-Za-z0-9_]*$/, 'expected "file.py:ClassName"')
    .optional(),
  /** A torch device string: cuda, cuda:1, cpu, mps. */
  device: z
    .string()
    .regex(/^[a-z]+(:\d+)?$/, 'a torch device such as cuda, cuda:1 or cpu')
    .default('cuda'),
  python: z.string().min(1).max(TEXT_LIMITS.path).default('python3'),
  timeout_s: boundedNumber('timeout_s').default(1800),
});
export type TransformersOptions = z.infer<typeof transformersOptionsSchema>;
