// A recorded trial-level run (one config of a trials.json) in the form replays need: every worker
// slot's samples per trial, the epochs (worker generations), and when each trial started. A replay
// chooses, per epoch, which slots play base and which play head, and may slow the head down.
import type { IterationSample } from '../result/schema.js';
import { latencyValue, type LatencyMetric } from '../metrics.js';
import type { TrialConfig, TrialMatrix, TrialSide } from '../trials/trialSet.js';

export interface RecordedWorker {
  readonly id: string;
  readonly side: TrialSide;
  /** One sample per trial (null where the iteration failed). */
  readonly samples: readonly (IterationSample | null)[];
}

export interface TrialRecording {
  readonly name: string;
  readonly workers: readonly RecordedWorker[];
  readonly epochs: readonly number[];
  /** Start of every trial (ms since the first), and the end of the last one. */
  readonly startedMs: readonly number[];
  readonly endMs: number;
}

/** Per epoch, the worker indices (into `workers`) that play base and head, row by row. */
export interface SideAssignment {
  readonly base: readonly number[];
  readonly head: readonly number[];
}

export function recordingOf(config: TrialConfig): TrialRecording {
  const workers = config.workers.map((w) => ({
    id: w.id,
    side: w.side,
    samples: config.trials.map((t) => {
      const o = t.outcomes[w.id];
      return o && 'sample' in o ? o.sample : null;
    }),
  }));
  const startedMs = config.trials.map((t) => t.started_ms);
  const last = startedMs[startedMs.length - 1] ?? 0;
  return {
    name: config.name,
    workers,
    epochs: config.trials.map((t) => t.epoch),
    startedMs,
    endMs: Math.max(last, config.stop.seconds * 1000),
  };
}

/** Distinct epochs in trial order. */
export function epochList(r: TrialRecording): number[] {
  return [...new Set(r.epochs)];
}

/** A sample with the head slowed down by `slowdown` (0.05 = every time × 1.05). */
function slowed(s: IterationSample, slowdown: number): IterationSample {
  return slowdown === 0 ? s : { ...s, e2e_ms: s.e2e_ms * (1 + slowdown), ttft_ms: s.ttft_ms * (1 + slowdown) };
}

export interface ReplayView {
  readonly assignment: ReadonlyMap<number, SideAssignment>;
  /** Trials [from, to). */
  readonly from: number;
  readonly to: number;
  readonly slowdown: number;
}

/** The samples a replay sees, as [row][trial] per side (rows follow the epoch's assignment). */
export function replaySamples(r: TrialRecording, view: ReplayView): Record<TrialSide, (IterationSample | null)[][]> {
  const cols = Array.from({ length: view.to - view.from }, (_, i) => view.from + i);
  const rows = (side: TrialSide) => {
    const count = Math.max(0, ...[...view.assignment.values()].map((a) => a[side].length));
    return Array.from({ length: count }, (_, row) =>
      cols.map((t) => {
        const idx = view.assignment.get(r.epochs[t] as number)?.[side][row];
        const s = idx === undefined ? null : (r.workers[idx]?.samples[t] ?? null);
        return s && side === 'head' ? slowed(s, view.slowdown) : s;
      }),
    );
  };
  return { base: rows('base'), head: rows('head') };
}

/** The matrix `analyzeTrials` takes, for one metric, from a replay's samples. */
export function replayMatrix(r: TrialRecording, view: ReplayView, metric: LatencyMetric): TrialMatrix {
  const s = replaySamples(r, view);
  const values = (rows: (IterationSample | null)[][]) =>
    rows.map((row) => row.map((x) => (x ? (latencyValue(metric, x) ?? null) : null)));
  return { base: values(s.base), head: values(s.head), epochs: r.epochs.slice(view.from, view.to) };
}
