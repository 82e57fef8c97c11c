// Replays trial-level recordings (trials.json: workers × trials) through the A/B rule: false alarms
// on unchanged code over every distinct way of splitting interchangeable workers into two sides
// (independently per epoch, since restarted workers are new processes) and over start offsets,
// detection of injected slow-downs, the trials and seconds each took to decide, and the
// process-level rule and a per-trial t that ignores process offsets on the same replays. Pure.
import type { GateConfig } from '../config/schema.js';
import { METRIC_INFO, type LatencyMetric } from '../metrics.js';
import { median } from '../stats/descriptive.js';
import { aaCheckTrials, type TrialNoiseFigures } from '../stats/trialAaCheck.js';
import type { VerdictKind } from '../stats/types.js';
import type { TrialVerdict } from '../trials/analysis.js';
import { trialMatrix, type TrialSet } from '../trials/trialSet.js';
import { mulberry32 } from '../util/prng.js';
import { assignmentsOf, splitPlan, type SplitPlan } from './trialSplits.js';
import { recordingOf, type SideAssignment, type TrialRecording } from './trialRecording.js';
import { replayTrials, type Stopping, type TrialReplayOutcome } from './trialReplay.js';

export interface TrialEvalOptions {
  readonly metric: LatencyMetric;
  /** Trials between looks; default: the epoch length when workers restart, else 4. */
  readonly block?: number;
  /** Trials per replay window; default: the whole recording. Windows start at every block (epoch). */
  readonly window?: number;
  /** Most side assignments per config; beyond it they are drawn at random (seeded). */
  readonly maxSplits: number;
  readonly slowdowns: readonly number[];
  readonly seed: number;
  readonly alpha: number;
  /** Our rule's margin (A/B default 2%); the process-level rule keeps the gate's. */
  readonly margin: number;
  readonly gate: GateConfig;
  /** The recorded head runs the same code as its base (a comment-only change): replay an A/B
   * recording as A/A over both sides' workers, with injected slow-downs. */
  readonly sameCode?: boolean;
  /**
   * How looks are corrected: `spending` (default, the runner's rule: a permutation test with an
   * alpha-spending plan over the window's duration) or the anytime-valid `confidence-sequence`.
   */
  readonly stopping?: Stopping;
}

export interface TrialScenarioRates {
  readonly scenario: string;
  readonly slowdown: number;
  readonly replays: number;
  readonly verdicts: Readonly<Partial<Record<TrialVerdict, number>>>;
  /** Over replays that decided: trials and seconds to the decision. */
  readonly medianTrialsToDecision?: number;
  readonly medianSecondsToDecision?: number;
  readonly medianMde: number;
  readonly processRule: Readonly<Partial<Record<VerdictKind, number>>>;
  readonly trialTAlarms: number;
}

export interface TrialConfigEvaluation {
  readonly source: string;
  readonly machine?: string;
  readonly config: string;
  /** As recorded, or 'same-code' for an A/B recording replayed as A/A (`sameCode`). */
  readonly arrangement: 'aa' | 'ab' | 'same-code';
  readonly workersPerSide: number;
  readonly trials: number;
  readonly epochs: number;
  readonly block: number;
  readonly window: number;
  readonly windows: number;
  readonly splits: SplitPlan;
  readonly noise?: TrialNoiseFigures;
  readonly scenarios: readonly TrialScenarioRates[];
}

const count = <K extends string>(xs: readonly K[]) => {
  const out: Partial<Record<K, number>> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};

function score(scenario: string, slowdown: number, outcomes: readonly TrialReplayOutcome[]): TrialScenarioRates {
  const decided = outcomes.filter((o) => o.ours.decided);
  const finite = outcomes.map((o) => o.ours.mde).filter((x) => Number.isFinite(x));
  return {
    scenario,
    slowdown,
    replays: outcomes.length,
    verdicts: count(outcomes.map((o) => o.ours.verdict)),
    ...(decided.length > 0
      ? {
          medianTrialsToDecision: median(decided.map((o) => o.ours.trials)),
          medianSecondsToDecision: median(decided.map((o) => o.seconds)),
        }
      : {}),
    medianMde: finite.length * 2 > outcomes.length ? median(finite) : Infinity,
    processRule: count(outcomes.map((o) => o.processRule)),
    trialTAlarms: outcomes.filter((o) => o.trialTAlarm).length,
  };
}

