// Decode speed of our built-in engine vs transformers.js on the same ONNX files, same threads, same
// prompt ids, greedy, same number of new tokens, KV cache on both sides. The sides alternate round
// by round so drifting machine load hits both. Run: npx tsx bench/engineVsTransformersJs.ts
//   [--preset gpt2-124m|tiny] [--dtypes fp32,int4] [--rounds 3] [--iterations 3] [--tokens 100]
//   [--threads 2] [--prompt-tokens 16]
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onnxruntimeEngine, tokensDigest } from '../src/engines/onnxruntime/onnxDecoder.js';
import { onnxOptionsSchema } from '../src/engines/onnxruntime/options.js';
import { syntheticPromptIds } from '../src/engines/onnxruntime/promptIds.js';
import { PRESETS, type ModelDtype, type PresetName } from '../src/models/gpt2Spec.js';
import { writeGpt2Models } from '../src/models/writeGpt2Model.js';
import { median } from '../src/stats/descriptive.js';

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: 'gpt2-124m' },
    dtypes: { type: 'string', default: 'fp32,int4' },
    rounds: { type: 'string', default: '3' },
    iterations: { type: 'string', default: '3' },
    tokens: { type: 'string', default: '100' },
    threads: { type: 'string', default: '2' },
    'prompt-tokens': { type: 'string', default: '16' },
    seed: { type: 'string', default: '0' },
  },
});
const preset = args.preset as PresetName;
const shape = PRESETS[preset];
const dtypes = args.dtypes.split(',') as ModelDtype[];
const rounds = Number(args.rounds);
const perRound = Number(args.iterations);
const N = Number(args.tokens);
const threads = Number(args.threads);
const promptLen = Number(args['prompt-tokens']);
const seed = Number(args.seed);

// transformers.js layout: <dir>/config.json and <dir>/onnx/model{,_q4,_fp16,_int8}.onnx.
const TJS_SUFFIX: Record<ModelDtype, { file: string; dtype: string }> = {
  fp32: { file: 'model.onnx', dtype: 'fp32' },
  fp16: { file: 'model_fp16.onnx', dtype: 'fp16' },
  int8: { file: 'model_int8.onnx', dtype: 'int8' },
  int4: { file: 'model_q4.onnx', dtype: 'q4' },
};
const modelsRoot = path.resolve('bench/models');
const modelDir = path.join(modelsRoot, preset);

interface Sample {
  readonly decodeTokS: number;
  readonly ttftMs: number;
}

