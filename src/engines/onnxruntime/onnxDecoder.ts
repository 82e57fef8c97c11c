// The built-in engine: greedy decoding with a KV cache through onnxruntime-node, on a decoder
// exported the optimum / transformers.js way. One run = one session: warm-up, then measured
// iterations; every failure becomes an EngineError naming the model file and the cause.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineOutput, IterationSample } from '../../result/schema.js';
import { loadTokenizer, type TextTokenizer } from './loadTokenizer.js';
import { trackLeftover } from '../../process/leftovers.js';
import { readTextInput, TextInputError } from '../../util/readTextInput.js';
import { EngineError, type Engine, type EngineRequest, type IterationObserver } from '../types.js';
import { buildPlan, generate, StepFailure, type Generation } from './greedyGenerate.js';
import { configFacts, readSignature, type DecoderSignature } from './modelSignature.js';
import type { OnnxOptions } from './options.js';
import { classifyOrtError, describeRunError, trimOrtMessage } from './ortErrors.js';
import { loadOrtRuntime, type DecoderSession, type OrtRuntime } from './ortRuntime.js';
import { describeUsage, type ProviderUsage } from './providerUsage.js';
import { syntheticPromptIds } from './promptIds.js';
import { startRssSampler } from './rssSampler.js';

export interface OnnxEngineDeps {
  readonly loadRuntime?: () => Promise<OrtRuntime>;
  readonly loadTokenizer?: (file: string) => Promise<TextTokenizer>;
}

export function onnxruntimeEngine(deps: OnnxEngineDeps = {}): Engine<OnnxOptions> {
  return { name: 'onnxruntime', run: (request, observer) => runOnnx(request, observer, deps) };
}

/** A loaded decoder, ready to generate: what one round, or one persistent worker, iterates on. */
export interface OnnxSession {
  /** One greedy generation, checked against the first one's tokens. */
  generate(label: string): Promise<Generation>;
  /** The measured sample of a generation. */
  sample(g: Generation): IterationSample;
  /** Facts about how it ran (harness_overhead_pct from the generations passed to `account`). */
  engineInfo(): Promise<EngineOutput['engine_info']>;
  /** Adds a measured generation's step times to harness_overhead_pct. */
  account(g: Generation): void;
  tokensDigest(): string | undefined;
  release(): Promise<void>;
}

async function runOnnx(
  req: EngineRequest<OnnxOptions>,
  observer: IterationObserver,
  deps: OnnxEngineDeps,
): Promise<EngineOutput> {
  const started = performance.now();
  const session = await openOnnxSession(req, deps);
  // budget.max_seconds: no measured iteration starts once the round's budget ran out (one always does).
  const outOfBudget = () => req.budgetMs !== undefined && performance.now() - started >= req.budgetMs;
  try {
    for (let w = 0; w < req.warmup; w++) {
      await session.generate(`warm-up ${w + 1}`);
      observer.onWarmup?.(w, req.warmup);
    }
    const rss = startRssSampler();
    let rssPeak = 0;
    const iterations: IterationSample[] = [];
    try {
      for (let i = 0; i < req.iterations && !(i > 0 && outOfBudget()); i++) {
        const g = await session.generate(`iteration ${i + 1}`);
        rss.sample();
        session.account(g);
        const sample = session.sample(g);
        iterations.push(sample);
        observer.onIteration?.(i, req.iterations, sample);
      }
    } finally {
      rssPeak = rss.stop();
    }
    return {
      iterations,
      memory: [{ metric: 'host_rss_peak_mib', value_mib: rssPeak / 2 ** 20, source: rss.source }],
      engine_info: await session.engineInfo(),
      tokens_digest: session.tokensDigest()!,
    };
  } finally {
    await session.release();
  }
}

