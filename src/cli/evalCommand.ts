// `llm-perf-gate eval --samples DIR`: replay recorded runs through the gate's rule and the common
// rules, and print false-alarm and detection rates per model size. The logic lives in
// src/eval/evaluateRules.ts; this reads files and prints.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gateSchema } from '../config/schema.js';
import { DEFAULT_CONFIRMATION_RUNS } from '../stats/compareRuns.js';
import { evaluateRules } from '../eval/evaluateRules.js';
import { formatEvaluation } from '../eval/formatEvaluation.js';
import { SAMPLES_FORMAT, sampleSetSchema, type ParsedSampleSet } from '../eval/sampleSet.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const EVAL_USAGE = `usage: llm-perf-gate eval --samples DIR|FILE [--trials N] [--baseline-runs K] [--seed S] [--max-candidate-runs M]
         [--correction holm|benjamini-hochberg|bonferroni|none] [--alpha A] [--margin M] [--format markdown|json]`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`eval: --${name} expects a positive integer, got "${value}"`);
  return n;
}

async function loadSampleSets(target: string): Promise<{ name: string; set: ParsedSampleSet }[]> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new UsageError(`eval: --samples ${target} does not exist`);
  const files = info.isDirectory()
    ? (await readdir(target))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  const sets: { name: string; set: ParsedSampleSet }[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`eval: ${file} is not JSON: ${(err as Error).message}`);
    }
    // Other JSON in the folder (e.g. result files) is not a sample set: skip it quietly.
    if ((raw as { format?: unknown } | null)?.format !== SAMPLES_FORMAT) continue;
    const parsed = sampleSetSchema.safeParse(raw);
    if (!parsed.success)
      throw new UsageError(`eval: ${file}: ${parsed.error.issues[0]?.message ?? 'invalid sample set'}`);
    sets.push({ name: path.basename(file), set: parsed.data });
  }
  if (sets.length === 0) throw new UsageError(`eval: no "${SAMPLES_FORMAT}" files in ${target}`);
  return sets;
}

export const evalCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('eval', args, {
    samples: { type: 'string', short: 's' },
    trials: { type: 'string' },
    'baseline-runs': { type: 'string' },
    seed: { type: 'string' },
    'max-candidate-runs': { type: 'string' },
    correction: { type: 'string' },
    alpha: { type: 'string' },
    margin: { type: 'string' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    ctx.stdout.write(`${EVAL_USAGE}\n`);
    return EXIT.pass;
  }
  if (!flags.samples) throw new UsageError(`eval: --samples is required\n${EVAL_USAGE}`);
  const format = flags.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`eval: --format must be markdown or json`);
  const gateInput: Record<string, unknown> = {};
  if (flags.correction) gateInput['correction'] = flags.correction;
  if (flags.alpha) gateInput['alpha'] = Number(flags.alpha);
  if (flags.margin) gateInput['margin'] = Number(flags.margin);
  const gate = gateSchema.safeParse(gateInput);
  if (!gate.success)
    throw new UsageError(`eval: ${gate.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const sets = await loadSampleSets(path.resolve(ctx.cwd, flags.samples));
  const evaluation = evaluateRules(sets, {
    gate: gate.data,
    baselineRuns: positiveInt('baseline-runs', flags['baseline-runs'], gate.data.baseline_runs),
    trials: positiveInt('trials', flags.trials, 400),
    seed: positiveInt('seed', flags.seed, 1),
    slowdowns: [0.05, 0.1, 0.2],
    maxCandidateRuns: positiveInt('max-candidate-runs', flags['max-candidate-runs'], DEFAULT_CONFIRMATION_RUNS),
  });
  ctx.stdout.write(format === 'json' ? `${JSON.stringify(evaluation, null, 2)}\n` : formatEvaluation(evaluation));
  return EXIT.pass;
};
