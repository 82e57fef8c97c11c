// Writes generated GPT-2 decoders (one file per precision, same weights), config.json and
// tokenizer.json into a folder. The only file-system part of the generator.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { learnBpe, tokenizerJson } from './bpeTrainer.js';
import { buildGpt2Onnx, type GraphOptions } from './gpt2Graph.js';
import { gpt2Config, validateShape, type Gpt2Shape, type ModelDtype } from './gpt2Spec.js';
import { makeGpt2Weights } from './gpt2Weights.js';
import { TRAINING_TEXT } from './trainingText.js';

export interface WriteModelsOptions extends GraphOptions {
  readonly shape: Gpt2Shape;
  readonly seed: number;
  readonly dtypes: readonly ModelDtype[];
  readonly outDir: string;
  /** File name of each precision; default model_<dtype>.onnx. */
  readonly fileName?: (dtype: ModelDtype) => string;
}

export interface WrittenModel {
  readonly dtype: ModelDtype;
  readonly path: string;
  readonly bytes: number;
}

function defaultModelFileName(dtype: ModelDtype): string {
  return `model_${dtype}.onnx`;
}

export async function writeGpt2Models(opts: WriteModelsOptions): Promise<WrittenModel[]> {
  const problems = validateShape(opts.shape);
  if (problems.length > 0) throw new Error(`invalid model shape: ${problems.join('; ')}`);
  await mkdir(opts.outDir, { recursive: true });
  const weights = makeGpt2Weights(opts.shape, opts.seed);
  const written: WrittenModel[] = [];
  for (const dtype of opts.dtypes) {
    const bytes = buildGpt2Onnx(opts.shape, weights, dtype, opts);
    const file = path.join(opts.outDir, (opts.fileName ?? defaultModelFileName)(dtype));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    written.push({ dtype, path: file, bytes: bytes.byteLength });
  }
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  await writeFile(path.join(opts.outDir, 'config.json'), json(gpt2Config(opts.shape, opts.seed)));
  const tok = tokenizerJson(learnBpe(TRAINING_TEXT, opts.shape.vocabSize));
  await writeFile(path.join(opts.outDir, 'tokenizer.json'), `${JSON.stringify(tok)}\n`);
  return written;
}
