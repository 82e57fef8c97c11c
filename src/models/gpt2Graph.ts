// The GPT-2 decoder as an ONNX graph with the optimum / transformers.js export names, so any tool
// that runs exported decoders runs it: inputs input_ids, attention_mask, position_ids,
// past_key_values.N.key|value; outputs logits, present.N.key|value (optionally use_cache_branch).
import { INT4_BLOCK, type Gpt2Shape, type ModelDtype } from './gpt2Spec.js';
import type { Gpt2Weights, LayerWeights } from './gpt2Weights.js';
import { DT, OnnxGraphBuilder, bytesOf, type DataType } from './onnxBuilder.js';
import { quantizeInt4Blockwise, quantizeInt8PerColumn, toFloat16Bits } from './quantize.js';

export interface GraphOptions {
  /** Add a `use_cache_branch` bool input as merged decoders have (false: the past is ignored). */
  readonly mergedCacheBranch?: boolean;
}

export function buildGpt2Onnx(s: Gpt2Shape, w: Gpt2Weights, dtype: ModelDtype, opts: GraphOptions = {}): Uint8Array {
  const g = new OnnxGraphBuilder();
  const E = s.nEmbd;
  const D = E / s.nHead;
  const ops = precisionOps(g, dtype, E);
  const { inputIds, attnMask, positionIds, past } = decoderInputs(g, s, ops.FT, opts.mergedCacheBranch === true);
  const bias = attentionBias(g, ops, inputIds, attnMask);

  const wte = ops.floatInit('transformer.wte.weight', [s.vocabSize, E], w.wte);
  const wpe = ops.floatInit('transformer.wpe.weight', [s.nPositions, E], w.wpe);
  let h = g.op('Add', [g.op('Gather', [wte, inputIds]), g.op('Gather', [wpe, positionIds])]);
  const block = transformerBlock(g, ops, s, past, bias);
  w.layers.forEach((lw, i) => {
    h = block(i, h, lw);
  });

  const hf = ops.layerNorm(h, w.lnFG, w.lnFB, 'transformer.ln_f');
  const logits = ops.linear(hf, w.lmHead, undefined, E, s.vocabSize, 'lm_head');
  g.node('Identity', [logits], ['logits']);

  g.output('logits', ops.FT, ['batch_size', 'sequence_length', s.vocabSize]);
  for (let i = 0; i < s.nLayer; i++) {
    g.output(`present.${i}.key`, ops.FT, ['batch_size', s.nHead, 'total_sequence_length', D]);
    g.output(`present.${i}.value`, ops.FT, ['batch_size', s.nHead, 'total_sequence_length', D]);
  }
  return g.encode('gpt2_decoder', { '': 17, 'com.microsoft': 1 }, 'llm-perf-gate');
}

/** Weights and the operations on them in the model's precision (fp32, fp16, int8 or int4 matmuls). */
interface PrecisionOps {
  /** The float type of activations and the KV cache. */
  readonly FT: DataType;
  floatInit(name: string, dims: number[], data: Float32Array): string;
  scalar(name: string, v: number): string;
  /** y = x·W + b for W [K, N] (row-major). */
  linear(x: string, W: Float32Array, b: Float32Array | undefined, K: number, N: number, name: string): string;
  layerNorm(x: string, gamma: Float32Array, beta: Float32Array, name: string): string;
}

