// Reads a decoder's graph inputs/outputs and checks them against the optimum / transformers.js
// export convention. Pure: takes the session's metadata (and config.json values), returns facts or
// a list of problems.

import { definedFields } from '../../util/definedFields.js';

export interface ValueInfo {
  readonly name: string;
  /** e.g. 'float32', 'float16', 'int64', 'bool'; undefined for non-tensors. */
  readonly type?: string;
  /** Numbers for fixed dims, strings for symbolic ones. */
  readonly shape?: readonly (number | string)[];
}

export type KvType = 'float32' | 'float16';

export interface DecoderSignature {
  readonly layers: number;
  readonly kvType: KvType;
  readonly logitsType: KvType;
  readonly heads: number;
  readonly headDim: number;
  /** Vocabulary size when the logits shape or config.json says it. */
  readonly vocab?: number;
  readonly hasPositionIds: boolean;
  readonly hasCacheBranch: boolean;
  /** Fixed batch size, when the model was exported with one. */
  readonly fixedBatch?: number;
  readonly inputNames: readonly string[];
}

/** The few config.json fields that can fill in symbolic dims. */
export interface ModelConfigFacts {
  readonly heads?: number;
  readonly headDim?: number;
  readonly vocab?: number;
  readonly maxPositions?: number;
}

export function configFacts(config: Record<string, unknown> | undefined): ModelConfigFacts {
  if (!config) return {};
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof config[k] === 'number') return config[k];
    return undefined;
  };
  const heads = num('n_head', 'num_attention_heads');
  const kvHeads = num('num_key_value_heads') ?? heads;
  const hidden = num('n_embd', 'hidden_size');
  const headDim = num('head_dim') ?? (hidden !== undefined && heads ? hidden / heads : undefined);
  return definedFields({
    heads: kvHeads,
    headDim,
    vocab: num('vocab_size'),
    maxPositions: num('n_positions', 'max_position_embeddings'),
  });
}

const PAST = /^past_key_values\.(\d+)\.(key|value)$/;

export function readSignature(
  inputs: readonly ValueInfo[],
  outputs: readonly ValueInfo[],
  config: ModelConfigFacts,
): { ok: true; signature: DecoderSignature } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const outByName = new Map(outputs.map((o) => [o.name, o]));
  for (const required of ['input_ids', 'attention_mask']) {
    if (!byName.has(required)) problems.push(`no input "${required}"`);
  }
  const logits = outByName.get('logits');
  if (!logits) problems.push('no output "logits"');

  let layers = 0;
  const known = new Set(['input_ids', 'attention_mask', 'position_ids', 'use_cache_branch']);
  for (const i of inputs) {
    const m = PAST.exec(i.name);
    if (m) layers = Math.max(layers, Number(m[1]) + 1);
    else if (!known.has(i.name)) problems.push(`unexpected input "${i.name}"`);
  }
  if (layers === 0)
    problems.push('no "past_key_values.N.key|value" inputs (a decoder exported with a KV cache is needed)');
  for (let l = 0; l < layers; l++) {
    for (const kv of ['key', 'value']) {
      if (!byName.has(`past_key_values.${l}.${kv}`)) problems.push(`no input "past_key_values.${l}.${kv}"`);
      if (!outByName.has(`present.${l}.${kv}`)) problems.push(`no output "present.${l}.${kv}"`);
    }
  }
  const past0 = byName.get('past_key_values.0.key');
  const kvType = past0?.type;
  if (past0 && kvType !== 'float32' && kvType !== 'float16')
    problems.push(`past_key_values type ${String(kvType)} is not supported (float32 or float16)`);
  const logitsType = logits?.type;
  if (logits && logitsType !== 'float32' && logitsType !== 'float16')
    problems.push(`logits type ${String(logitsType)} is not supported (float32 or float16)`);
  const ids = byName.get('input_ids');
  if (ids?.type !== undefined && ids.type !== 'int64') problems.push(`input_ids must be int64, is ${ids.type}`);

  const dim = (v: ValueInfo | undefined, i: number) => {
    const d = v?.shape?.[i];
    return typeof d === 'number' && d > 0 ? d : undefined;
  };
  const heads = dim(past0, 1) ?? config.heads;
  const headDim = dim(past0, 3) ?? config.headDim;
  if (past0 && (heads === undefined || headDim === undefined))
    problems.push('the number of KV heads or the head size is neither in the model nor in config.json');
  const modelVocab = dim(logits, 2);
  if (modelVocab !== undefined && config.vocab !== undefined && modelVocab !== config.vocab)
    problems.push(`shape mismatch: logits have ${modelVocab} entries but config.json says vocab_size ${config.vocab}`);
  if (dim(past0, 1) !== undefined && config.heads !== undefined && dim(past0, 1) !== config.heads)
    problems.push(`shape mismatch: past_key_values have ${dim(past0, 1)} heads but config.json says ${config.heads}`);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    signature: {
      layers,
      kvType: kvType as KvType,
      logitsType: logitsType as KvType,
      heads: heads!,
      headDim: headDim!,
      hasPositionIds: byName.has('position_ids'),
      hasCacheBranch: byName.has('use_cache_branch'),
      inputNames: inputs.map((i) => i.name),
      ...definedFields({ vocab: modelVocab ?? config.vocab, fixedBatch: dim(ids, 0) }),
    },
  };
}
