// Shapes and precisions of the GPT-2-architecture decoders the generator writes, and the HF-style
// config.json that goes beside each model (transformers.js and our engine both read it).

export const MODEL_DTYPES = ['fp32', 'fp16', 'int8', 'int4'] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

export interface Gpt2Shape {
  readonly nLayer: number;
  readonly nHead: number;
  readonly nEmbd: number;
  readonly vocabSize: number;
  readonly nPositions: number;
  /** lm_head equals wte (GPT-2 ties them); the file still holds lm_head as its own initializer, as torch exports do. */
  readonly tieWordEmbeddings: boolean;
}

export const PRESETS = {
  /** Committed fixture: small enough to commit, large enough that a step is model compute. */
  tiny: { nLayer: 4, nHead: 4, nEmbd: 128, vocabSize: 512, nPositions: 512, tieWordEmbeddings: false },
  /** The real GPT-2 small shape; generated on demand, never committed. */
  'gpt2-124m': { nLayer: 12, nHead: 12, nEmbd: 768, vocabSize: 50257, nPositions: 1024, tieWordEmbeddings: true },
} as const satisfies Record<string, Gpt2Shape>;
export type PresetName = keyof typeof PRESETS;

/** Block size of the int4 (MatMulNBits) quantization. */
export const INT4_BLOCK = 32;

export function validateShape(s: Gpt2Shape): string[] {
  const problems: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'number' && (!Number.isInteger(v) || v < 1)) problems.push(`${k} must be a positive integer`);
  }
  if (s.nEmbd % s.nHead !== 0) problems.push(`n_embd (${s.nEmbd}) must be a multiple of n_head (${s.nHead})`);
  if (s.vocabSize < 257) problems.push(`vocab (${s.vocabSize}) must be at least 257 (256 bytes + end-of-text)`);
  return problems;
}

/** HF GPT-2 config.json (the fields transformers.js and optimum read). */
export function gpt2Config(s: Gpt2Shape, seed: number): Record<string, unknown> {
  const eos = s.vocabSize - 1;
  return {
    architectures: ['GPT2LMHeadModel'],
    model_type: 'gpt2',
    n_layer: s.nLayer,
    n_head: s.nHead,
    n_embd: s.nEmbd,
    n_positions: s.nPositions,
    n_ctx: s.nPositions,
    n_inner: null,
    vocab_size: s.vocabSize,
    activation_function: 'gelu_new',
    layer_norm_epsilon: 1e-5,
    bos_token_id: eos,
    eos_token_id: eos,
    tie_word_embeddings: s.tieWordEmbeddings,
    use_cache: true,
    torch_dtype: 'float32',
    // Provenance: how to regenerate exactly these bytes.
    llm_perf_gate: { generator: 'gpt2-onnx', seed },
  };
}
