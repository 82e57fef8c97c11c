// The trial-level A/B recording: W persistent workers per side, every trial runs one measured
// iteration on every worker in a fresh random order (RMIT). Written by `ab` (trials.json in its
// out-dir), read back by `eval` for replay. Contract between src/ab (runner) and src/stats (analysis).
import { z } from 'zod';
import { memoryPeakSchema, iterationSampleSchema } from '../result/schema.js';
import { latencyValue, type LatencyMetric } from '../metrics.js';

export const TRIALS_FORMAT = 'llm-perf-gate.trials';
export const TRIALS_VERSION = 1;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const side = z.enum(['base', 'head']);
export type TrialSide = z.infer<typeof side>;

export const workerInfoSchema = z.strictObject({
  /** `base-1` … `base-W`, `head-1` … `head-W`. */
  id: z.string().regex(/^(base|head)-[1-9][0-9]*$/),
  side,
  /** Warm-up iterations this worker ran before its first measured trial. */
  warmup: z.int().min(0),
  engine_info: z.record(z.string(), scalar).default({}),
  /** Memory peaks of this worker (measured once, over its whole life). */
  memory: z.array(memoryPeakSchema).default([]),
});
export type WorkerInfo = z.infer<typeof workerInfoSchema>;

const trialOutcomeSchema = z.union([
  z.strictObject({ sample: iterationSampleSchema }),
  z.strictObject({ error: z.string().min(1) }),
]);

export const trialSchema = z.strictObject({
  index: z.int().min(0),
  /** Worker ids in the order they ran in this trial. */
  order: z.array(z.string()).min(1),
  /** One outcome per worker id. */
  outcomes: z.record(z.string(), trialOutcomeSchema),
  /** Milliseconds since the config's first trial started. */
  started_ms: z.number().min(0),
  /**
   * Generation of worker processes that ran this trial: all 2·W workers are replaced between
   * epochs, so each (worker slot, epoch) is a separate process with its own offset. 0 throughout
   * when the workers were never restarted.
   */
  epoch: z.int().min(0).default(0),
});
export type Trial = z.infer<typeof trialSchema>;

export const STOP_REASONS = ['decided', 'budget-time', 'budget-trials', 'fixed-trials', 'cancelled', 'failed'] as const;

/** One look of the stop rule: after a block, the analyses were asked for a verdict. */
export const trialLookSchema = z.strictObject({
  /** Trials complete at this look. */
  trials: z.int().min(1),
  /** Seconds since the config started. */
  seconds: z.number().min(0),
  /**
   * Share of the budget used: the larger of time used / time budget and trials / most trials. The
   * alpha-spending plan's clock.
   */
  fraction: z.number().min(0).max(1),
  /** The budget allowed no further block: this look spent all of alpha that was left. */
  final: z.boolean(),
});
export type TrialLook = z.infer<typeof trialLookSchema>;

export const trialConfigSchema = z.strictObject({
  name: z.string().min(1),
  engine: z.string().min(1),
  workers: z.array(workerInfoSchema).min(2),
  trials: z.array(trialSchema),
  /** Every look so far, in order (absent in older recordings: their analyses use no look history). */
  looks: z.array(trialLookSchema).default([]),
  stop: z.strictObject({
    reason: z.enum(STOP_REASONS),
    trials: z.int().min(0),
    seconds: z.number().min(0),
    /** Set when fewer workers than 2·W could be resident at once and they were rotated. */
    rotated: z.boolean().default(false),
  }),
});
export type TrialConfig = z.infer<typeof trialConfigSchema>;

export const trialSetSchema = z.strictObject({
  format: z.literal(TRIALS_FORMAT),
  version: z.literal(TRIALS_VERSION),
  created_at: z.string(),
  design: z.literal('rmit'),
  /** Seed of the per-trial shuffles: with it the order of every trial can be replayed. */
  seed: z.int().min(0),
  workers_per_side: z.int().min(1),
  /** `aa` when both sides ran the same code (a noise recording), `ab` otherwise. */
  arrangement: z.enum(['ab', 'aa']),
  commits: z.strictObject({ base: z.string().optional(), head: z.string().optional() }).default({}),
  machine: z.string().optional(),
  configs: z.array(trialConfigSchema),
});
export type TrialSet = z.infer<typeof trialSetSchema>;

/** One latency metric as a [worker][trial] matrix per side (null where the iteration failed). */
export interface TrialMatrix {
  readonly base: readonly (readonly (number | null)[])[];
  readonly head: readonly (readonly (number | null)[])[];
  /** Epoch (worker-process generation) of every trial column; all 0 when absent. */
  readonly epochs?: readonly number[];
}

export function trialMatrix(config: TrialConfig, metric: LatencyMetric): TrialMatrix {
  const rows = (s: TrialSide) =>
    config.workers
      .filter((w) => w.side === s)
      .map((w) =>
        config.trials.map((t) => {
          const o = t.outcomes[w.id];
          return o && 'sample' in o ? (latencyValue(metric, o.sample) ?? null) : null;
        }),
      );
  return { base: rows('base'), head: rows('head'), epochs: config.trials.map((t) => t.epoch) };
}