/** Window starts: epoch starts when workers restart, else every block; each leaves `window` trials. */
function windowStarts(r: TrialRecording, block: number, window: number): number[] {
  const total = r.epochs.length;
  const restarts = new Set(r.epochs).size > 1;
  const starts = Array.from({ length: total }, (_, t) => t).filter((t) =>
    restarts ? t === 0 || r.epochs[t] !== r.epochs[t - 1] : t % block === 0,
  );
  return starts.filter((t) => t + window <= total);
}

function defaultBlock(r: TrialRecording): number {
  const lengths = [...new Set(r.epochs)].map((e) => r.epochs.filter((x) => x === e).length);
  return lengths.length > 1 ? Math.max(...lengths) : 4;
}

function replayAll(
  r: TrialRecording,
  assignments: readonly ReadonlyMap<number, SideAssignment>[],
  starts: readonly number[],
  window: number,
  slowdown: number,
  options: TrialEvalOptions & { block: number },
): TrialReplayOutcome[] {
  const better = METRIC_INFO[options.metric].better;
  const replay = {
    metric: options.metric,
    block: options.block,
    analysis: { better, margin: options.margin, alpha: options.alpha },
    stopping: options.stopping ?? 'spending',
    gate: options.gate,
  };
  return assignments.flatMap((assignment) =>
    starts.map((from) => replayTrials(r, { assignment, from, to: from + window, slowdown }, replay)),
  );
}

export function evaluateTrialConfig(
  source: { name: string; set: TrialSet },
  index: number,
  options: TrialEvalOptions,
): TrialConfigEvaluation {
  const config = source.set.configs[index];
  if (!config) throw new RangeError(`no config ${index} in ${source.name}`);
  const r = recordingOf(config);
  const block = options.block ?? defaultBlock(r);
  const window = Math.min(options.window ?? r.epochs.length, r.epochs.length);
  const starts = windowStarts(r, block, window);
  const o = { ...options, block };
  const aa = source.set.arrangement === 'aa' || options.sameCode === true;
  const plan = splitPlan(r, aa ? 'pooled' : 'within-base', options.maxSplits);
  const assignments = assignmentsOf(r, plan, mulberry32(options.seed));
  const scenarios = aa
    ? [0, ...options.slowdowns].map((s) =>
        score(s === 0 ? 'A/A' : `slow ${Math.round(s * 100)}%`, s, replayAll(r, assignments, starts, window, s, o)),
      )
    : [
        score('A/A (base workers split)', 0, replayAll(r, assignments, starts, window, 0, o)),
        score(
          'recorded head vs base',
          0,
          replayAll(r, assignmentsOf(r, splitPlan(r, 'recorded', 1), mulberry32(1)), starts, window, 0, o),
        ),
      ];
  const better = METRIC_INFO[options.metric].better;
  const noise = aaCheckTrials(trialMatrix(config, options.metric), {
    better,
    margin: options.margin,
    alpha: options.alpha,
  }).noise;
  return {
    source: source.name,
    ...(source.set.machine ? { machine: source.set.machine } : {}),
    config: config.name,
    arrangement: source.set.arrangement === 'ab' && aa ? 'same-code' : source.set.arrangement,
    workersPerSide: source.set.workers_per_side,
    trials: r.epochs.length,
    epochs: new Set(r.epochs).size,
    block,
    window,
    windows: starts.length,
    splits: plan,
    ...(noise ? { noise } : {}),
    scenarios,
  };
}

export function evaluateTrials(
  sets: readonly { name: string; set: TrialSet }[],
  options: TrialEvalOptions,
): TrialConfigEvaluation[] {
  return sets.flatMap((s) => s.set.configs.map((_, i) => evaluateTrialConfig(s, i, options)));
}
