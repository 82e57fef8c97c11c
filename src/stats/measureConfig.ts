// First pass over one config: the change estimate of every latency metric (decided later, once the
// whole family's p-values are corrected), memory verdicts (a tolerance rule, no test) and the
// verdicts of metrics that have nothing to compare with.
import type { GateConfig } from '../config/schema.js';
import { LATENCY_METRICS, MEMORY_METRICS, type Direction, type LatencyMetric, type MetricName } from '../metrics.js';
import { twoSidedP } from './distributions.js';
import { settingsFor, type MetricSettings } from './metricSettings.js';
import type { ConfigPair } from './pairConfig.js';
import { estimateChange, type ChangeEstimate } from './relativeChange.js';
import { memoryPeaks, sideRuns, summarizeLatencyRuns, summarizePeaks } from './runSamples.js';
import type { MetricVerdict, SideSummary } from './types.js';
import { decideMemory } from './verdictRules.js';

/** A latency comparison waiting for its family's multiple-comparison correction. */
export interface PendingTest {
  readonly config: string;
  readonly metric: LatencyMetric;
  readonly gating: boolean;
  readonly better: Direction;
  readonly margin: number;
  readonly est: ChangeEstimate;
  readonly p: number;
  readonly baseline: SideSummary;
  readonly candidate: SideSummary;
}

export interface ConfigMeasurement {
  readonly tests: PendingTest[];
  /** Verdicts already final: memory, latency without a noise estimate, and uncompared metrics. */
  readonly verdicts: MetricVerdict[];
}

export interface MeasureOptions {
  readonly paired: boolean;
  /** Prior between-run noise for this config (SD of log per-run medians). */
  readonly priorRunNoise: number;
  /** Candidate runs a memory regression or improvement needs, as a throughput one does. */
  readonly confirmationRuns: number;
}

/** The verdict of a metric with nothing to compare with: no baseline, or one refused by fingerprint. */
function uncompared(metric: MetricName, s: MetricSettings, refused: boolean, candidate: SideSummary): MetricVerdict {
  return {
    metric,
    better: s.better,
    verdict: refused ? 'inconclusive' : 'new',
    candidate,
    margin: s.margin,
    method: refused ? 'not compared: baseline ran on another machine (fingerprint_mismatch: refuse)' : 'no baseline',
    gating: s.gating,
  };
}

function unestimable(
  metric: MetricName,
  s: MetricSettings,
  baseline: SideSummary,
  candidate: SideSummary,
): MetricVerdict {
  return {
    metric,
    better: s.better,
    verdict: 'inconclusive',
    baseline,
    candidate,
    change: candidate.centre / baseline.centre - 1,
    margin: s.margin,
    method: 'between-run noise unknown',
    gating: s.gating,
    note: 'one run a side and no noise prior: run more baseline runs',
  };
}

function measureLatency(pair: ConfigPair, gate: GateConfig, options: MeasureOptions, out: ConfigMeasurement): void {
  for (const metric of LATENCY_METRICS) {
    const s = settingsFor(gate, metric);
    if (!s.enabled) continue;
    const cRuns = sideRuns(metric, pair.candidates);
    if (cRuns.every((r) => r.length === 0)) continue;
    const candidate = summarizeLatencyRuns(cRuns);
    if (pair.kind !== 'compared') {
      out.verdicts.push(uncompared(metric, s, pair.kind === 'refused', candidate));
      continue;
    }
    const bRuns = sideRuns(metric, pair.baselines);
    if (bRuns.every((r) => r.length === 0)) continue;
    const baseline = summarizeLatencyRuns(bRuns);
    const est = estimateChange(bRuns, cRuns, options);
    if (!est) {
      out.verdicts.push(unestimable(metric, s, baseline, candidate));
      continue;
    }
    const t = est.se > 0 ? est.logRatio / est.se : est.logRatio === 0 ? 0 : Math.sign(est.logRatio) * Infinity;
    const { gating, better, margin } = s;
    out.tests.push({
      config: pair.name,
      metric,
      gating,
      better,
      margin,
      est,
      p: twoSidedP(t, est.df),
      baseline,
      candidate,
    });
  }
}

function measureMemory(pair: ConfigPair, gate: GateConfig, options: MeasureOptions, out: ConfigMeasurement): void {
  for (const metric of MEMORY_METRICS) {
    const s = settingsFor(gate, metric);
    if (!s.enabled) continue;
    const cVals = memoryPeaks(metric, pair.candidates);
    if (cVals.length === 0) continue;
    const candidate = summarizePeaks(cVals);
    if (pair.kind !== 'compared') {
      out.verdicts.push(uncompared(metric, s, pair.kind === 'refused', candidate));
      continue;
    }
    const bVals = memoryPeaks(metric, pair.baselines);
    if (bVals.length === 0) continue;
    out.verdicts.push(
      decideMemory({
        metric,
        better: s.better,
        gating: s.gating,
        baseline: summarizePeaks(bVals),
        candidate,
        tolerance: s.margin,
        toleranceMib: gate.memory_tolerance_mib,
        confirmationRuns: options.confirmationRuns,
      }),
    );
  }
}

/** Estimates and final verdicts of one config that ran (not missing, not failed). */
export function measureConfig(pair: ConfigPair, gate: GateConfig, options: MeasureOptions): ConfigMeasurement {
  const out: ConfigMeasurement = { tests: [], verdicts: [] };
  if (pair.kind === 'missing' || pair.kind === 'failed') return out;
  measureLatency(pair, gate, options, out);
  measureMemory(pair, gate, options, out);
  return out;
}
