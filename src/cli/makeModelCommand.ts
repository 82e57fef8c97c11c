// `llm-perf-gate make-model`: writes a GPT-2-architecture ONNX decoder with deterministic weights
// (plus config.json and tokenizer.json) for benchmarks and tests.
import path from 'node:path';
import { MODEL_DTYPES, PRESETS, type Gpt2Shape, type ModelDtype, type PresetName } from '../models/gpt2Spec.js';
import { writeGpt2Models } from '../models/writeGpt2Model.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const MAKE_MODEL_USAGE = `usage: llm-perf-gate make-model --out DIR [--preset ${Object.keys(PRESETS).join('|')}]
         [--dtype ${MODEL_DTYPES.join('|')}|all (comma-separated list allowed, default fp32)] [--seed N]
         [--layers N --heads N --embd N --vocab N --positions N] [--merged]
writes DIR/model_<dtype>.onnx, DIR/config.json and DIR/tokenizer.json (same seed → same bytes)`;

export const makeModelCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('make-model', args, {
    preset: { type: 'string' },
    dtype: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    layers: { type: 'string' },
    heads: { type: 'string' },
    embd: { type: 'string' },
    vocab: { type: 'string' },
    positions: { type: 'string' },
    merged: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    ctx.stdout.write(`${MAKE_MODEL_USAGE}\n`);
    return EXIT.pass;
  }
  if (!flags.out) throw new UsageError(`make-model: --out is required\n${MAKE_MODEL_USAGE}`);
  const presetName = (flags.preset ?? 'tiny') as PresetName;
  const preset = PRESETS[presetName] as Gpt2Shape | undefined;
  if (!preset)
    throw new UsageError(`make-model: --preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${presetName}"`);
  const int = (name: string, v: string | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < (name === 'seed' ? 0 : 1))
      throw new UsageError(
        `make-model: --${name} must be a ${name === 'seed' ? 'non-negative' : 'positive'} integer, got "${v}"`,
      );
    return n;
  };
  const shape: Gpt2Shape = {
    nLayer: int('layers', flags.layers, preset.nLayer),
    nHead: int('heads', flags.heads, preset.nHead),
    nEmbd: int('embd', flags.embd, preset.nEmbd),
    vocabSize: int('vocab', flags.vocab, preset.vocabSize),
    nPositions: int('positions', flags.positions, preset.nPositions),
    tieWordEmbeddings: preset.tieWordEmbeddings,
  };
  const dtypes = parseDtypes(flags.dtype ?? 'fp32');
  const written = await writeGpt2Models({
    shape,
    seed: int('seed', flags.seed, 0),
    dtypes,
    outDir: path.resolve(ctx.cwd, flags.out),
    mergedCacheBranch: flags.merged ?? false,
  }).catch((err: Error) => {
    throw err.message.startsWith('invalid model shape') ? new UsageError(`make-model: ${err.message}`) : err;
  });
  for (const w of written)
    ctx.stdout.write(`${path.relative(ctx.cwd, w.path) || w.path}  ${(w.bytes / 2 ** 20).toFixed(2)} MiB\n`);
  return EXIT.pass;
};

function parseDtypes(value: string): ModelDtype[] {
  if (value === 'all') return [...MODEL_DTYPES];
  const list = value.split(',').map((s) => s.trim());
  for (const d of list)
    if (!(MODEL_DTYPES as readonly string[]).includes(d))
      throw new UsageError(`make-model: --dtype must be ${MODEL_DTYPES.join(', ')} or all, got "${d}"`);
  return [...new Set(list)] as ModelDtype[];
}
