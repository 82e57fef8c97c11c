// One replay of a recorded trial-level run: the sides a replay assigned, a window of trials, maybe
// a slowed head. Our rule runs as the A/B runner runs it (a look after every block, stop when
// decided); beside it, on the same samples at the window's end, the process-level A/B rule (paired
// between-run t on per-run medians, each worker process a run) and a per-trial paired t that
// ignores the process offsets. Pure.
import type { GateConfig } from '../config/schema.js';
import type { LatencyMetric } from '../metrics.js';
import type { IterationSample, ResultDoc } from '../result/schema.js';
import { compareRuns } from '../stats/compareRuns.js';
import { mean, variance } from '../stats/descriptive.js';
import { tQuantile } from '../stats/distributions.js';
import { analyzeTrials } from '../stats/trialAnalysis.js';
import type { VerdictKind } from '../stats/types.js';
import type { LookSchedule, TrialAnalysis, TrialAnalysisOptions } from '../trials/analysis.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { runToResultDoc } from './sampleSet.js';
import { replayMatrix, replaySamples, type ReplayView, type TrialRecording } from './trialRecording.js';

export type Stopping = 'spending' | 'confidence-sequence';

export interface TrialReplayOptions {
  readonly metric: LatencyMetric;
  /** Trials between two looks (the runner's block). */
  readonly block: number;
  readonly analysis: TrialAnalysisOptions;
  /**
   * `spending`: the runner's looks, an alpha-spending plan over the window's duration standing for
   * the time budget (its last look spends what is left); `confidence-sequence`: the anytime-valid
   * alternative, which needs no schedule.
   */
  readonly stopping: Stopping;
  /** The process-level rule's gate settings (its margin and alpha). */
  readonly gate: GateConfig;
}

export interface TrialReplayOutcome {
  readonly ours: TrialAnalysis;
  /** Seconds from the window's first trial to the look that stopped (or the window's end). */
  readonly seconds: number;
  readonly processRule: VerdictKind;
  /** The per-trial paired t (process offsets ignored) called a regression. */
  readonly trialTAlarm: boolean;
}

/** Look ends inside [from, to): every block, and the window's end. */
function lookEnds(from: number, to: number, block: number): number[] {
  const ends: number[] = [];
  for (let t = from + block; t < to; t += block) ends.push(t);
  ends.push(to);
  return ends;
}

/** The looks up to `upTo` (an index into `ends`), as an alpha-spending plan sees them. */
function lookSchedule(ends: readonly number[], upTo: number, from: number, at: (t: number) => number): LookSchedule {
  const done = ends.slice(0, upTo + 1);
  const span = at(ends.at(-1) as number) - at(from);
  return {
    fractions: done.map((e) => Math.min(1, (at(e) - at(from)) / span)),
    information: done.map((e) => e - from),
    final: upTo === ends.length - 1,
  };
}

function sequentialOurs(r: TrialRecording, view: ReplayView, o: TrialReplayOptions) {
  const at = (t: number) => (t < r.startedMs.length ? (r.startedMs[t] as number) : r.endMs);
  const ends = lookEnds(view.from, view.to, o.block);
  let last: TrialAnalysis | undefined;
  let end = view.to;
  for (const [i, e] of ends.entries()) {
    end = e;
    const analysis =
      o.stopping === 'spending' ? { ...o.analysis, looks: lookSchedule(ends, i, view.from, at) } : o.analysis;
    last = analyzeTrials(replayMatrix(r, { ...view, to: end }, o.metric), analysis);
    if (last.decided) break;
  }
  return { ours: last as TrialAnalysis, seconds: (at(end) - at(view.from)) / 1000 };
}

/** Each (row, epoch) of a side is one process: one result document of its samples, in (epoch, row) order. */
function processDocs(rows: (IterationSample | null)[][], epochs: readonly number[], name: string): ResultDoc[] {
  const docs: ResultDoc[] = [];
  for (const e of [...new Set(epochs)])
    for (const row of rows) {
      const samples = row.filter((s, i): s is IterationSample => s !== null && epochs[i] === e);
      const first = samples[0];
      if (!first) continue;
      const run = { e2e_ms: samples.map((s) => s.e2e_ms), ttft_ms: samples.map((s) => s.ttft_ms) };
      const config = {
        name,
        new_tokens: first.new_tokens,
        batch_size: first.batch_size,
        prompt_tokens: first.prompt_tokens,
      };
      docs.push(runToResultDoc(config, run));
    }
  return docs;
}

function processRuleVerdict(r: TrialRecording, view: ReplayView, o: TrialReplayOptions): VerdictKind {
  const s = replaySamples(r, view);
  const epochs = r.epochs.slice(view.from, view.to);
  const base = processDocs(s.base, epochs, r.name);
  const head = processDocs(s.head, epochs, r.name);
  if (base.length === 0 || head.length === 0) return 'inconclusive';
  const cmp = compareRuns(base, head, { gate: o.gate, mode: 'ab' });
  return cmp.configs[0]?.metrics.find((m) => m.metric === o.metric)?.verdict ?? 'inconclusive';
}

/** Paired t over complete trials of (mean log head − mean log base): the design without the random effect. */
export function trialTAlarm(m: TrialMatrix, options: TrialAnalysisOptions): boolean {
  const trials = m.base[0]?.length ?? 0;
  const d: number[] = [];
  for (let t = 0; t < trials; t++) {
    const col = (rows: TrialMatrix['base']) => rows.map((row) => row[t]);
    const b = col(m.base);
    const h = col(m.head);
    if ([...b, ...h].some((v) => typeof v !== 'number' || !(v > 0))) continue;
    d.push(mean(h.map((v) => Math.log(v as number))) - mean(b.map((v) => Math.log(v as number))));
  }
  if (d.length < 2 || variance(d) === 0) return false;
  const tStat = mean(d) / Math.sqrt(variance(d) / d.length);
  const worse = options.better === 'higher' ? -Math.expm1(mean(d)) : Math.expm1(mean(d));
  return Math.abs(tStat) > tQuantile(1 - options.alpha / 2, d.length - 1) && worse > options.margin;
}

export function replayTrials(r: TrialRecording, view: ReplayView, o: TrialReplayOptions): TrialReplayOutcome {
  return {
    ...sequentialOurs(r, view, o),
    processRule: processRuleVerdict(r, view, o),
    trialTAlarm: trialTAlarm(replayMatrix(r, view, o.metric), o.analysis),
  };
}