/** Loads the model and prepares greedy generation; every failure is an EngineError naming the model. */
export async function openOnnxSession(
  req: EngineRequest<OnnxOptions>,
  deps: OnnxEngineDeps = {},
): Promise<OnnxSession> {
  const opts = req.options;
  const modelPath = path.resolve(req.configDir, opts.model);
  const fail = (kind: ConstructorParameters<typeof EngineError>[0], cause: string): never => {
    throw new EngineError(kind, `model ${modelPath}: ${cause}`);
  };

  const info = await stat(modelPath).catch(() => undefined);
  if (!info) fail('model', 'file not found');
  // A device or a FIFO would block or never end (stat itself does not open the file).
  if (!info!.isFile()) fail('model', 'not a regular file');
  const config = await readModelConfig(modelPath).catch((err: Error) => fail('model', err.message));

  let rt: OrtRuntime;
  try {
    rt = await (deps.loadRuntime ?? loadOrtRuntime)();
  } catch (err) {
    throw new EngineError('dependency-missing', `onnxruntime-node cannot be loaded: ${(err as Error).message}`);
  }

  // WebGPU keeps present.* in GPU buffers; CUDA outputs come back to the host (no IO binding in onnxruntime-node).
  const kvLocation = opts.kv_location ?? 'auto';
  const deviceKv = kvLocation === 'gpu-buffer' || (kvLocation === 'auto' && opts.provider === 'webgpu');
  // The first warm-up's first step is profiled to record which provider ran each kernel (a silent
  // CPU fall-back shows in the result); with no warm-up nothing is profiled, so no measured step is slowed.
  const profileDir = req.warmup > 0 ? await mkdtemp(path.join(os.tmpdir(), 'lpg-ort-profile-')) : undefined;
  // Removed even if this process is stopped by a signal meanwhile (process/leftovers.ts).
  const untrackProfile = profileDir ? trackLeftover(profileDir) : undefined;
  const removeProfile = async () => {
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    untrackProfile?.();
  };
  let session: DecoderSession;
  try {
    session = await rt.createSession(modelPath, {
      provider: opts.provider,
      intraOpThreads: opts.intra_op_threads,
      interOpThreads: opts.inter_op_threads,
      graphOptimization: opts.graph_optimization,
      outputsOnDevice: deviceKv,
      profileDir,
    });
  } catch (err) {
    await removeProfile();
    const msg = trimOrtMessage((err as Error).message);
    const kind = classifyOrtError(msg, 'load');
    if (kind === 'provider-unavailable')
      throw new EngineError(
        kind,
        `execution provider "${opts.provider}" is not available for model ${modelPath}: ${msg}`,
      );
    return fail(kind, `cannot create an inference session: ${msg}`);
  }

  try {
    const facts = configFacts(config);
    const read = readSignature(session.inputMetadata, session.outputMetadata, facts);
    if (!read.ok) return fail('model', `not a decoder with the expected inputs/outputs: ${read.problems.join('; ')}`);
    const sig = read.signature;
    if (sig.fixedBatch !== undefined && sig.fixedBatch !== req.batchSize)
      fail('config', `shape mismatch: the model takes batch size ${sig.fixedBatch}, the config asks ${req.batchSize}`);

    const prompt = await promptIds(req, modelPath, sig, deps, fail);
    if (facts.maxPositions !== undefined && prompt.ids.length + req.maxNewTokens > facts.maxPositions)
      fail(
        'config',
        `shape mismatch: ${prompt.ids.length} prompt + ${req.maxNewTokens} new tokens exceed the model's ${facts.maxPositions} positions`,
      );

    const plan = buildPlan(rt, sig, prompt.ids, req.batchSize, req.maxNewTokens, deviceKv);
    let reference: Int32Array | undefined;
    let usage: ProviderUsage | undefined;
    let profiled = false;
    let outside = 0;
    let stepTotal = 0;
    const generateOnce = async (label: string): Promise<Generation> => {
      let g: Generation;
      try {
        g = await generate(session, plan, undefined, req.signal);
      } catch (err) {
        if (err instanceof StepFailure) {
          const msg = trimOrtMessage(err.message);
          const where = err.index === 0 ? 'prefill' : `token ${err.index + 1} of ${err.total}`;
          return fail(
            classifyOrtError(msg, 'run'),
            `${describeRunError(msg)} at ${where} (${label}; session.run threw): ${msg}`,
          );
        }
        if (err instanceof EngineError) return fail(err.kind, `${err.message} (${label})`);
        throw err;
      }
      if (profileDir && !profiled) {
        // The first generation is the first warm-up (profileDir exists only when there is one).
        profiled = true;
        usage = await session.providerUsage?.();
      }
      if (!reference) reference = g.tokens;
      else if (!sameTokens(reference, g.tokens))
        fail(
          'invalid-output',
          `greedy tokens differ between iterations (${label} vs the first): decoding is not deterministic`,
        );
      return g;
    };
    return {
      generate: generateOnce,
      sample: (g) => ({
        e2e_ms: g.e2eMs,
        ttft_ms: g.ttftMs,
        new_tokens: req.maxNewTokens,
        batch_size: req.batchSize,
        prompt_tokens: prompt.ids.length,
        step_ms: g.stepMs,
        round: req.round,
      }),
      account: (g) => {
        outside += g.outsideRunMs;
        for (const ms of g.stepMs) stepTotal += ms;
      },
      tokensDigest: () => (reference ? tokensDigest(reference) : undefined),
      engineInfo: async () => ({
        provider: opts.provider,
        // Kernels per provider in one profiled step, and the share on the requested provider.
        provider_kernels: usage ? describeUsage(usage) : 'not profiled (warmup: 0)',
        provider_share: usage ? Math.round(usage.share * 1000) / 1000 : null,
        kv_location: deviceKv ? 'gpu-buffer' : 'cpu',
        onnxruntime_version: rt.version,
        intra_op_threads: opts.intra_op_threads ?? 'onnxruntime default',
        inter_op_threads: opts.inter_op_threads ?? 'onnxruntime default',
        host_cpus: os.availableParallelism(),
        graph_optimization: opts.graph_optimization,
        model_file: path.basename(modelPath),
        model_bytes: info!.size,
        model_sha256: await sha256File(modelPath),
        precision: precisionOf(modelPath, sig),
        kv_dtype: sig.kvType,
        layers: sig.layers,
        kv_heads: sig.heads,
        head_dim: sig.headDim,
        vocab: sig.vocab ?? null,
        graph_inputs: describeInputs(sig),
        merged_decoder: sig.hasCacheBranch,
        prompt_source: prompt.source,
        // Time per step outside session.run (feeds, argmax, bookkeeping) over the step time.
        harness_overhead_pct: stepTotal > 0 ? (100 * outside) / stepTotal : null,
      }),
      release: async () => {
        await session.release();
        await removeProfile();
      },
    };
  } catch (err) {
    await session.release();
    await removeProfile();
    throw err;
  }
}

