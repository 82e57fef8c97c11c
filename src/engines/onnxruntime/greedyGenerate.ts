// One greedy generation with a KV cache: prefill on the prompt, then one step per new token feeding
// present.* back as past_key_values. Everything a step needs is built once per round (feeds, mask
// and position tensors, the id buffer), so a step does: set 3 feeds, session.run, argmax the last row.
import { EngineError } from '../types.js';
import { argmaxF16, argmaxF32 } from './argmax.js';
import type { DecoderSignature } from './modelSignature.js';
import type { DecoderSession, Feeds, OrtRuntime, OrtTensor } from './ortRuntime.js';

export interface GenerationPlan {
  readonly batch: number;
  readonly promptLen: number;
  readonly maxNewTokens: number;
  readonly pastNames: readonly string[];
  readonly presentNames: readonly string[];
  readonly prefill: Feeds;
  readonly step: Feeds;
  /** masks[t]: attention_mask [B, t] of ones. */
  readonly masks: readonly OrtTensor[];
  /** positions[p]: position_ids [B, 1] holding p. */
  readonly positions: readonly OrtTensor[];
  /** The ids fed to the next step; the step's input_ids tensor views this buffer. */
  readonly nextIds: BigInt64Array;
  /** present.* live on the device (WebGPU): dispose each step's past once it has been consumed. */
  readonly deviceKv: boolean;
}

export interface Generation {
  /** Generated ids, row-major [B, N]. */
  readonly tokens: Int32Array;
  readonly e2eMs: number;
  readonly ttftMs: number;
  /** Wall time of each step after the first token. */
  readonly stepMs: number[];
  /** Sum over steps of the time outside session.run (feeding, argmax, bookkeeping). */
  readonly outsideRunMs: number;
}

export function buildPlan(
  rt: Pick<OrtRuntime, 'Tensor'>,
  sig: DecoderSignature,
  promptIds: readonly number[],
  batch: number,
  maxNewTokens: number,
  deviceKv: boolean,
): GenerationPlan {
  const { Tensor } = rt;
  const S = promptIds.length;
  const B = batch;
  const total = S + maxNewTokens;
  const ones = new BigInt64Array(B * total).fill(1n);
  const masks: OrtTensor[] = [];
  for (let t = 0; t <= total; t++) masks.push(new Tensor('int64', ones.subarray(0, B * t), [B, t]));
  const positions: OrtTensor[] = [];
  for (let p = 0; p < total; p++) positions.push(new Tensor('int64', new BigInt64Array(B).fill(BigInt(p)), [B, 1]));

  const ids = new BigInt64Array(B * S);
  const pos = new BigInt64Array(B * S);
  for (let b = 0; b < B; b++)
    for (let s = 0; s < S; s++) {
      ids[b * S + s] = BigInt(promptIds[s]!);
      pos[b * S + s] = BigInt(s);
    }
  const pastNames: string[] = [];
  const presentNames: string[] = [];
  for (let l = 0; l < sig.layers; l++)
    for (const kv of ['key', 'value']) {
      pastNames.push(`past_key_values.${l}.${kv}`);
      presentNames.push(`present.${l}.${kv}`);
    }
  const emptyDims = [B, sig.heads, 0, sig.headDim];
  const prefill: Feeds = { input_ids: new Tensor('int64', ids, [B, S]), attention_mask: masks[S]! };
  if (sig.hasPositionIds) prefill.position_ids = new Tensor('int64', pos, [B, S]);
  for (const name of pastNames)
    prefill[name] =
      sig.kvType === 'float16'
        ? new Tensor('float16', new Uint16Array(0), emptyDims)
        : new Tensor('float32', new Float32Array(0), emptyDims);
  const nextIds = new BigInt64Array(B);
  const step: Feeds = { input_ids: new Tensor('int64', nextIds, [B, 1]) };
  if (sig.hasCacheBranch) {
    prefill.use_cache_branch = new Tensor('bool', Uint8Array.of(0), [1]);
    step.use_cache_branch = new Tensor('bool', Uint8Array.of(1), [1]);
  }
  return {
    batch: B,
    promptLen: S,
    maxNewTokens,
    pastNames,
    presentNames,
    prefill,
    step,
    masks,
    positions,
    nextIds,
    deviceKv,
  };
}

