// TEMPORARY stand-in for src/stats/trialAnalysis.ts (h13stats, issue 13), used by the A/B runner
// until that module is in main; then the runner imports it and this file goes. A deliberately plain
// method of the same shape: process units (worker × epoch) as the random effect, an interval per
// look with alpha spent over looks (alpha / (E·(E+1)) at the E-th complete epoch, summing to alpha
// over any number of looks), and the same verdict rule. It also splits each side's workers for A/A.
import type { AnalyzeTrials, TrialAnalysis, TrialAnalysisOptions, TrialVerdict } from '../trials/analysis.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { tQuantile } from '../stats/distributions.js';
import { MDE_POWER } from '../stats/verdictRules.js';

/** Default relative margin of A/B mode (h13stats chooses and justifies it in docs/statistics.md). */
export const DEFAULT_AB_MARGIN = 0.02;

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

interface Estimate {
  readonly estimate: number;
  readonly se: number;
  readonly df: number;
  readonly epochs: number;
  readonly trials: number;
  readonly workersPerSide: number;
}

function estimate(matrix: TrialMatrix): Estimate | undefined {
  const columns = matrix.base[0]?.length ?? 0;
  const complete: number[] = [];
  for (let t = 0; t < columns; t++)
    if ([...matrix.base, ...matrix.head].every((row) => (row[t] ?? 0) > 0)) complete.push(t);
  if (complete.length === 0 || matrix.base.length === 0 || matrix.head.length === 0) return undefined;
  const epochOf = (t: number) => matrix.epochs?.[t] ?? 0;
  const epochs = [...new Set(complete.map(epochOf))];
  const contrasts: number[] = [];
  let ss = 0;
  let df = 0;
  for (const e of epochs) {
    const cols = complete.filter((t) => epochOf(t) === e);
    const unitMeans = (rows: TrialMatrix['base']) => rows.map((row) => mean(cols.map((t) => Math.log(row[t]!))));
    const b = unitMeans(matrix.base);
    const h = unitMeans(matrix.head);
    contrasts.push(mean(h) - mean(b));
    for (const side of [b, h]) {
      const m = mean(side);
      ss += side.reduce((s, x) => s + (x - m) ** 2, 0);
      df += side.length - 1;
    }
  }
  const unitVar = df > 0 ? ss / df : NaN;
  const se = Math.sqrt((unitVar * (1 / matrix.base.length + 1 / matrix.head.length)) / epochs.length);
  return {
    estimate: mean(contrasts),
    se,
    df,
    epochs: epochs.length,
    trials: complete.length,
    workersPerSide: Math.min(matrix.base.length, matrix.head.length),
  };
}

function verdictOf(change: number, ci: readonly [number, number], options: TrialAnalysisOptions): TrialVerdict {
  const worse = options.better === 'higher' ? -change : change;
  const clear = ci[0] > 0 || ci[1] < 0;
  if (clear && worse > options.margin) return 'regression';
  if (clear && -worse > options.margin) return 'improvement';
  if (ci[0] > -options.margin && ci[1] < options.margin) return 'unchanged';
  return 'inconclusive';
}

export const analyzeTrials: AnalyzeTrials = (matrix, options): TrialAnalysis => {
  const est = estimate(matrix);
  const method = `paired trial log-ratios, process units (worker × epoch) as random effect, alpha spent over looks (temporary adapter)`;
  if (!est || est.df < 1 || !Number.isFinite(est.se))
    return {
      verdict: 'inconclusive',
      change: est ? Math.expm1(est.estimate) : 0,
      ci: [-1, Infinity],
      mde: Infinity,
      trials: est?.trials ?? 0,
      workersPerSide: est?.workersPerSide ?? Math.max(matrix.base.length, matrix.head.length),
      decided: false,
      method: est
        ? 'one worker a side and no restarts cannot separate the code from the process'
        : 'no complete trial yet',
    };
  const lookAlpha = options.alpha / (est.epochs * (est.epochs + 1));
  const half = tQuantile(1 - lookAlpha / 2, est.df) * est.se;
  const ci: [number, number] = [Math.expm1(est.estimate - half), Math.expm1(est.estimate + half)];
  const change = Math.expm1(est.estimate);
  const verdict = verdictOf(change, ci, options);
  return {
    verdict,
    change,
    ci,
    mde: Math.expm1(half + tQuantile(MDE_POWER, est.df) * est.se),
    trials: est.trials,
    workersPerSide: est.workersPerSide,
    decided: verdict !== 'inconclusive',
    method,
  };
};

/** A/A arrangements: each side's workers split into odd and even slots, compared with each other. */
export function aaMatrices(matrix: TrialMatrix): { readonly side: 'base' | 'head'; readonly matrix: TrialMatrix }[] {
  return (['base', 'head'] as const)
    .filter((side) => matrix[side].length >= 2)
    .map((side) => ({
      side,
      matrix: {
        base: matrix[side].filter((_, i) => i % 2 === 0),
        head: matrix[side].filter((_, i) => i % 2 === 1),
        ...(matrix.epochs ? { epochs: matrix.epochs } : {}),
      },
    }));
}
