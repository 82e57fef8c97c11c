// Deterministic GPT-2 weights from a seed. Every tensor has its own named stream, so a model of one
// precision is exactly the quantization of the fp32 model with the same seed and shape.
import { fillNormal } from './prng.js';
import type { Gpt2Shape } from './gpt2Spec.js';

export interface LayerWeights {
  readonly ln1G: Float32Array;
  readonly ln1B: Float32Array;
  /** [E, 3E] (Conv1D layout: input rows). */
  readonly attnW: Float32Array;
  readonly attnB: Float32Array;
  /** [E, E] */
  readonly projW: Float32Array;
  readonly projB: Float32Array;
  readonly ln2G: Float32Array;
  readonly ln2B: Float32Array;
  /** [E, 4E] */
  readonly fcW: Float32Array;
  readonly fcB: Float32Array;
  /** [4E, E] */
  readonly mlpProjW: Float32Array;
  readonly mlpProjB: Float32Array;
}

export interface Gpt2Weights {
  /** [V, E] */
  readonly wte: Float32Array;
  /** [P, E] */
  readonly wpe: Float32Array;
  readonly layers: LayerWeights[];
  readonly lnFG: Float32Array;
  readonly lnFB: Float32Array;
  /** [E, V] */
  readonly lmHead: Float32Array;
}

/**
 * Scales chosen so random weights still give peaked, varied logits: matrices ~1/sqrt(fan_in) keep
 * activations O(1), so attention is not uniform and greedy decoding does not repeat one token.
 */
export function makeGpt2Weights(s: Gpt2Shape, seed: number): Gpt2Weights {
  const E = s.nEmbd;
  const n = (name: string, size: number, std: number, mean = 0) =>
    fillNormal(new Float32Array(size), seed, name, std, mean);
  const layers: LayerWeights[] = [];
  const residualScale = 1 / Math.sqrt(2 * s.nLayer);
  for (let i = 0; i < s.nLayer; i++) {
    const p = `h.${i}.`;
    layers.push({
      ln1G: n(`${p}ln_1.weight`, E, 0.1, 1),
      ln1B: n(`${p}ln_1.bias`, E, 0.02),
      attnW: n(`${p}attn.c_attn.weight`, E * 3 * E, 1 / Math.sqrt(E)),
      attnB: n(`${p}attn.c_attn.bias`, 3 * E, 0.02),
      projW: n(`${p}attn.c_proj.weight`, E * E, residualScale / Math.sqrt(E)),
      projB: n(`${p}attn.c_proj.bias`, E, 0.02),
      ln2G: n(`${p}ln_2.weight`, E, 0.1, 1),
      ln2B: n(`${p}ln_2.bias`, E, 0.02),
      fcW: n(`${p}mlp.c_fc.weight`, E * 4 * E, 1 / Math.sqrt(E)),
      fcB: n(`${p}mlp.c_fc.bias`, 4 * E, 0.02),
      mlpProjW: n(`${p}mlp.c_proj.weight`, 4 * E * E, residualScale / Math.sqrt(4 * E)),
      mlpProjB: n(`${p}mlp.c_proj.bias`, E, 0.02),
    });
  }
  const wte = n('wte.weight', s.vocabSize * E, 0.5);
  let lmHead: Float32Array;
  if (s.tieWordEmbeddings) {
    lmHead = new Float32Array(E * s.vocabSize);
    for (let v = 0; v < s.vocabSize; v++) for (let e = 0; e < E; e++) lmHead[e * s.vocabSize + v] = wte[v * E + e]!;
  } else {
    lmHead = n('lm_head.weight', E * s.vocabSize, (1 / Math.sqrt(E)) * 2);
  }
  return {
    wte,
    wpe: n('wpe.weight', s.nPositions * E, 0.1),
    layers,
    lnFG: n('ln_f.weight', E, 0.1, 1),
    lnFB: n('ln_f.bias', E, 0.02),
    lmHead,
  };
}
