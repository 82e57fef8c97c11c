// Trial-level A/B results → the usual Comparison (mode 'ab'), so the report and the gate need no
// special path: latency metrics from the trial analysis (Bonferroni over configs × metrics of each
// family), memory metrics from each worker's peaks with the usual tolerance rule, how each config
// was measured in ConfigComparison.trials, and the A/A check from splitting each side's workers. Pure.
import type { GateConfig } from '../config/schema.js';
import {
  LATENCY_METRICS,
  MEMORY_METRICS,
  METRIC_INFO,
  latencyValue,
  type LatencyMetric,
  type MetricName,
} from '../metrics.js';
import type { BenchmarkError } from '../result/schema.js';
import { DEFAULT_GATING } from '../stats/compareRuns.js';
import { median, quantile } from '../stats/descriptive.js';
import { decideMemory } from '../stats/verdictRules.js';
import { sideSummary } from '../stats/runSamples.js';
import {
  VERDICTS,
  type Comparison,
  type ConfigComparison,
  type MetricVerdict,
  type SideSummary,
  type VerdictKind,
} from '../stats/types.js';
import type { AnalyzeTrials, TrialAnalysis } from '../trials/analysis.js';
import { trialMatrix, type TrialConfig, type TrialSide } from '../trials/trialSet.js';
import { aaCheckTrials, type TrialNoiseFigures } from '../stats/trialAaCheck.js';
import { lookScheduleOf } from '../trials/lookSchedule.js';

export interface MetricPlan {
  readonly metric: MetricName;
  readonly gating: boolean;
  readonly better: 'higher' | 'lower';
  readonly margin: number;
}

/** The metrics compared, with their settings; latency margins default to the A/B margin. */
export function metricPlan(gate: GateConfig, abMargin: number): MetricPlan[] {
  return [...LATENCY_METRICS, ...MEMORY_METRICS].flatMap((metric) => {
    const own = gate.metrics[metric];
    if (own?.enabled === false) return [];
    const info = METRIC_INFO[metric];
    return [
      {
        metric,
        gating: own?.gate ?? DEFAULT_GATING.has(metric),
        better: own?.direction ?? info.better,
        margin: own?.margin ?? (info.kind === 'memory' ? gate.memory_tolerance : abMargin),
      },
    ];
  });
}

/** Alpha of one latency test: the family's alpha split over its tests (valid at every look). */
export function testAlpha(gate: GateConfig, plan: readonly MetricPlan[], configs: number, gating: boolean): number {
  const n = plan.filter((p) => p.gating === gating && METRIC_INFO[p.metric].kind === 'latency').length * configs;
  return gate.alpha / Math.max(1, n);
}

export function analyzeMetric(
  analyze: AnalyzeTrials,
  config: TrialConfig,
  p: MetricPlan,
  alpha: number,
): TrialAnalysis {
  const looks = lookScheduleOf(config);
  return analyze(trialMatrix(config, p.metric as LatencyMetric), {
    better: p.better,
    margin: p.margin,
    alpha,
    ...(looks ? { looks } : {}),
  });
}

/**
 * One side's worker-process units (worker × epoch). The centre is the geometric mean of the units'
 * geometric means (the base side's is what the report shows as Baseline; see latencyVerdict); the
 * pooled median describes the samples.
 */
function summarize(config: TrialConfig, side: TrialSide, metric: LatencyMetric): SideSummary | undefined {
  const units = new Map<string, number[]>();
  for (const t of config.trials)
    for (const [id, o] of Object.entries(t.outcomes)) {
      if (!id.startsWith(side) || !('sample' in o)) continue;
      const v = latencyValue(metric, o.sample);
      if (v === undefined || !Number.isFinite(v)) continue;
      const key = `${id}@${t.epoch}`;
      units.set(key, [...(units.get(key) ?? []), v]);
    }
  const runs = [...units.values()];
  if (runs.length === 0) return undefined;
  const logMean = (xs: readonly number[]) => xs.reduce((t, x) => t + Math.log(x), 0) / xs.length;
  return sideSummary(Math.exp(runs.reduce((t, r) => t + logMean(r), 0) / runs.length), runs);
}

function memorySummary(config: TrialConfig, side: TrialSide, metric: MetricName): SideSummary | undefined {
  const vals = config.workers
    .filter((w) => w.side === side)
    .flatMap((w) => w.memory.filter((m) => m.metric === metric).map((m) => m.value_mib));
  if (vals.length === 0) return undefined;
  return {
    centre: median(vals),
    n: vals.length,
    runs: vals.length,
    q1: quantile(vals, 0.25),
    q3: quantile(vals, 0.75),
    outliers: 0,
  };
}

export interface AaResult {
  readonly config: string;
  readonly side: TrialSide;
  readonly analysis: TrialAnalysis;
  /** This run's noise (process offsets, iteration noise), the same on both sides' rows. */
  readonly noise?: TrialNoiseFigures;
}