async function promptIds(
  req: EngineRequest<OnnxOptions>,
  modelPath: string,
  sig: DecoderSignature,
  deps: OnnxEngineDeps,
  fail: (kind: 'config' | 'model', cause: string) => never,
): Promise<{ ids: number[]; source: string }> {
  if (req.promptTokens !== undefined) {
    if (sig.vocab === undefined)
      fail('model', 'a synthetic prompt needs the vocabulary size: neither the logits shape nor config.json gives it');
    return {
      ids: syntheticPromptIds(req.promptTokens, sig.vocab!, req.seed),
      source: `synthetic (${req.promptTokens} ids from seed ${req.seed})`,
    };
  }
  const file = req.options.tokenizer
    ? path.resolve(req.configDir, req.options.tokenizer)
    : path.join(path.dirname(modelPath), 'tokenizer.json');
  let tok: TextTokenizer;
  try {
    tok = await (deps.loadTokenizer ?? loadTokenizer)(file);
  } catch (err) {
    return fail(
      'config',
      `a text prompt needs a tokenizer: ${(err as Error).message} (set options.tokenizer, or prompt_tokens for a synthetic prompt)`,
    );
  }
  const ids = tok.encode(req.prompt);
  if (ids.length === 0) fail('config', `the prompt ${JSON.stringify(req.prompt)} encodes to no tokens`);
  const bad = sig.vocab === undefined ? undefined : ids.find((id) => id >= sig.vocab!);
  if (bad !== undefined)
    fail('model', `shape mismatch: tokenizer ${file} gives id ${bad}, the model's vocabulary has ${sig.vocab}`);
  return { ids, source: `text via ${path.basename(file)}` };
}

async function readModelConfig(modelPath: string): Promise<Record<string, unknown> | undefined> {
  // config.json sits beside the model (our layout) or one folder up (transformers.js: onnx/model.onnx).
  for (const dir of [path.dirname(modelPath), path.dirname(path.dirname(modelPath))]) {
    let text: string;
    try {
      text = await readTextInput(path.join(dir, 'config.json'), 16 * 2 ** 20);
    } catch (err) {
      if (err instanceof TextInputError && err.reason === 'file not found') continue;
      throw err;
    }
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${path.join(dir, 'config.json')} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
  }
  return undefined;
}

function sameTokens(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** sha256 of the generated ids as little-endian int32, row-major [batch, new tokens]. */
export function tokensDigest(tokens: Int32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(tokens.buffer, tokens.byteOffset, tokens.byteLength))
    .digest('hex');
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

function precisionOf(modelPath: string, sig: DecoderSignature): string {
  const m = /(q4f16|fp16|fp32|int8|uint8|int4|q4|q8|bnb4|quantized)/i.exec(path.basename(modelPath));
  if (m) return m[1]!.toLowerCase();
  return sig.kvType === 'float16' ? 'fp16 (from the KV dtype)' : 'unknown (float32 I/O)';
}

function describeInputs(sig: DecoderSignature): string {
  const plain = sig.inputNames.filter((n) => !n.startsWith('past_key_values.'));
  return [
    ...plain,
    `past_key_values.{0..${sig.layers - 1}}.key|value [B,${sig.heads},P,${sig.headDim}] ${sig.kvType}`,
  ].join(', ');
}
