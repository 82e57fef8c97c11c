// `llm-perf-gate eval --samples DIR|FILE`: replay recordings through the gate's rules and print
// false-alarm and detection rates. Sample sets (separate runs) go through the stored-baseline rule
// beside the common rules (src/eval/evaluateRules.ts); trial-level recordings (trials.json) through
// the A/B rule beside the process-level rule (src/eval/evaluateTrials.ts). This reads and prints.
import path from 'node:path';
import { gateSchema, type GateConfig } from '../config/schema.js';
import { evaluateRules, type Evaluation } from '../eval/evaluateRules.js';
import { evaluateTrials, type TrialConfigEvaluation } from '../eval/evaluateTrials.js';
import { formatEvaluation } from '../eval/formatEvaluation.js';
import { formatTrialEvaluation } from '../eval/formatTrialEvaluation.js';
import type { Stopping } from '../eval/trialReplay.js';
import { LATENCY_METRICS, type LatencyMetric } from '../metrics.js';
import { DEFAULT_CONFIRMATION_RUNS } from '../stats/compareRuns.js';
import { DEFAULT_AB_MARGIN } from '../stats/trialAnalysis.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { loadRecordings, type Recordings } from './loadRecordings.js';
import { parseArgs, type ParsedFlags } from './parseArgs.js';
import { issueLines } from '../util/zodIssues.js';

export const EVAL_USAGE = `usage: llm-perf-gate eval --samples DIR|FILE [--trials N] [--baseline-runs K] [--seed S] [--max-candidate-runs M]
         [--correction holm|benjamini-hochberg|bonferroni|none] [--alpha A] [--margin M] [--format markdown|json]
       trial-level recordings (trials.json): [--metric ${LATENCY_METRICS.join('|')}] [--ab-margin M]
         [--block N] [--window N] [--splits N] [--same-code] [--stopping spending|confidence-sequence]`;

const FLAGS = {
  samples: { type: 'string', short: 's' },
  trials: { type: 'string' },
  'baseline-runs': { type: 'string' },
  seed: { type: 'string' },
  'max-candidate-runs': { type: 'string' },
  correction: { type: 'string' },
  alpha: { type: 'string' },
  margin: { type: 'string' },
  format: { type: 'string' },
  metric: { type: 'string' },
  'ab-margin': { type: 'string' },
  block: { type: 'string' },
  window: { type: 'string' },
  splits: { type: 'string' },
  'same-code': { type: 'boolean' },
  stopping: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
type Flags = ParsedFlags<typeof FLAGS>;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`eval: --${name} expects a positive integer, got "${value}"`);
  return n;
}

function fraction(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new UsageError(`eval: --${name} expects a number between 0 and 1, got "${value}"`);
  return n;
}

function gateOf(flags: Flags): GateConfig {
  const input: Record<string, unknown> = {};
  if (flags.correction) input['correction'] = flags.correction;
  if (flags.alpha) input['alpha'] = Number(flags.alpha);
  if (flags.margin) input['margin'] = Number(flags.margin);
  const gate = gateSchema.safeParse(input);
  if (!gate.success) throw new UsageError(`eval: ${issueLines(gate.error.issues).join('; ')}`);
  return gate.data;
}

function metricOf(flags: Flags): LatencyMetric {
  const m = flags.metric ?? 'e2e_tok_s';
  if (!(LATENCY_METRICS as readonly string[]).includes(m))
    throw new UsageError(`eval: --metric must be one of ${LATENCY_METRICS.join(', ')}, got "${m}"`);
  return m as LatencyMetric;
}

function stoppingOf(flags: Flags): Stopping {
  const s = flags.stopping ?? 'spending';
  if (s !== 'confidence-sequence' && s !== 'spending')
    throw new UsageError(`eval: --stopping must be spending or confidence-sequence, got "${s}"`);
  return s;
}

function replayTrialSets(
  rec: Recordings,
  flags: Flags,
  gate: GateConfig,
  metric: LatencyMetric,
): TrialConfigEvaluation[] {
  return evaluateTrials(rec.trials, {
    metric,
    ...(flags.block ? { block: positiveInt('block', flags.block, 4) } : {}),
    ...(flags.window ? { window: positiveInt('window', flags.window, 1) } : {}),
    maxSplits: positiveInt('splits', flags.splits, 200),
    ...(flags['same-code'] ? { sameCode: true } : {}),
    stopping: stoppingOf(flags),
    slowdowns: [0.05, 0.1, 0.2],
    seed: positiveInt('seed', flags.seed, 1),
    alpha: gate.alpha,
    margin: fraction('ab-margin', flags['ab-margin'], DEFAULT_AB_MARGIN),
    gate,
  });
}

function replaySampleSets(rec: Recordings, flags: Flags, gate: GateConfig): Evaluation | undefined {
  if (rec.samples.length === 0) return undefined;
  return evaluateRules(rec.samples, {
    gate,
    baselineRuns: positiveInt('baseline-runs', flags['baseline-runs'], gate.baseline_runs),
    trials: positiveInt('trials', flags.trials, 400),
    seed: positiveInt('seed', flags.seed, 1),
    slowdowns: [0.05, 0.1, 0.2],
    maxCandidateRuns: positiveInt('max-candidate-runs', flags['max-candidate-runs'], DEFAULT_CONFIRMATION_RUNS),
  });
}

export const evalCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('eval', args, FLAGS);
  if (flags.help) {
    ctx.stdout.write(`${EVAL_USAGE}\n`);
    return EXIT.pass;
  }
  if (!flags.samples) throw new UsageError(`eval: --samples is required\n${EVAL_USAGE}`);
  const format = flags.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`eval: --format must be markdown or json`);
  const gate = gateOf(flags);
  const metric = metricOf(flags);
  const rec = await loadRecordings(path.resolve(ctx.cwd, flags.samples));
  const processLevel = replaySampleSets(rec, flags, gate);
  const trialLevel = replayTrialSets(rec, flags, gate, metric);
  if (format === 'json') {
    const json = { ...(processLevel ?? { rules: [], configs: [] }), trialConfigs: trialLevel };
    ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const parts = [
      processLevel ? formatEvaluation(processLevel) : '',
      trialLevel.length > 0 ? formatTrialEvaluation(trialLevel, metric) : '',
    ];
    ctx.stdout.write(parts.filter((p) => p !== '').join('\n'));
  }
  return EXIT.pass;
};
