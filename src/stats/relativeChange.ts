// The estimate behind every latency verdict: the relative change of the centre and its standard
// error, computed from per-run medians on the log scale. Iterations inside one process share that
// process's state (allocator, clocks, neighbours on the host), so they are not independent
// replicates of the code's speed; the runs are. See docs/statistics.md for the data behind this.
import { mean, median, variance } from './descriptive.js';

export interface ChangeEstimate {
  /** log(candidate centre / baseline centre). */
  readonly logRatio: number;
  /** Standard error of logRatio. */
  readonly se: number;
  /** Degrees of freedom of the t reference (Infinity: normal, known noise). */
  readonly df: number;
  /** Plain words for the report, e.g. "between-run t (5 + 1 runs, df 4)". */
  readonly method: string;
  /** Between-run relative noise actually used (SD of log per-run medians). */
  readonly runNoise: number;
  /** Whether the noise came from a prior rather than from these runs. */
  readonly fromPrior: boolean;
}

export interface EstimateOptions {
  /** Pair runs by index (interleaved same-runner A/B: base, head, base, head ...). */
  readonly paired?: boolean;
  /** Prior between-run noise (SD of log per-run medians) for when neither side has two runs. */
  readonly priorRunNoise?: number;
}

const RELATIVE_EFFICIENCY_OF_MEDIAN = Math.PI / 2;

/** Variance of the log median of one run, from its own iterations (the within-run part only). */
function withinRunVariance(logs: readonly number[]): number {
  if (logs.length < 2) return 0;
  return (RELATIVE_EFFICIENCY_OF_MEDIAN * variance(logs)) / logs.length;
}

/**
 * Estimate the change from per-run samples of one metric (each inner array = one process's
 * iterations, all values positive). Returns undefined when the noise cannot be estimated at all.
 */
export function estimateChange(
  baselineRuns: readonly (readonly number[])[],
  candidateRuns: readonly (readonly number[])[],
  options: EstimateOptions = {},
): ChangeEstimate | undefined {
  const logRuns = (runs: readonly (readonly number[])[]) =>
    runs.filter((r) => r.length > 0).map((r) => r.map((x) => Math.log(x)));
  const b = logRuns(baselineRuns);
  const c = logRuns(candidateRuns);
  if (b.length === 0 || c.length === 0) return undefined;
  const bm = b.map((r) => median(r));
  const cm = c.map((r) => median(r));
  const nb = bm.length;
  const nc = cm.length;

  if (options.paired && nb === nc && nb >= 3) {
    // Interleaved A/B: each pair shares the machine's state at that moment, so drift cancels.
    const d = cm.map((x, i) => x - (bm[i] as number));
    const sd = Math.sqrt(variance(d));
    return {
      logRatio: mean(d),
      se: sd / Math.sqrt(nb),
      df: nb - 1,
      method: `paired between-run t (${nb} interleaved pairs, df ${nb - 1})`,
      runNoise: sd / Math.SQRT2,
      fromPrior: false,
    };
  }

  const logRatio = mean(cm) - mean(bm);
  if (nb + nc >= 3) {
    // Pooled variance: both sides ran on the same machine and workload, so their between-run
    // noise is the same property; pooling lets a single candidate run borrow the baseline's spread.
    const pooled = ((nb - 1) * variance(bm) + (nc - 1) * variance(cm)) / (nb + nc - 2);
    const sd = Math.sqrt(pooled);
    return {
      logRatio,
      se: sd * Math.sqrt(1 / nb + 1 / nc),
      df: nb + nc - 2,
      method: `between-run t on per-run medians (${nb} + ${nc} runs, df ${nb + nc - 2})`,
      runNoise: sd,
      fromPrior: false,
    };
  }

  // One run a side: the between-run noise is invisible in the data. Use the prior, but never less
  // than what the iterations themselves show.
  if (options.priorRunNoise === undefined) return undefined;
  const prior = options.priorRunNoise;
  const within = withinRunVariance(b[0] as number[]) + withinRunVariance(c[0] as number[]);
  const se = Math.sqrt(Math.max(2 * prior * prior, within));
  return {
    logRatio,
    se,
    df: Infinity,
    method: `1 run a side: assumed between-run noise ${(prior * 100).toFixed(1)}% (prior, not measured)`,
    runNoise: prior,
    fromPrior: true,
  };
}