/** Runs one generation. `now` is performance.now (injectable for tests of the timing logic). */
export async function generate(
  session: DecoderSession,
  plan: GenerationPlan,
  now: () => number = () => performance.now(),
  signal?: AbortSignal,
): Promise<Generation> {
  const { batch: B, promptLen: S, maxNewTokens: N, pastNames, presentNames, step, nextIds } = plan;
  const tokens = new Int32Array(B * N);
  const stepMs = new Array<number>(Math.max(0, N - 1));
  let outside = 0;
  let live: OrtTensor[] = [];

  const take = async (out: Record<string, OrtTensor>, rows: number, index: number) => {
    const logits = out.logits;
    if (!logits || logits.dims.length !== 3 || logits.dims[0] !== B || logits.dims[1] !== rows)
      throw new EngineError(
        'invalid-output',
        `logits have shape [${logits?.dims.join(', ') ?? ''}], expected [${B}, ${rows}, vocab] at token ${index}`,
      );
    const V = logits.dims[2]!;
    // On a GPU provider every output stays on the device; only the logits come down.
    const data = logits.location === 'cpu' ? logits.data : await logits.getData(true);
    for (let b = 0; b < B; b++) {
      const off = (b * rows + rows - 1) * V;
      let id: number;
      if (data instanceof Float32Array) {
        id = argmaxF32(data, off, V);
        if (!Number.isFinite(data[off + id]!)) id = -1;
      } else id = argmaxF16(data as Uint16Array, off, V);
      if (id < 0) throw new EngineError('invalid-output', `logits are not finite at token ${index} (row ${b})`);
      nextIds[b] = BigInt(id);
      tokens[b * N + index] = id;
    }
    for (let k = 0; k < pastNames.length; k++) {
      const t = out[presentNames[k]!];
      if (!t) throw new EngineError('invalid-output', `output "${presentNames[k]}" missing at token ${index}`);
      step[pastNames[k]!] = t;
    }
  };

  const t0 = now();
  const first = await runStep(session, plan.prefill, 0, N);
  await take(first, S, 0);
  if (plan.deviceKv) live = pastNames.map((n) => step[n]!);
  const tFirst = now();
  let prev = tFirst;
  try {
    for (let i = 1; i < N; i++) {
      if (signal?.aborted) throw new EngineError('timeout', `aborted at token ${i} of ${N}`);
      step.attention_mask = plan.masks[S + i]!;
      if (plan.prefill.position_ids) step.position_ids = plan.positions[S + i - 1]!;
      const r0 = now();
      const out = await runStep(session, step, i, N);
      const r1 = now();
      if (plan.deviceKv) for (const t of live) t.dispose();
      await take(out, 1, i);
      if (plan.deviceKv) live = pastNames.map((n) => step[n]!);
      const end = now();
      stepMs[i - 1] = end - prev;
      outside += end - prev - (r1 - r0);
      prev = end;
    }
  } finally {
    if (plan.deviceKv) for (const t of live) t.dispose();
  }
  return { tokens, e2eMs: prev - t0, ttftMs: tFirst - t0, stepMs, outsideRunMs: outside };
}

/** session.run with the token index attached to whatever it throws. */
async function runStep(session: DecoderSession, feeds: Feeds, index: number, total: number) {
  try {
    return await session.run(feeds);
  } catch (err) {
    throw new StepFailure(index, total, err);
  }
}

export class StepFailure extends Error {
  constructor(
    readonly index: number,
    readonly total: number,
    readonly error: unknown,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'StepFailure';
  }
}
