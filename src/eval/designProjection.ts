// PROJECTIONS, NOT MEASUREMENTS. What another A/B design (workers a side, block length, budget)
// would do on a runner whose noise and costs were recorded once (trialComponents.ts): simulated
// runs draw a fresh offset N(0, σ_u²) for every process, iteration noise σ_ε in the recorded
// shape (resampled residuals, oriented higher-is-better so stalls sit in the low tail, where the
// units' location discounts them as on a real run), time from the recorded iteration, restart and
// start seconds, and go through the real `analyzeTrials` and stop rule (a look after every block; stop when decided, or
// before a block that would end past the budget). Shared trial effects cancel exactly in the
// analysis and are left out. The estimates of σ_u rest on a few dozen processes, so a projection is
// only as good as them: vary σ_u. Pure (seeded).
import { median } from '../stats/descriptive.js';
import { normalQuantile } from '../stats/distributions.js';
import { analyzeTrials } from '../stats/trialAnalysis.js';
import type { TrialVerdict } from '../trials/analysis.js';
import { mulberry32 } from '../util/prng.js';
import type { RecordedComponents } from './trialComponents.js';

export interface Design {
  readonly workersPerSide: number;
  /** Trials per block; all 2W workers are replaced after each. */
  readonly block: number;
}

export interface ProjectionSettings {
  readonly alpha: number;
  readonly margin: number;
  /** Longest budget of interest: runs go on until decided or past it. */
  readonly maxBudgetS: number;
  readonly runs: number;
  readonly seed: number;
}

/** One simulated run: its verdict when it stopped, and when (seconds since the config started). */
export interface ProjectedRun {
  readonly verdict: TrialVerdict;
  readonly trials: number;
  readonly seconds: number;
}

export interface ProjectedRates {
  readonly runs: number;
  readonly verdicts: Readonly<Partial<Record<TrialVerdict, number>>>;
  /** Over runs decided within the budget. */
  readonly medianSeconds?: number;
  readonly medianTrials?: number;
}

type Noise = () => number;

function noiseOf(c: RecordedComponents, rand: () => number): Noise {
  const gaussian = () => normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, rand())));
  if (c.shape.length === 0) return gaussian;
  return () => c.shape[Math.floor(rand() * c.shape.length)] as number;
}

/** One epoch's rows for a side: W processes × R trials of log-normal values (higher is better). */
function epochRows(c: RecordedComponents, d: Design, shift: number, rand: () => number, noise: Noise): number[][] {
  return Array.from({ length: d.workersPerSide }, () => {
    const offset = c.processSd * normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, rand())));
    return Array.from({ length: d.block }, () => Math.exp(offset + c.iterationSd * noise() - shift));
  });
}

/** End of block k (1-based), seconds since the config started. */
function blockEnd(c: RecordedComponents, d: Design, k: number): number {
  const blockS = d.block * 2 * d.workersPerSide * c.iterationS;
  return c.startS + k * blockS + (k - 1) * (c.restartS ?? 0);
}

/** A run whose head is slower by `slowdown` (0.05 = every head iteration takes 5% longer). */
export function simulateRun(
  c: RecordedComponents,
  d: Design,
  slowdown: number,
  s: ProjectionSettings,
  rand: () => number,
): ProjectedRun {
  const noise = noiseOf(c, rand);
  const base: number[][] = Array.from({ length: d.workersPerSide }, () => []);
  const head: number[][] = Array.from({ length: d.workersPerSide }, () => []);
  const epochs: number[] = [];
  for (let k = 1; k === 1 || blockEnd(c, d, k) <= s.maxBudgetS; k++) {
    epochRows(c, d, 0, rand, noise).forEach((r, i) => base[i]?.push(...r));
    epochRows(c, d, Math.log1p(slowdown), rand, noise).forEach((r, i) => head[i]?.push(...r));
    epochs.push(...Array.from({ length: d.block }, () => k - 1));
    const a = analyzeTrials({ base, head, epochs }, { better: 'higher', margin: s.margin, alpha: s.alpha });
    if (a.decided || blockEnd(c, d, k + 1) > s.maxBudgetS)
      return { verdict: a.verdict, trials: epochs.length, seconds: blockEnd(c, d, k) };
  }
  throw new Error('unreachable: the first block always runs');
}

export function projectRuns(c: RecordedComponents, d: Design, slowdown: number, s: ProjectionSettings): ProjectedRun[] {
  const rand = mulberry32(s.seed);
  return Array.from({ length: s.runs }, () => simulateRun(c, d, slowdown, s, rand));
}

/**
 * The runs as a shorter budget would have ended them: a decision after the budget is inconclusive
 * (the runner would not have started that block; block times are fixed in the projection).
 */
export function ratesAt(runs: readonly ProjectedRun[], budgetS: number): ProjectedRates {
  const within = runs.map((r) =>
    r.seconds <= budgetS ? r : { verdict: 'inconclusive' as const, trials: r.trials, seconds: budgetS },
  );
  const decided = within.filter((r) => r.verdict !== 'inconclusive');
  const verdicts: Partial<Record<TrialVerdict, number>> = {};
  for (const r of within) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  return {
    runs: runs.length,
    verdicts,
    ...(decided.length > 0
      ? { medianSeconds: median(decided.map((r) => r.seconds)), medianTrials: median(decided.map((r) => r.trials)) }
      : {}),
  };
}
