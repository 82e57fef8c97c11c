// The A/A check of A/B mode: the base runs compared with each other. The code is the same on both
// halves, so whatever the halves differ by is this job's own noise; a verdict other than unchanged
// or inconclusive here is a false alarm of this runner, and says how far to trust the A/B verdicts.
// Pure: result documents in, numbers out.
import type { GateConfig } from '../config/schema.js';
import { latencySeries } from '../metrics.js';
import type { ResultDoc } from '../result/schema.js';
import { compareRuns } from '../stats/compareRuns.js';
import type { Comparison, VerdictKind } from '../stats/types.js';
import { median } from '../stats/descriptive.js';

/** The metric whose between-run spread is reported as the noise floor (the gate's headline metric). */
export const NOISE_FLOOR_METRIC = 'e2e_tok_s';

export interface AaConfigCheck {
  readonly name: string;
  /** Base runs with samples of this config. */
  readonly runs: number;
  /** Relative spread between runs of unchanged code: exp(SD of log per-run medians) − 1. */
  readonly noiseFloor?: number;
  /** SD of the log per-run medians (the form compareRuns takes as a prior). */
  readonly logSd?: number;
  /** The A/A comparison of the two halves, for the headline metric. */
  readonly change?: number;
  readonly ci?: readonly [number, number];
  readonly verdict?: VerdictKind;
  readonly method?: string;
}

export interface AaCheck {
  /** Labels (or ids) of the base runs in each half. */
  readonly halves: readonly [readonly string[], readonly string[]];
  readonly configs: readonly AaConfigCheck[];
  /** Configs where unchanged code got a regression or improvement verdict: a false alarm. */
  readonly alarms: readonly string[];
  readonly comparison?: Comparison;
}

/** Interleaved halves in run order: runs 1, 3, 5 … against runs 2, 4, 6 … */
export function interleavedHalves<T>(runs: readonly T[]): [T[], T[]] {
  return [runs.filter((_, i) => i % 2 === 0), runs.filter((_, i) => i % 2 === 1)];
}

function sd(xs: readonly number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** `baseRuns` in the order they ran. Needs two base runs for anything to be measured. */
export function aaCheck(baseRuns: readonly ResultDoc[], gate: GateConfig): AaCheck {
  const [a, b] = interleavedHalves(baseRuns);
  const halves: [string[], string[]] = [a.map((d) => d.run.label ?? d.run.id), b.map((d) => d.run.label ?? d.run.id)];
  const names = [...new Set(baseRuns.flatMap((d) => d.benchmarks.map((x) => x.name)))];
  // Same index pairing as A/B (run 1 with run 2 …) when there are enough runs; pooled otherwise.
  const comparison = b.length > 0 ? compareRuns(a, b, { gate, mode: 'ab' }) : undefined;
  const configs = names.map((name): AaConfigCheck => {
    const logMedians = baseRuns
      .flatMap((d) => d.benchmarks.filter((x) => x.name === name && x.status === 'ok'))
      .map((x) => latencySeries(NOISE_FLOOR_METRIC, x.iterations))
      .filter((s) => s.length > 0)
      .map((s) => Math.log(median(s)));
    const spread = logMedians.length >= 2 ? sd(logMedians) : undefined;
    const metric = comparison?.configs
      .find((c) => c.name === name)
      ?.metrics.find((m) => m.metric === NOISE_FLOOR_METRIC);
    return {
      name,
      runs: logMedians.length,
      ...(spread !== undefined ? { noiseFloor: Math.exp(spread) - 1, logSd: spread } : {}),
      ...(metric?.change !== undefined ? { change: metric.change } : {}),
      ...(metric?.ci ? { ci: metric.ci } : {}),
      ...(metric ? { verdict: metric.verdict, method: metric.method } : {}),
    };
  });
  const alarms = (comparison?.configs ?? [])
    .filter((c) => c.verdict === 'regression' || c.verdict === 'improvement')
    .map((c) => c.name);
  return { halves, configs, alarms, ...(comparison ? { comparison } : {}) };
}

/** Comparison.noiseFloor: config → relative spread between base runs (only where measured). */
export function noiseFloorOf(aa: AaCheck): Record<string, number> {
  return Object.fromEntries(aa.configs.flatMap((c) => (c.noiseFloor !== undefined ? [[c.name, c.noiseFloor]] : [])));
}

/** compareRuns' prior (SD of log per-run medians) per config. */
export function logNoiseOf(aa: AaCheck): Record<string, number> {
  return Object.fromEntries(aa.configs.flatMap((c) => (c.logSd !== undefined ? [[c.name, c.logSd]] : [])));
}
