// Verdict data: what `compareRuns` produces and what reports, the gate and the action consume.
import type { FailOn } from '../config/schema.js';
import type { Direction, MetricName } from '../metrics.js';
import type { BenchmarkError } from '../result/schema.js';
import type { STOP_REASONS } from '../trials/trialSet.js';

export const VERDICTS = ['regression', 'failed', 'missing', 'inconclusive', 'new', 'improvement', 'unchanged'] as const;
export type VerdictKind = (typeof VERDICTS)[number];

export interface SideSummary {
  /**
   * The value the change is computed from: the geometric mean of per-run medians for latency
   * metrics, the median peak over runs for memory. change = candidate.centre / baseline.centre − 1.
   */
  readonly centre: number;
  /** Median of every iteration pooled over runs (describes the samples; the change does not use it). */
  readonly median?: number;
  /** Measured iterations in all runs of this side. */
  readonly n: number;
  /** Separate runs (processes) on this side. */
  readonly runs: number;
  readonly q1: number;
  readonly q3: number;
  /** Iterations outside Tukey's fences (1.5·IQR); reported, never dropped. */
  readonly outliers: number;
}

export interface MetricVerdict {
  readonly metric: MetricName;
  readonly better: Direction;
  readonly verdict: VerdictKind;
  readonly baseline?: SideSummary;
  readonly candidate?: SideSummary;
  /** Relative change of the centre, candidate/baseline − 1 (0.1 = 10% higher). */
  readonly change?: number;
  /** Confidence interval of the relative change, at the corrected level. */
  readonly ci?: readonly [number, number];
  readonly pValue?: number;
  readonly adjustedP?: number;
  /** Smallest relative change this data could have detected (for `inconclusive`). */
  readonly mde?: number;
  /** The declared margin (relative) used for `unchanged` and for the practical size of a regression. */
  readonly margin: number;
  /** How the verdict was reached, e.g. "between-run t, 5 baseline runs" or "memory tolerance". */
  readonly method: string;
  /** Whether a regression of this metric can fail the gate. */
  readonly gating: boolean;
  readonly note?: string;
  /** A regression by the test, held as `inconclusive` until enough candidate runs confirm it. */
  readonly awaitingConfirmation?: boolean;
}

export interface FingerprintDifference {
  readonly field: string;
  readonly baseline: string | number | boolean | null;
  readonly candidate: string | number | boolean | null;
}

export interface ConfigComparison {
  readonly name: string;
  /** The worst verdict over this config's gating metrics (order of VERDICTS). */
  readonly verdict: VerdictKind;
  readonly metrics: readonly MetricVerdict[];
  readonly error?: BenchmarkError;
  /** Generated tokens differ from the baseline's (a speed-up may come from different output). */
  readonly tokensChanged?: boolean;
  /** Telemetry said the candidate's run was not clean (throttling, shared GPU, busy host). */
  readonly validity?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly sweep?: { readonly group: string; readonly params: Readonly<Record<string, number>> };
  /** Trial-level A/B only: how this config was measured and why it stopped. */
  readonly trials?: {
    readonly run: number;
    readonly workersPerSide: number;
    readonly seconds: number;
    readonly stopReason: (typeof STOP_REASONS)[number];
    /** Fewer than 2·W workers fit on the device at once, so they were rotated. */
    readonly rotated: boolean;
  };
}

export type CompareMode = 'stored-baseline' | 'ab';

/** Where the baseline came from and, when there is none, why: the headline must say it. */
export interface BaselineProvenance {
  readonly store: 'actions-cache' | 'git-branch' | 'files' | 'ab';
  /** found: compared with it; none: no baseline yet; unavailable: the store failed; refused: policy. */
  readonly status: 'found' | 'none' | 'unavailable' | 'refused';
  /** Plain words for the reader, e.g. "cache miss for key … (entries unread for 7 days are evicted)". */
  readonly reason?: string;
  /** The newest baseline run used: its commit and when it was measured (ISO 8601). */
  readonly newest?: { readonly commit?: string; readonly createdAt?: string };
}

export interface Comparison {
  readonly mode: CompareMode;
  readonly configs: readonly ConfigComparison[];
  readonly counts: Readonly<Record<VerdictKind, number>>;
  readonly correction: { readonly method: string; readonly alpha: number; readonly tests: number };
  readonly fingerprint: {
    readonly match: boolean;
    readonly policy: 'refuse' | 'warn' | 'compare';
    readonly differences: readonly FingerprintDifference[];
    readonly baselineMachine?: string;
    readonly candidateMachine?: string;
  };
  readonly baselineRuns: number;
  readonly candidateRuns: number;
  readonly commits: { readonly baseline?: string; readonly candidate?: string };
  /** Where the baseline came from (absent in older callers; the headline then says nothing of it). */
  readonly baseline?: BaselineProvenance;
  /** A/A noise floor (relative spread between runs of unchanged code), when measured. */
  readonly noiseFloor?: Readonly<Record<string, number>>;
}

/** A failing state (configStates.ts): regression, not measured, or could not decide. */
export type GateState = 'regression' | 'not-measured' | 'undecided';

export interface GateFailure {
  /** The config, or "all configurations" when nothing at all was compared. */
  readonly name: string;
  readonly state: GateState;
  /** Plain words with metric labels, e.g. "regression: Throughput -11.5% [-13.0%, -10.0%]". */
  readonly reason: string;
}

export interface GateDecision {
  readonly failed: boolean;
  readonly policy: FailOn;
  /** One line per failing config (kept when accepted: they are what the label overrode). */
  readonly failing: readonly GateFailure[];
  /** True when a maintainer accepted the regression (e.g. a PR label); the gate then passes. */
  readonly accepted: boolean;
}
