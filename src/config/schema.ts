// The perf-gate.yml contract. Defaults reproduce the seed study's protocol: warm-up 1, 8 measured
// iterations, greedy decoding, 100 new tokens, prompt "Explain quantum computing:", batch 1.
import { z } from 'zod';
import { commandOptionsSchema } from '../engines/command/options.js';
import { onnxOptionsSchema } from '../engines/onnxruntime/options.js';
import { transformersOptionsSchema } from '../engines/transformers/options.js';
import { METRICS } from '../metrics.js';
import { boundedInt, boundedNumber, fraction, LIMITS, TEXT_LIMITS } from './bounds.js';

export const CONFIG_VERSION = 1;
export const DEFAULT_PROMPT = 'Explain quantum computing:';

const budgetSchema = z.strictObject({
  /** Most measured iterations per config, adaptive extensions included. */
  max_iterations: boundedInt('max_iterations', 1).default(32),
  /** Most wall seconds per config, every round included (the planned one too). */
  max_seconds: boundedNumber('max_seconds').default(600),
});

/** Protocol fields that a benchmark may override. */
const protocolFields = {
  warmup: boundedInt('warmup', 0),
  iterations: boundedInt('iterations', 1),
  max_new_tokens: boundedInt('max_new_tokens', 1),
  prompt: z.string().min(1).max(TEXT_LIMITS.prompt),
  /** A synthetic prompt of this many tokens; takes the place of `prompt` when set. */
  prompt_tokens: boundedInt('prompt_tokens', 1),
  batch_size: boundedInt('batch_size', 1),
  seed: boundedInt('seed', 0),
  decoding: z.literal('greedy'),
};

export const protocolSchema = z.strictObject({
  warmup: protocolFields.warmup.default(1),
  iterations: protocolFields.iterations.default(8),
  max_new_tokens: protocolFields.max_new_tokens.default(100),
  prompt: protocolFields.prompt.default(DEFAULT_PROMPT),
  prompt_tokens: protocolFields.prompt_tokens.optional(),
  batch_size: protocolFields.batch_size.default(1),
  seed: protocolFields.seed.default(0),
  decoding: protocolFields.decoding.default('greedy'),
  budget: budgetSchema.prefault({}),
});
export type Protocol = z.infer<typeof protocolSchema>;

const protocolOverrideSchema = z.strictObject({
  warmup: protocolFields.warmup.optional(),
  iterations: protocolFields.iterations.optional(),
  max_new_tokens: protocolFields.max_new_tokens.optional(),
  prompt: protocolFields.prompt.optional(),
  prompt_tokens: protocolFields.prompt_tokens.optional(),
  batch_size: protocolFields.batch_size.optional(),
  seed: protocolFields.seed.optional(),
  decoding: protocolFields.decoding.optional(),
  budget: budgetSchema.partial().optional(),
});

/** Sweeps expand one benchmark into one config per combination (the seed's "future work"). */
const sweepValues = (field: 'batch_size' | 'prompt_tokens') =>
  z
    .array(boundedInt(field, 1))
    .min(1)
    .max(LIMITS.sweep_values.max, { error: `at most ${LIMITS.sweep_values.max} values (${LIMITS.sweep_values.why})` });
const sweepSchema = z.strictObject({
  batch_size: sweepValues('batch_size').optional(),
  prompt_tokens: sweepValues('prompt_tokens').optional(),
});

const benchmarkName = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.name)
  .regex(/^[^\r\n]+$/, 'a single line');

const benchmarkCommon = {
  name: benchmarkName,
  protocol: protocolOverrideSchema.optional(),
  sweep: sweepSchema.optional(),
  /** Free-form labels shown in the report (e.g. model: gpt2, technique: fp16). */
  labels: z.record(z.string().max(TEXT_LIMITS.label), z.string().max(TEXT_LIMITS.label)).optional(),
};

export const benchmarkSchema = z.discriminatedUnion('engine', [
  z.strictObject({ ...benchmarkCommon, engine: z.literal('onnxruntime'), options: onnxOptionsSchema }),
  z.strictObject({ ...benchmarkCommon, engine: z.literal('transformers'), options: transformersOptionsSchema }),
  z.strictObject({ ...benchmarkCommon, engine: z.literal('command'), options: commandOptionsSchema }),
]);
export type BenchmarkConfig = z.infer<typeof benchmarkSchema>;
export type EngineName = BenchmarkConfig['engine'];

const metricGateSchema = z.strictObject({
  /** Whether this metric is compared at all. */
  enabled: z.boolean().default(true),
  /** Which way is better; defaults to the metric's natural direction. */
  direction: z.enum(['higher', 'lower']).optional(),
  /**
   * Relative change that matters (0.05 = 5%). A change whose interval lies inside ±margin is
   * `unchanged`; a regression must be both statistically clear and larger than this.
   */
  margin: fraction('margin').optional(),
  /** Whether a regression of this metric fails the gate (otherwise it is only reported). */
  gate: z.boolean().optional(),
});

/**
 * What fails the gate. regression: confirmed regressions only. regression-or-failed (default, fail
 * closed): also a config that failed, went missing or has no baseline, and a run that compared
 * nothing. regression-failed-or-undecided: also a gating metric the data could not decide. never.
 */
export const FAIL_ON = ['regression', 'regression-or-failed', 'regression-failed-or-undecided', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export const gateSchema = z.strictObject({
  fail_on: z.enum(FAIL_ON).default('regression-or-failed'),
  /** A config without a baseline (added, or its settings changed) passes instead of "not measured". */
  allow_new: z.boolean().default(false),
  /**
   * Family-wise false-alarm rate across configs × metrics. 0.02 keeps A/A false alarms at or below 1%
   * per config on the recorded runs (docs/statistics.md); 0.05 gave 2.3–3.8%.
   */
  alpha: z.number().gt(0).lt(0.5).default(0.02),
  correction: z.enum(['holm', 'benjamini-hochberg', 'bonferroni', 'none']).default('holm'),
  /** Default margin for latency metrics without one of their own. */
  margin: fraction('margin').default(0.05),
  /** Relative tolerance for memory metrics (nearly deterministic: no noise test). */
  memory_tolerance: fraction('memory_tolerance').default(0.05),
  /** Absolute slack for memory metrics, in MiB, so a few MiB of allocator noise never fails. */
  memory_tolerance_mib: z
    .number()
    .min(0)
    .max(LIMITS.memory_tolerance_mib.max)
    .describe(`0 to ${LIMITS.memory_tolerance_mib.max}: ${LIMITS.memory_tolerance_mib.why}`)
    .default(8),
  /** What to do when baseline and candidate ran on different machines. */
  fingerprint_mismatch: z.enum(['refuse', 'warn', 'compare']).default('refuse'),
  /** Baseline runs kept (the stores keep the last K). */
  baseline_runs: z.int().min(1).max(100).default(5),
  metrics: z.partialRecord(z.enum(METRICS), metricGateSchema).default({}),
});
export type GateConfig = z.infer<typeof gateSchema>;

export const configSchema = z.strictObject({
  version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
  protocol: protocolSchema.prefault({}),
  benchmarks: z
    .array(benchmarkSchema)
    .min(1, 'expected at least one benchmark')
    .max(LIMITS.benchmarks.max, { error: `at most ${LIMITS.benchmarks.max} benchmarks (${LIMITS.benchmarks.why})` }),
  gate: gateSchema.prefault({}),
});
export type Config = z.infer<typeof configSchema>;
