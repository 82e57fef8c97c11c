// SIMULATED DATA FOR UNIT TESTS ONLY: a noise model of trial-level A/B runs, shaped after what was
// measured on an H200 (docs/statistics.md): iteration CV 10-22%, per-process offsets of 2-4% that
// last the process's life, the job's first process ~20% slow, slow drift of the machine. It proves
// properties of the statistics on known truth; it is no evidence about any real machine (replays of
// recorded trials are, see `llm-perf-gate eval`).
import type { TrialMatrix } from '../../src/trials/trialSet.js';
import { mulberry32 } from '../../src/util/prng.js';

export interface TrialNoise {
  readonly workersPerSide: number;
  readonly trials: number;
  /** Restart every worker after this many trials (0: never). */
  readonly restartEvery: number;
  /** SD of log iteration noise (0.1 ≈ 10% CV). */
  readonly iterationCv: number;
  /** SD of the log offset of each process (0.03 ≈ 3%). */
  readonly processSd: number;
  /** Extra slowness of the job's first process (0.2 = 20% slower), for its whole life. */
  readonly firstProcessSlow?: number;
  /** Shared slow-down that grows linearly to this much by the last trial (drift of the machine). */
  readonly drift?: number;
  /** SD of a shared per-trial effect (every worker of a trial alike). */
  readonly trialSd?: number;
  /** Relative change of the head's time (0.05 = head 5% slower). */
  readonly headChange?: number;
  /** Student-t degrees of freedom for heavy-tailed iteration noise (default Gaussian). */
  readonly tailDf?: number;
  /**
   * One-sided stalls (a busy host): each iteration, with this probability, takes longer by a
   * factor drawn uniformly from 1 + stallSize × [0.4, 1.6] (default size 0.6).
   */
  readonly stallProb?: number;
  readonly stallSize?: number;
  readonly seed: number;
  /** Base time of one iteration in ms. */
  readonly baseMs?: number;
}

function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** Student t noise scaled to unit variance (df > 2), or Gaussian. */
function noiseSource(rand: () => number, tailDf: number | undefined): () => number {
  const z = gaussian(rand);
  if (!tailDf) return z;
  return () => {
    let chi = 0;
    for (let i = 0; i < tailDf; i++) chi += z() ** 2;
    return (z() / Math.sqrt(chi / tailDf)) * Math.sqrt((tailDf - 2) / tailDf);
  };
}

/** e2e times (ms) per [worker][trial] for each side, with the epochs of a restarting runner. */
export function simulateTrials(n: TrialNoise): TrialMatrix {
  const rand = mulberry32(n.seed);
  const z = gaussian(rand);
  const noise = noiseSource(rand, n.tailDf);
  const w = n.workersPerSide;
  const epochOf = (t: number) => (n.restartEvery > 0 ? Math.floor(t / n.restartEvery) : 0);
  const epochs = Array.from({ length: n.trials }, (_, t) => epochOf(t));
  const offsets = new Map<string, number>();
  const firstSide = rand() < 0.5 ? 'base' : 'head';
  const offset = (side: string, i: number, e: number) => {
    const key = `${side}-${i}-${e}`;
    if (!offsets.has(key)) {
      const first = e === 0 && i === 0 && side === firstSide ? Math.log1p(n.firstProcessSlow ?? 0) : 0;
      offsets.set(key, n.processSd * z() + first);
    }
    return offsets.get(key) as number;
  };
  const shared = Array.from(
    { length: n.trials },
    (_, t) => (n.trialSd ?? 0) * z() + Math.log1p(((n.drift ?? 0) * t) / Math.max(1, n.trials - 1)),
  );
  const rows = (side: 'base' | 'head') =>
    Array.from({ length: w }, (_, i) =>
      Array.from({ length: n.trials }, (_, t) => {
        const change = side === 'head' ? Math.log1p(n.headChange ?? 0) : 0;
        const stall = n.stallProb && rand() < n.stallProb ? Math.log1p((n.stallSize ?? 0.6) * (0.4 + 1.2 * rand())) : 0;
        const log = offset(side, i, epochOf(t)) + (shared[t] as number) + n.iterationCv * noise() + stall + change;
        return (n.baseMs ?? 1000) * Math.exp(log);
      }),
    );
  return { base: rows('base'), head: rows('head'), epochs };
}

/** The first `trials` columns of a matrix: what the analysis sees after that many trials. */
export function firstTrials(m: TrialMatrix, trials: number): TrialMatrix {
  return {
    base: m.base.map((r) => r.slice(0, trials)),
    head: m.head.map((r) => r.slice(0, trials)),
    epochs: (m.epochs ?? []).slice(0, trials),
  };
}