function precisionOps(g: OnnxGraphBuilder, dtype: ModelDtype, E: number): PrecisionOps {
  const FT: DataType = dtype === 'fp16' ? DT.FLOAT16 : DT.FLOAT;
  const floatInit = (name: string, dims: number[], data: Float32Array): string =>
    FT === DT.FLOAT16 ? g.initializer(name, DT.FLOAT16, dims, bytesOf(toFloat16Bits(data))) : g.f32(name, dims, data);
  const matmul = (x: string, W: Float32Array, K: number, N: number, name: string): string => {
    if (dtype === 'int8') {
      const q = quantizeInt8PerColumn(W, K, N);
      const wq = g.initializer(`${name}.weight_quantized`, DT.INT8, [K, N], bytesOf(q.q));
      const ws = g.f32(`${name}.weight_scale`, [N], q.scale);
      const wzp = g.initializer(`${name}.weight_zero_point`, DT.INT8, [], new Uint8Array(1));
      const [xq, xs, xzp] = g.node('DynamicQuantizeLinear', [x], 3);
      const acc = g.op('MatMulInteger', [xq!, wq, xzp!, wzp]);
      const scale = g.op('Mul', [xs!, ws]);
      return g.op('Mul', [g.op('Cast', [acc], { to: DT.FLOAT }), scale]);
    }
    if (dtype === 'int4') {
      const q = quantizeInt4Blockwise(W, K, N, INT4_BLOCK);
      const wq = g.initializer(`${name}.weight_Q4`, DT.UINT8, [N, q.blocks, INT4_BLOCK / 2], q.packed);
      const sc = g.f32(`${name}.weight_scales`, [N * q.blocks], q.scales);
      return g.op(
        'MatMulNBits',
        [x, wq, sc],
        { K, N, bits: 4, block_size: INT4_BLOCK, accuracy_level: 4 },
        'com.microsoft',
      );
    }
    return g.op('MatMul', [x, floatInit(`${name}.weight`, [K, N], W)]);
  };
  return {
    FT,
    floatInit,
    scalar: (name, v) => floatInit(name, [], Float32Array.of(v)),
    linear: (x, W, b, K, N, name) => {
      const y = matmul(x, W, K, N, name);
      return b ? g.op('Add', [y, floatInit(`${name}.bias`, [N], b)]) : y;
    },
    layerNorm: (x, gamma, beta, name) =>
      g.op('LayerNormalization', [x, floatInit(`${name}.weight`, [E], gamma), floatInit(`${name}.bias`, [E], beta)], {
        axis: -1,
        epsilon: { float: 1e-5 },
      }),
  };
}

interface DecoderInputs {
  readonly inputIds: string;
  readonly attnMask: string;
  readonly positionIds: string;
  /** Per layer: the key and value the attention reads (sliced to nothing when use_cache_branch is false). */
  readonly past: [string, string][];
}

