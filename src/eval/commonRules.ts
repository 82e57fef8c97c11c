// The rules other tools use, implemented as those tools describe them, so `eval` can replay the
// same recorded runs through them and through ours. Each answers one question: does this
// candidate run raise a regression alarm on throughput (tokens/s, higher is better)?
import { mean, variance } from '../stats/descriptive.js';
import { tQuantile, twoSidedP } from '../stats/distributions.js';

/** Per-iteration throughput values of one run. */
export type RunValues = readonly number[];

export interface CommonRule {
  readonly id: string;
  readonly label: string;
  readonly alarm: (baselineRuns: readonly RunValues[], candidate: RunValues) => boolean;
}

/**
 * github-action-benchmark: the candidate's value (mean of its iterations) against the previous
 * run's value; alert when previous / current exceeds the threshold (e.g. 105%, or the default 200%).
 */
export function ratioRule(threshold: number): CommonRule {
  return {
    id: `ratio-${Math.round(threshold * 100)}`,
    label: `ratio of means > ${Math.round(threshold * 100)}% (github-action-benchmark)`,
    alarm: (baselineRuns, candidate) => {
      const previous = baselineRuns[baselineRuns.length - 1];
      if (!previous || previous.length === 0 || candidate.length === 0) return false;
      return mean(previous) / mean(candidate) > threshold;
    },
  };
}

/**
 * Bencher's t-test threshold: the history of per-run values (means) defines a one-sided lower
 * boundary mean − t(0.99, n−1) · s · √(1 + 1/n) (a prediction interval); below it is an alert.
 */
export function historyTTestRule(boundary = 0.99): CommonRule {
  return {
    id: 'history-t',
    label: `t-test prediction interval on run history, ${boundary} (Bencher)`,
    alarm: (baselineRuns, candidate) => {
      const history = baselineRuns.filter((r) => r.length > 0).map((r) => mean(r));
      const n = history.length;
      if (n < 2 || candidate.length === 0) return false;
      const limit = mean(history) - tQuantile(boundary, n - 1) * Math.sqrt(variance(history)) * Math.sqrt(1 + 1 / n);
      return mean(candidate) < limit;
    },
  };
}

/** A plain Welch t-test of candidate iterations against all baseline iterations, α two-sided. */
export function welchIterationsRule(alpha = 0.05): CommonRule {
  return {
    id: 'welch',
    label: `Welch t-test on iterations, α=${alpha}`,
    alarm: (baselineRuns, candidate) => {
      const b = baselineRuns.flat();
      if (b.length < 2 || candidate.length < 2) return false;
      const vb = variance(b) / b.length;
      const vc = variance(candidate) / candidate.length;
      const se = Math.sqrt(vb + vc);
      const diff = mean(candidate) - mean(b);
      if (se === 0) return diff < 0;
      const df = (vb + vc) ** 2 / (vb ** 2 / (b.length - 1) + vc ** 2 / (candidate.length - 1));
      return diff < 0 && twoSidedP(diff / se, df) < alpha;
    },
  };
}

export const COMMON_RULES: readonly CommonRule[] = [
  ratioRule(1.05),
  ratioRule(2),
  historyTTestRule(),
  welchIterationsRule(),
];
