// Small generated models for the ONNX engine tests, written into temp folders.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Gpt2Shape, ModelDtype } from '../../src/models/gpt2Spec.js';
import { writeGpt2Models } from '../../src/models/writeGpt2Model.js';

export const MICRO_SHAPE: Gpt2Shape = {
  nLayer: 2,
  nHead: 2,
  nEmbd: 32,
  vocabSize: 300,
  nPositions: 64,
  tieWordEmbeddings: false,
};

export async function tempDir(prefix = 'lpg-onnx-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeMicroModel(
  dir: string,
  opts: { shape?: Partial<Gpt2Shape>; dtypes?: ModelDtype[]; seed?: number; merged?: boolean } = {},
): Promise<string> {
  const written = await writeGpt2Models({
    shape: { ...MICRO_SHAPE, ...opts.shape },
    seed: opts.seed ?? 7,
    dtypes: opts.dtypes ?? ['fp32'],
    outDir: dir,
    mergedCacheBranch: opts.merged ?? false,
  });
  return written[0]!.path;
}