/** The inputs, named and shaped as optimum exports them. */
function decoderInputs(g: OnnxGraphBuilder, s: Gpt2Shape, FT: DataType, mergedCacheBranch: boolean): DecoderInputs {
  const H = s.nHead;
  const D = s.nEmbd / H;
  const inputIds = g.input('input_ids', DT.INT64, ['batch_size', 'sequence_length']);
  const attnMask = g.input('attention_mask', DT.INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', DT.INT64, ['batch_size', 'sequence_length']);
  const past: [string, string][] = [];
  for (let i = 0; i < s.nLayer; i++) {
    past.push([
      g.input(`past_key_values.${i}.key`, FT, ['batch_size', H, 'past_sequence_length', D]),
      g.input(`past_key_values.${i}.value`, FT, ['batch_size', H, 'past_sequence_length', D]),
    ]);
  }
  if (mergedCacheBranch) {
    // Merged decoders: with use_cache_branch false the past is ignored (sliced to length 0).
    const ucb = g.input('use_cache_branch', DT.BOOL, [1]);
    const pastLen = g.op('Gather', [g.op('Shape', [past[0]![0]]), g.i64('const_idx2', [1], [2])]);
    const keep = g.op('Mul', [g.op('Cast', [ucb], { to: DT.INT64 }), pastLen]);
    const zero1 = g.i64('const_zero1', [1], [0]);
    const axis2 = g.i64('const_axis2', [1], [2]);
    for (const pair of past) {
      pair[0] = g.op('Slice', [pair[0], zero1, keep, axis2]);
      pair[1] = g.op('Slice', [pair[1], zero1, keep, axis2]);
    }
  }
  return { inputIds, attnMask, positionIds, past };
}

/**
 * Additive attention bias [B, 1, S, T]: causal (query at absolute position T-S+s sees keys ≤ it)
 * and padding (attention_mask 0 → masked). Built once, shared by all layers.
 */
function attentionBias(g: OnnxGraphBuilder, ops: PrecisionOps, inputIds: string, attnMask: string): string {
  const zeroI = g.i64('const_zero', [], [0]);
  const oneI = g.i64('const_one', [], [1]);
  const S = g.op('Gather', [g.op('Shape', [inputIds]), oneI]);
  const T = g.op('Gather', [g.op('Shape', [attnMask]), oneI]);
  const P = g.op('Sub', [T, S]);
  const keyPos = g.op('Range', [zeroI, T, oneI]);
  const queryPos = g.op('Unsqueeze', [g.op('Range', [P, T, oneI]), g.i64('const_axes_1', [1], [1])]);
  const causal = g.op('LessOrEqual', [keyPos, queryPos]);
  const padding = g.op('Unsqueeze', [g.op('Cast', [attnMask], { to: DT.BOOL }), g.i64('const_axes_12', [2], [1, 2])]);
  const allowed = g.op('And', [causal, padding]);
  return g.op('Where', [
    allowed,
    ops.scalar('const_mask_zero', 0),
    ops.scalar('const_mask_min', ops.FT === DT.FLOAT16 ? -65504 : -3.4e38),
  ]);
}

/** One GPT-2 block (attention over past + new keys, then the MLP); its constants are made once, here. */
function transformerBlock(
  g: OnnxGraphBuilder,
  ops: PrecisionOps,
  s: Gpt2Shape,
  past: readonly (readonly [string, string])[],
  bias: string,
): (i: number, x: string, lw: LayerWeights) => string {
  const E = s.nEmbd;
  const H = s.nHead;
  const D = E / H;
  const { linear, layerNorm, scalar } = ops;
  const headsShape = g.i64('const_heads_shape', [4], [0, 0, H, D]);
  const mergeShape = g.i64('const_merge_shape', [3], [0, 0, E]);
  const splitSizes = g.i64('const_split_qkv', [3], [E, E, E]);
  const attnScale = scalar('const_attn_scale', 1 / Math.sqrt(D));
  const geluHalf = scalar('const_gelu_half', 0.5);
  const geluOne = scalar('const_gelu_one', 1);
  const geluC = scalar('const_gelu_c', Math.sqrt(2 / Math.PI));
  const geluK = scalar('const_gelu_k', 0.044715);
  const geluPow = scalar('const_gelu_pow', 3);

  return (i, x, lw) => {
    const p = `transformer.h.${i}`;
    const a = layerNorm(x, lw.ln1G, lw.ln1B, `${p}.ln_1`);
    const qkv = linear(a, lw.attnW, lw.attnB, E, 3 * E, `${p}.attn.c_attn`);
    const [q, k, v] = g.node('Split', [qkv, splitSizes], 3, { axis: 2 });
    const heads = (t: string) => g.op('Transpose', [g.op('Reshape', [t, headsShape])], { perm: [0, 2, 1, 3] });
    const presentK = g.node('Concat', [past[i]![0], heads(k!)], [`present.${i}.key`], { axis: 2 })[0]!;
    const presentV = g.node('Concat', [past[i]![1], heads(v!)], [`present.${i}.value`], { axis: 2 })[0]!;
    const scores = g.op('Mul', [
      g.op('MatMul', [heads(q!), g.op('Transpose', [presentK], { perm: [0, 1, 3, 2] })]),
      attnScale,
    ]);
    const probs = g.op('Softmax', [g.op('Add', [scores, bias])], { axis: -1 });
    const ctx = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probs, presentV])], { perm: [0, 2, 1, 3] }),
      mergeShape,
    ]);
    const x1 = g.op('Add', [x, linear(ctx, lw.projW, lw.projB, E, E, `${p}.attn.c_proj`)]);
    const m = layerNorm(x1, lw.ln2G, lw.ln2B, `${p}.ln_2`);
    const f = linear(m, lw.fcW, lw.fcB, E, 4 * E, `${p}.mlp.c_fc`);
    // gelu_new, written as PyTorch exports it (ORT fuses the pattern into FastGelu).
    const inner = g.op('Mul', [geluC, g.op('Add', [f, g.op('Mul', [geluK, g.op('Pow', [f, geluPow])])])]);
    const gelu = g.op('Mul', [g.op('Mul', [geluHalf, f]), g.op('Add', [geluOne, g.op('Tanh', [inner])])]);
    return g.op('Add', [x1, linear(gelu, lw.mlpProjW, lw.mlpProjB, 4 * E, E, `${p}.mlp.c_proj`)]);
  };
}
