// What one recorded trial-level run says about its runner, in the terms of the A/B model
// (docs/statistics.md, "The model"): how much separate processes differ for their whole life (σ_u),
// how much one iteration varies (σ_ε) and in what shape, and what time costs (one worker iteration,
// a restart of all workers, the start of a config). These calibrate design projections
// (designProjection.ts); they are estimates from one recording, with its few processes. Pure.
import { median } from '../stats/descriptive.js';
import { estimateTrialChange } from '../stats/trialEstimate.js';
import { epochUnits } from '../stats/trialUnits.js';
import { METRIC_INFO, type Direction, type LatencyMetric } from '../metrics.js';
import { trialMatrix, type TrialConfig } from '../trials/trialSet.js';

export interface RecordedComponents {
  readonly config: string;
  readonly workersPerSide: number;
  readonly trials: number;
  readonly epochs: number;
  /** SD of a process's lasting offset, log scale (from the units' locations, floored at 0). */
  readonly processSd: number;
  /** SD of one raw iteration after removing trial and process effects, log scale. */
  readonly iterationSd: number;
  /** Iteration noise as a unit's location sees it (a location of n trials varies by its square / n). */
  readonly locationSd: number;
  /**
   * Iteration residuals about the units' locations (trialUnits.ts), centred and rescaled to unit
   * variance: the noise's recorded shape (skew, tails), on a higher-is-better log scale (a
   * lower-is-better metric's residuals are negated), so stalls sit in the low tail whatever the metric.
   */
  readonly shape: readonly number[];
  /** Median seconds of one worker iteration (a trial's duration over its 2W workers). */
  readonly iterationS: number;
  /** Median seconds to replace all 2W workers between epochs; undefined without restarts. */
  readonly restartS?: number;
  /** Seconds from the config's start to its first trial (first worker alone, memory check, the rest). */
  readonly startS: number;
}

/** Every epoch's residuals about the units' locations, oriented higher-is-better. */
function locationResiduals(matrix: ReturnType<typeof trialMatrix>, better: Direction): number[] {
  const sign = better === 'higher' ? 1 : -1;
  return epochUnits(matrix, better).flatMap((e) => (e.residualDf > 0 ? e.residuals.map((r) => sign * r) : []));
}

function timing(config: TrialConfig, workers: number) {
  const t = config.trials;
  const within = t
    .slice(1)
    .flatMap((x, i) => (x.epoch === t[i]?.epoch ? [x.started_ms - (t[i] as typeof x).started_ms] : []));
  const trialMs = within.length > 0 ? median(within) : (config.stop.seconds * 1000) / Math.max(1, t.length);
  const gaps = t
    .slice(1)
    .flatMap((x, i) => (x.epoch !== t[i]?.epoch ? [x.started_ms - (t[i] as typeof x).started_ms - trialMs] : []));
  return {
    iterationS: trialMs / workers / 1000,
    ...(gaps.length > 0 ? { restartS: Math.max(0, median(gaps)) / 1000 } : {}),
    startS: (t[0]?.started_ms ?? 0) / 1000,
  };
}

/** Undefined when the recording cannot separate processes from iterations (no complete trial, df < 1). */
export function recordedComponents(config: TrialConfig, metric: LatencyMetric): RecordedComponents | undefined {
  const matrix = trialMatrix(config, metric);
  const better = METRIC_INFO[metric].better;
  const est = estimateTrialChange(matrix, better);
  if (!est || est.df < 1) return undefined;
  // Centred and scaled to unit variance: the projection multiplies it by σ_ε; the centre is common
  // to every process and cancels in every contrast.
  const raw = locationResiduals(matrix, better);
  const centre = raw.reduce((s, r) => s + r, 0) / Math.max(1, raw.length);
  const rms = Math.sqrt(raw.reduce((s, r) => s + (r - centre) ** 2, 0) / Math.max(1, raw.length));
  return {
    config: config.name,
    workersPerSide: est.workersPerSide,
    trials: est.trials,
    epochs: est.epochs,
    processSd: est.sigmaProcess,
    iterationSd: est.sigmaIteration,
    locationSd: est.sigmaLocation,
    shape: rms > 0 ? raw.map((r) => (r - centre) / rms) : [],
    ...timing(config, config.workers.length),
  };
}