async function ensureModels(): Promise<void> {
  const missing = dtypes.filter((d) => !existsSync(path.join(modelDir, 'onnx', TJS_SUFFIX[d].file)));
  if (missing.length === 0) return;
  const t0 = performance.now();
  console.log(`generating ${preset} (${missing.join(', ')}) into ${path.relative(process.cwd(), modelDir)} ...`);
  await writeGpt2Models({
    shape,
    seed,
    dtypes: missing,
    outDir: modelDir,
    fileName: (d) => `onnx/${TJS_SUFFIX[d].file}`,
  });
  console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

type TransformersJs = typeof import('@huggingface/transformers');

interface Side {
  /** One warm-up, then `perRound` measured generations. */
  round(): Promise<{ samples: Sample[]; digest: string; overheadPct?: number }>;
  dispose(): Promise<void>;
}

/** transformers.js on the same file: TTFT from its streamer's second put (the first new token). */
async function transformersJsSide(tjs: TransformersJs, dtype: ModelDtype, promptIds: readonly number[]): Promise<Side> {
  const model = await tjs.AutoModelForCausalLM.from_pretrained(preset, {
    dtype: TJS_SUFFIX[dtype].dtype as 'fp32',
    device: 'cpu',
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  const inputIds = new tjs.Tensor('int64', BigInt64Array.from(promptIds.map(BigInt)), [1, promptLen]);
  const attentionMask = new tjs.Tensor('int64', new BigInt64Array(promptLen).fill(1n), [1, promptLen]);
  const once = async (): Promise<Sample & { tokens: Int32Array }> => {
    let first = 0;
    let puts = 0;
    const streamer = {
      put: () => {
        // The first put is the prompt, the second the first new token.
        if (++puts === 2) first = performance.now();
      },
      end: () => undefined,
    };
    const t0 = performance.now();
    const out = (await model.generate({
      input_ids: inputIds,
      attention_mask: attentionMask,
      max_new_tokens: N,
      min_new_tokens: N,
      do_sample: false,
      streamer,
    } as never)) as { data: BigInt64Array; dims: number[] };
    const t1 = performance.now();
    const tokens = Int32Array.from(Array.from(out.data.slice(promptLen), Number));
    return { decodeTokS: (N - 1) / ((t1 - first) / 1000), ttftMs: first - t0, tokens };
  };
  return {
    async round() {
      await once(); // warm-up, as ours
      const samples: Sample[] = [];
      let digest = '';
      for (let i = 0; i < perRound; i++) {
        const s = await once();
        samples.push(s);
        digest = tokensDigest(s.tokens);
      }
      return { samples, digest };
    },
    dispose: async () => {
      await model.dispose();
    },
  };
}

/** The built-in onnxruntime engine, one engine round per bench round. */
function ourSide(dtype: ModelDtype): Side {
  const modelFile = path.join(modelDir, 'onnx', TJS_SUFFIX[dtype].file);
  return {
    async round() {
      const out = await onnxruntimeEngine().run(
        {
          name: `${preset} ${dtype}`,
          options: onnxOptionsSchema.parse({ model: modelFile, intra_op_threads: threads, inter_op_threads: 1 }),
          warmup: 1,
          iterations: perRound,
          maxNewTokens: N,
          batchSize: 1,
          prompt: '',
          promptTokens: promptLen,
          seed,
          configDir: process.cwd(),
          round: 0,
        },
        {},
      );
      return {
        samples: out.iterations.map((s) => ({
          decodeTokS: (N - 1) / ((s.e2e_ms - s.ttft_ms) / 1000),
          ttftMs: s.ttft_ms,
        })),
        digest: out.tokens_digest!,
        overheadPct: Number(out.engine_info.harness_overhead_pct),
      };
    },
    dispose: async () => undefined,
  };
}

/** Both sides on one dtype, alternating who goes first each round; the table row. */
async function compareDtype(tjs: TransformersJs, dtype: ModelDtype, promptIds: readonly number[]): Promise<string> {
  const sides = { ours: ourSide(dtype), theirs: await transformersJsSide(tjs, dtype, promptIds) };
  const ours: Sample[] = [];
  const them: Sample[] = [];
  const overhead: number[] = [];
  const digests = { ours: '', theirs: '' };
  const roundRatios: number[] = [];
  const decode = (xs: readonly Sample[]) => xs.map((s) => s.decodeTokS);
  for (let r = 0; r < rounds; r++) {
    // Alternate who goes first, so a slow phase of the machine does not always hit the same side.
    const order = r % 2 === 0 ? (['ours', 'theirs'] as const) : (['theirs', 'ours'] as const);
    const got: Partial<Record<'ours' | 'theirs', Sample[]>> = {};
    for (const who of order) {
      const round = await sides[who].round();
      got[who] = round.samples;
      digests[who] = round.digest;
      if (round.overheadPct !== undefined) overhead.push(round.overheadPct);
    }
    ours.push(...got.ours!);
    them.push(...got.theirs!);
    // Paired per round: both sides ran back to back, so machine-load drift largely cancels.
    roundRatios.push(median(decode(got.ours!)) / median(decode(got.theirs!)));
    const line = (xs: readonly Sample[]) => xs.map((s) => s.decodeTokS.toFixed(1)).join(' ');
    console.log(
      `  ${dtype} round ${r + 1}: ours ${line(got.ours!)} | transformers.js ${line(got.theirs!)} tok/s | ratio ${roundRatios.at(-1)!.toFixed(3)}`,
    );
  }
  await sides.theirs.dispose();
  const o = median(decode(ours));
  const t = median(decode(them));
  return (
    `| ${preset} ${dtype} | ${o.toFixed(1)} | ${t.toFixed(1)} | ${(o / t).toFixed(3)}x | ` +
    `${median(roundRatios).toFixed(3)}x (${Math.min(...roundRatios).toFixed(2)}-${Math.max(...roundRatios).toFixed(2)}) | ` +
    `${median(ours.map((s) => s.ttftMs)).toFixed(1)} | ${median(them.map((s) => s.ttftMs)).toFixed(1)} | ` +
    `${median(overhead).toFixed(2)}% | ${digests.ours === digests.theirs ? 'identical' : 'DIFFERENT'} |`
  );
}

async function main(): Promise<void> {
  await ensureModels();
  const tjs = await import('@huggingface/transformers');
  tjs.env.allowRemoteModels = false;
  tjs.env.localModelPath = `${modelsRoot}/`;
  const promptIds = syntheticPromptIds(promptLen, shape.vocabSize, seed);
  console.log(
    `${preset} | ${N} new tokens | prompt ${promptLen} ids | batch 1 | ${threads} intra-op threads | ` +
      `${rounds} rounds x ${perRound} iterations per side (+1 warm-up each) | host ${os.availableParallelism()} CPUs`,
  );
  const rows: string[] = [];
  for (const dtype of dtypes) rows.push(await compareDtype(tjs, dtype, promptIds));
  console.log('');
  console.log(
    '| model | ours decode tok/s (median) | transformers.js decode tok/s (median) | ours/theirs (pooled medians) | ours/theirs (median of per-round ratios, range) | ours TTFT ms | theirs TTFT ms | our harness overhead | greedy tokens |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

await main();
