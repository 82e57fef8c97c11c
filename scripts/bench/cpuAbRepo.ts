// A git repository for A/B runs of the embedded default on the CPU: the base commit is the embedded
// default (fixtures/default.perf-gate.yml and the committed tiny GPT-2), the head commit re-exports
// the fp32 model with a different shape. The config file is the same in both commits, so A/B mode
// compares them like for like; only the model's cost changes. The head keeps the base's tokenizer,
// so the prompt is the same ids on both sides and every step does the same bookkeeping.
// Used by test/integration/ab/abDefaultCpu.test.ts and scripts/bench/ab-cpu-power.ts.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execGit } from '../../src/ab/gitRunner.ts';
import { PRESETS, type Gpt2Shape } from '../../src/models/gpt2Spec.ts';
import { writeGpt2Models } from '../../src/models/writeGpt2Model.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE_MODEL = path.join(ROOT, 'fixtures/models/gpt2-tiny');
export const CPU_AB_CONFIG = 'perf-gate.yml';
/** The config of the embedded default that A/B runs compare (int4 would double the time and add nothing). */
export const CPU_AB_FILTER = '^gpt2-tiny fp32$';
const MODEL_DIR = 'models/gpt2-tiny';
export const CPU_AB_MODEL = `${MODEL_DIR}/model_fp32.onnx`;

/** How the head commit's model differs from the committed tiny GPT-2 (4 layers, 128 wide, 512 tokens). */
export interface HeadShape {
  readonly layers?: number;
  readonly vocab?: number;
}

export function describeHead(head: HeadShape): string {
  const t = PRESETS.tiny;
  const parts = [
    ...(head.layers !== undefined ? [`${head.layers} layers instead of ${t.nLayer}`] : []),
    ...(head.vocab !== undefined ? [`a ${head.vocab}-token vocabulary instead of ${t.vocabSize}`] : []),
  ];
  return `the fp32 model re-exported with ${parts.join(' and ') || 'the same shape'}`;
}

/** Creates `dir` as a repository with those two commits on `main`; resolves to `dir`. */
export async function makeCpuAbRepo(dir: string, head: HeadShape): Promise<string> {
  const git = execGit();
  const run = (...args: string[]) =>
    git.run(['-c', 'user.name=llm-perf-gate', '-c', 'user.email=bench@example.com', ...args], dir);
  const models = path.join(dir, MODEL_DIR);
  await mkdir(models, { recursive: true });
  await run('init', '-q', '-b', 'main');
  await copyFile(path.join(ROOT, 'fixtures/default.perf-gate.yml'), path.join(dir, CPU_AB_CONFIG));
  for (const f of ['config.json', 'model_fp32.onnx', 'model_int4.onnx', 'tokenizer.json'])
    await copyFile(path.join(FIXTURE_MODEL, f), path.join(models, f));
  await run('add', '.');
  await run('commit', '-q', '-m', 'base: the embedded default');

  // The committed model's generator seed (config.json says how to regenerate its bytes).
  const config = JSON.parse(await readFile(path.join(FIXTURE_MODEL, 'config.json'), 'utf8')) as {
    llm_perf_gate: { seed: number };
  };
  const shape: Gpt2Shape = {
    ...PRESETS.tiny,
    nLayer: head.layers ?? PRESETS.tiny.nLayer,
    vocabSize: head.vocab ?? PRESETS.tiny.vocabSize,
  };
  await writeGpt2Models({ shape, seed: config.llm_perf_gate.seed, dtypes: ['fp32'], outDir: models });
  await copyFile(path.join(FIXTURE_MODEL, 'tokenizer.json'), path.join(models, 'tokenizer.json'));
  await run('commit', '-q', '-am', `head: ${describeHead(head)}`);
  return dir;
}