export interface TrialComparisonInput {
  readonly configs: readonly TrialConfig[];
  /** Configs that could not be compared: failed (with the error), or new/missing on one side. */
  readonly uncompared: readonly {
    readonly name: string;
    readonly verdict: VerdictKind;
    readonly error?: BenchmarkError;
    readonly note?: string;
  }[];
  readonly gate: GateConfig;
  readonly abMargin: number;
  readonly analyze: AnalyzeTrials;
  readonly commits: { readonly base: string; readonly head: string };
  readonly labels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function worst(verdicts: readonly VerdictKind[]): VerdictKind {
  return VERDICTS[Math.min(...verdicts.map((v) => VERDICTS.indexOf(v)))] ?? 'inconclusive';
}

function latencyVerdict(
  config: TrialConfig,
  p: MetricPlan,
  a: TrialAnalysis,
  tests: number,
): MetricVerdict | undefined {
  const baseline = summarize(config, 'base', p.metric as LatencyMetric);
  const measured = summarize(config, 'head', p.metric as LatencyMetric);
  if (!baseline || !measured) return undefined;
  // The change comes from paired trials with the process as a random effect, not from the two
  // sides' centres: Candidate is shown as Baseline × (1 + change), so every row reads consistently
  // (the report's note says so); the head's own samples stay in its n, median and IQR.
  const candidate = { ...measured, centre: baseline.centre * (1 + a.change) };
  return {
    metric: p.metric,
    better: p.better,
    verdict: a.verdict,
    baseline,
    candidate,
    change: a.change,
    ci: a.ci,
    ...(a.verdict === 'inconclusive' && Number.isFinite(a.mde) ? { mde: a.mde } : {}),
    margin: p.margin,
    method: `${a.method}; ${a.trials} trials; bonferroni over ${tests} ${p.gating ? 'gating' : 'informational'} tests`,
    gating: p.gating,
  };
}

function compareConfig(
  config: TrialConfig,
  input: TrialComparisonInput,
  plan: readonly MetricPlan[],
): ConfigComparison {
  const metrics: MetricVerdict[] = [];
  for (const p of plan) {
    if (METRIC_INFO[p.metric].kind === 'latency') {
      const alpha = testAlpha(input.gate, plan, input.configs.length, p.gating);
      const tests = Math.round(input.gate.alpha / alpha);
      const v = latencyVerdict(config, p, analyzeMetric(input.analyze, config, p, alpha), tests);
      if (v) metrics.push(v);
      continue;
    }
    const baseline = memorySummary(config, 'base', p.metric);
    const candidate = memorySummary(config, 'head', p.metric);
    if (!baseline || !candidate) continue;
    metrics.push(
      decideMemory({
        metric: p.metric as (typeof MEMORY_METRICS)[number],
        better: p.better,
        gating: p.gating,
        baseline,
        candidate,
        tolerance: p.margin,
        toleranceMib: input.gate.memory_tolerance_mib,
        // Each worker is one process and the centre is the median over a side's workers, so a
        // change already needs most of them; no further runs are coming to confirm it.
        confirmationRuns: 1,
      }),
    );
  }
  const gating = metrics.filter((m) => m.gating).map((m) => m.verdict);
  return {
    name: config.name,
    verdict: worst(gating.length > 0 ? gating : ['inconclusive']),
    metrics,
    ...(input.labels?.[config.name] ? { labels: input.labels[config.name] } : {}),
    trials: {
      run: config.stop.trials,
      workersPerSide: config.workers.filter((w) => w.side === 'base').length,
      seconds: config.stop.seconds,
      stopReason: config.stop.reason,
      rotated: config.stop.rotated,
    },
  };
}

export function trialComparison(input: TrialComparisonInput): { comparison: Comparison; aa: AaResult[] } {
  const plan = metricPlan(input.gate, input.abMargin);
  const compared = input.configs.map((c) => compareConfig(c, input, plan));
  const others: ConfigComparison[] = input.uncompared.map((u) => ({
    name: u.name,
    verdict: u.verdict,
    metrics: [],
    ...(u.error ? { error: u.error } : {}),
    ...(input.labels?.[u.name] ? { labels: input.labels[u.name] } : {}),
  }));
  const configs = [...compared, ...others];
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<VerdictKind, number>;
  for (const c of configs) counts[c.verdict] += 1;
  const processes = (side: TrialSide) =>
    Math.max(
      0,
      ...input.configs.map((c) =>
        c.workers.filter((w) => w.side === side).reduce((s, w) => s + Number(w.engine_info.worker_processes ?? 1), 0),
      ),
    );
  const headline = plan.find((p) => p.gating && METRIC_INFO[p.metric].kind === 'latency') ?? plan[0];
  // The A/A check (h13stats' aaCheckTrials: each side's workers split odd/even, alpha halved per split).
  const aa: AaResult[] = headline
    ? input.configs.flatMap((c) => {
        const looks = lookScheduleOf(c);
        const check = aaCheckTrials(trialMatrix(c, headline.metric as LatencyMetric), {
          better: headline.better,
          margin: headline.margin,
          alpha: testAlpha(input.gate, plan, input.configs.length, true),
          ...(looks ? { looks } : {}),
        });
        return check.splits.map((split) => ({
          config: c.name,
          side: split.side,
          analysis: split.analysis,
          ...(check.noise ? { noise: check.noise } : {}),
        }));
      })
    : [];
  const gatingTests =
    plan.filter((p) => p.gating && METRIC_INFO[p.metric].kind === 'latency').length * input.configs.length;
  return {
    comparison: {
      mode: 'ab',
      configs,
      counts,
      correction: { method: 'bonferroni', alpha: input.gate.alpha, tests: gatingTests },
      fingerprint: { match: true, policy: input.gate.fingerprint_mismatch, differences: [] },
      baselineRuns: processes('base'),
      candidateRuns: processes('head'),
      commits: { baseline: input.commits.base, candidate: input.commits.head },
      baseline: { store: 'ab', status: 'found' },
    },
    aa,
  };
}
