// Compare baseline runs with candidate runs, config by config and metric by metric, and decide a
// verdict for each. Pure: data in, data out. The method is described in docs/statistics.md.
import type { GateConfig } from '../config/schema.js';
import {
  LATENCY_METRICS,
  MEMORY_METRICS,
  METRIC_INFO,
  latencySeries,
  type Direction,
  type LatencyMetric,
  type MemoryMetric,
  type MetricName,
} from '../metrics.js';
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';
import { median, quantile, tukeyOutliers } from './descriptive.js';
import { checkFingerprint } from './fingerprint.js';
import { decideLatency, decideMemory } from './verdictRules.js';
import { estimateChange, type ChangeEstimate } from './relativeChange.js';
import { adjustPValues, localAlpha } from './multipleComparisons.js';
import { twoSidedP } from './distributions.js';
import {
  VERDICTS,
  type CompareMode,
  type Comparison,
  type ConfigComparison,
  type MetricVerdict,
  type SideSummary,
  type VerdictKind,
} from './types.js';

/**
 * Between-run noise assumed when each side has a single run (SD of log per-run medians). Chosen
 * from the recorded runs in fixtures/samples (docs/statistics.md, "One run a side").
 */
export const DEFAULT_PRIOR_RUN_NOISE = 0.1;

/** Metrics whose regression fails the gate unless gate.metrics says otherwise. */
/**
 * Metrics that fail the gate unless configured otherwise. Host RSS is informational: it counts the
 * runtime, allocator arenas and whatever else the process holds, and moved by 6-15% between
 * unchanged runs of the embedded demo; opt in with gate.metrics.host_rss_peak_mib.gate: true.
 */
export const DEFAULT_GATING: ReadonlySet<MetricName> = new Set<MetricName>([
  'e2e_tok_s',
  ...MEMORY_METRICS.filter((m) => m !== 'host_rss_peak_mib'),
]);

export interface CompareOptions {
  readonly gate: GateConfig;
  /** 'ab': same-runner interleaved runs; baseline and candidate runs are paired by index. */
  readonly mode?: CompareMode;
  /** Prior between-run noise per config name (SD of log per-run medians), e.g. from an A/A history. */
  readonly noiseFloor?: Readonly<Record<string, number>>;
  /** Prior for configs without their own entry in noiseFloor; DEFAULT_PRIOR_RUN_NOISE by default. */
  readonly defaultNoiseFloor?: number;
  /**
   * Candidate runs (processes) a regression needs (default 3). A process can be slow by itself: the
   * recorded GPU runs hold single processes 7-30% slower than their neighbours with nothing in the
   * telemetry, and two of them in a row made 3-5% of unchanged A/A pairs look like regressions
   * (docs/statistics.md). So a slow-down stays `inconclusive` until this many runs show it; the
   * protocol's adaptive loop (configsNeedingMoreSamples) runs them, and only for such configs.
   */
  readonly confirmationRuns?: number;
}

export const DEFAULT_CONFIRMATION_RUNS = 3;
/** Candidate runs any inconclusive gating verdict gets before the answer is given (default 2). */
export const DEFAULT_DECISION_RUNS = 2;

type Runs = readonly BenchmarkResult[];

function summarizeRuns(runs: readonly (readonly number[])[]): SideSummary {
  const nonEmpty = runs.filter((r) => r.length > 0);
  const all = nonEmpty.flat();
  return {
    centre: median(nonEmpty.map((r) => median(r))),
    n: all.length,
    runs: nonEmpty.length,
    q1: quantile(all, 0.25),
    q3: quantile(all, 0.75),
    // Per run: a shift between runs is not an outlier of either run.
    outliers: nonEmpty.reduce((s, r) => s + tukeyOutliers(r), 0),
  };
}

/**
 * A benchmark's iterations as runs: each adaptive round is a fresh session (a fresh process for the
 * subprocess engines), so it counts as one more run of that side.
 */
export function runSeries(metric: LatencyMetric, b: BenchmarkResult): number[][] {
  const rounds = new Map<number, BenchmarkResult['iterations']>();
  for (const s of b.iterations) {
    const r = s.round ?? 0;
    const list = rounds.get(r);
    if (list) list.push(s);
    else rounds.set(r, [s]);
  }
  return [...rounds.keys()].sort((x, y) => x - y).map((r) => latencySeries(metric, rounds.get(r)!));
}

/** Runs on one side, counting adaptive rounds as runs: the most any config has. */
function runsCount(docs: readonly ResultDoc[]): number {
  const per = new Map<string, number>();
  for (const d of docs)
    for (const b of d.benchmarks) {
      const rounds = new Set(b.iterations.map((s) => s.round ?? 0)).size;
      per.set(b.name, (per.get(b.name) ?? 0) + Math.max(1, rounds));
    }
  return Math.max(docs.length > 0 ? 1 : 0, ...per.values());
}

/** The peak of a memory metric in each run (round) of a config: one value per separate process. */
function memoryRuns(b: BenchmarkResult, metric: MemoryMetric): number[] {
  const byRound = new Map<number, number>();
  for (const m of b.memory)
    if (m.metric === metric) byRound.set(m.round ?? 0, Math.max(byRound.get(m.round ?? 0) ?? 0, m.value_mib));
  return [...byRound.values()];
}

/** The highest peak of a memory metric over all runs of a config (a summary, not a verdict). */
export function memoryValue(b: BenchmarkResult, metric: MemoryMetric): number | undefined {
  const vals = b.memory.filter((m) => m.metric === metric).map((m) => m.value_mib);
  return vals.length > 0 ? Math.max(...vals) : undefined;
}

/** Every benchmark of `docs` by name, in document order: one pass, so compare stays linear in configs. */
function byName(docs: readonly ResultDoc[]): Map<string, BenchmarkResult[]> {
  const out = new Map<string, BenchmarkResult[]>();
  for (const d of docs)
    for (const b of d.benchmarks) {
      const list = out.get(b.name);
      if (list) list.push(b);
      else out.set(b.name, [b]);
    }
  return out;
}

function worst(verdicts: readonly VerdictKind[]): VerdictKind {
  let best = VERDICTS.length - 1;
  for (const v of verdicts) best = Math.min(best, VERDICTS.indexOf(v));
  return VERDICTS[best] as VerdictKind;
}

function validityNotes(cands: Runs): string[] {
  const notes: string[] = [];
  for (const b of cands) {
    const t = b.telemetry;
    if (!t) continue;
    if (t.gpu_throttled) notes.push('GPU throttled during the candidate run');
    if (t.gpu_shared) notes.push('GPU shared with another process during the candidate run');
    if (t.host_busy) notes.push('host busy during the candidate run');
    if (t.gpu_throttled || t.gpu_shared || t.host_busy) notes.push(...t.notes);
  }
  return [...new Set(notes)];
}

interface PendingTest {
  readonly config: string;
  readonly metric: LatencyMetric;
  readonly gating: boolean;
  readonly better: Direction;
  readonly margin: number;
  readonly est: ChangeEstimate;
  readonly p: number;
  readonly baseline: SideSummary;
  readonly candidate: SideSummary;
  adjusted?: number;
  tests?: number;
}

interface MetricSettings {
  readonly enabled: boolean;
  readonly gating: boolean;
  readonly better: Direction;
  readonly margin: number;
}

function settingsFor(gate: GateConfig, metric: MetricName): MetricSettings {
  const own = gate.metrics[metric];
  const info = METRIC_INFO[metric];
  return {
    enabled: own?.enabled ?? true,
    gating: own?.gate ?? DEFAULT_GATING.has(metric),
    better: own?.direction ?? info.better,
    margin: own?.margin ?? (info.kind === 'memory' ? gate.memory_tolerance : gate.margin),
  };
}

/** The verdict of a metric with nothing to compare with: no baseline, or one refused by fingerprint. */
function uncompared(
  metric: MetricName,
  s: MetricSettings,
  refused: boolean,
  candidate: SideSummary,
  baseline?: SideSummary,
): MetricVerdict {
  return {
    metric,
    better: s.better,
    verdict: refused ? 'inconclusive' : 'new',
    candidate,
    ...(baseline ? { baseline } : {}),
    margin: s.margin,
    method: refused ? 'not compared: baseline ran on another machine (fingerprint_mismatch: refuse)' : 'no baseline',
    gating: s.gating,
  };
}

export function compareRuns(
  baselines: readonly ResultDoc[],
  candidates: readonly ResultDoc[],
  options: CompareOptions,
): Comparison {
  const { gate } = options;
  const mode: CompareMode = options.mode ?? 'stored-baseline';
  const fp = checkFingerprint(baselines, candidates, gate.fingerprint_mismatch);
  const base = fp.usable;

  const names = new Set<string>();
  for (const d of [...candidates, ...base]) for (const b of d.benchmarks) names.add(b.name);

  // First pass: estimates for every latency metric, so p-values can be corrected as one family.
  const tests: PendingTest[] = [];
  interface Draft {
    name: string;
    kind?: 'failed' | 'missing' | 'new';
    cands: Runs;
    bases: Runs;
    note?: string;
    memory: MetricVerdict[];
    latencyUnestimable: MetricVerdict[];
    newSummaries: MetricVerdict[];
  }
  const drafts: Draft[] = [];
  const candidatesByName = byName(candidates);
  const basesByName = byName(base);
  for (const name of names) {
    const cands = candidatesByName.get(name) ?? [];
    const allBases = basesByName.get(name) ?? [];
    const okBases = allBases.filter((b) => b.status === 'ok');
    const draft: Draft = { name, cands, bases: okBases, memory: [], latencyUnestimable: [], newSummaries: [] };
    drafts.push(draft);
    if (cands.length === 0) {
      draft.kind = 'missing';
      continue;
    }
    if (cands.some((b) => b.status === 'failed')) {
      draft.kind = 'failed';
      continue;
    }
    // A baseline with other settings measures another benchmark: compare only like with like.
    const hash = cands[0]?.config_hash;
    const sameSettings = okBases.filter((b) => b.config_hash === hash);
    if (okBases.length === 0 || sameSettings.length === 0 || fp.refused) {
      if (!fp.refused) {
        draft.kind = 'new';
        if (allBases.length > 0 && okBases.length === 0) draft.note = 'every baseline run of this config failed';
        else if (okBases.length > 0) draft.note = 'settings changed since the baseline (config hash differs)';
      }
    }
    draft.bases = sameSettings;
    for (const metric of LATENCY_METRICS) {
      const s = settingsFor(gate, metric);
      if (!s.enabled) continue;
      const cRuns = cands.flatMap((b) => runSeries(metric, b));
      if (cRuns.every((r) => r.length === 0)) continue;
      const candidate = summarizeRuns(cRuns);
      if (draft.kind === 'new' || fp.refused) {
        const baseline =
          fp.refused && sameSettings.length > 0
            ? summarizeRuns(sameSettings.flatMap((b) => runSeries(metric, b)))
            : undefined;
        draft.newSummaries.push(uncompared(metric, s, fp.refused, candidate, baseline));
        continue;
      }
      const bRuns = sameSettings.flatMap((b) => runSeries(metric, b));
      if (bRuns.every((r) => r.length === 0)) continue;
      const baseline = summarizeRuns(bRuns);
      const est = estimateChange(bRuns, cRuns, {
        paired: mode === 'ab',
        priorRunNoise: options.noiseFloor?.[name] ?? options.defaultNoiseFloor ?? DEFAULT_PRIOR_RUN_NOISE,
      });
      if (!est) {
        draft.latencyUnestimable.push({
          metric,
          better: s.better,
          verdict: 'inconclusive',
          baseline,
          candidate,
          change: candidate.centre / baseline.centre - 1,
          margin: s.margin,
          method: 'between-run noise unknown',
          gating: s.gating,
          note: 'one run a side and no noise prior: run more baseline runs',
        });
        continue;
      }
      const t = est.se > 0 ? est.logRatio / est.se : est.logRatio === 0 ? 0 : Math.sign(est.logRatio) * Infinity;
      tests.push({
        config: name,
        metric,
        gating: s.gating,
        better: s.better,
        margin: s.margin,
        est,
        p: twoSidedP(t, est.df),
        baseline,
        candidate,
      });
    }
    for (const metric of MEMORY_METRICS) {
      const s = settingsFor(gate, metric);
      if (!s.enabled) continue;
      const cVals = cands.flatMap((b) => memoryRuns(b, metric));
      if (cVals.length === 0) continue;
      const candidate = summarizeRuns(cVals.map((v) => [v]));
      if (draft.kind === 'new' || fp.refused) {
        draft.newSummaries.push(uncompared(metric, s, fp.refused, candidate));
        continue;
      }
      const bVals = sameSettings.flatMap((b) => memoryRuns(b, metric));
      if (bVals.length === 0) continue;
      draft.memory.push(
        decideMemory({
          metric,
          better: s.better,
          gating: s.gating,
          baseline: summarizeRuns(bVals.map((v) => [v])),
          candidate,
          tolerance: s.margin,
          toleranceMib: gate.memory_tolerance_mib,
          confirmationRuns: options.confirmationRuns ?? DEFAULT_CONFIRMATION_RUNS,
        }),
      );
    }
  }

  // Two families: gating tests (their family-wise rate is the gate's false-alarm rate) and the
  // informational ones, corrected among themselves so the report does not cry wolf either.
  const gatingTests = tests.filter((t) => t.gating);
  for (const family of [gatingTests, tests.filter((t) => !t.gating)]) {
    const adj = adjustPValues(
      family.map((t) => t.p),
      gate.correction,
    );
    family.forEach((t, i) => {
      t.adjusted = adj[i];
      t.tests = family.length;
    });
  }

  const testsByConfig = new Map<string, PendingTest[]>();
  for (const t of tests) {
    const list = testsByConfig.get(t.config);
    if (list) list.push(t);
    else testsByConfig.set(t.config, [t]);
  }
  const configs: ConfigComparison[] = drafts.map((d) => {
    const cand = d.cands[0];
    const common = {
      name: d.name,
      ...(cand?.labels ? { labels: cand.labels } : {}),
      ...(cand?.sweep ? { sweep: cand.sweep } : {}),
    };
    if (d.kind === 'missing') return { ...common, verdict: 'missing', metrics: [] };
    if (d.kind === 'failed') {
      const err = d.cands.find((b) => b.status === 'failed')?.error;
      return { ...common, verdict: 'failed', metrics: [], ...(err ? { error: err } : {}) };
    }
    const validity = validityNotes(d.cands);
    const latency: MetricVerdict[] = (testsByConfig.get(d.name) ?? []).map((t) => {
      const adjusted = t.adjusted ?? t.p;
      const level = localAlpha(gate.alpha, t.p, adjusted, t.tests ?? 1, gate.correction);
      return decideLatency({
        metric: t.metric,
        better: t.better,
        gating: t.gating,
        margin: t.margin,
        est: t.est,
        pValue: t.p,
        adjustedP: adjusted,
        alpha: gate.alpha,
        ciAlpha: level,
        correction: `${gate.correction} over ${t.tests ?? 1} ${t.gating ? 'gating' : 'informational'} tests`,
        baseline: t.baseline,
        candidate: t.candidate,
        validity,
        confirmationRuns: options.confirmationRuns ?? DEFAULT_CONFIRMATION_RUNS,
      });
    });
    const metrics = [...latency, ...d.latencyUnestimable, ...d.memory, ...d.newSummaries].sort(
      (a, b) => metricOrder(a.metric) - metricOrder(b.metric),
    );
    const gatingVerdicts = metrics.filter((m) => m.gating).map((m) => m.verdict);
    const verdict: VerdictKind =
      d.kind === 'new'
        ? 'new'
        : fp.refused
          ? 'inconclusive'
          : worst(
              gatingVerdicts.length > 0
                ? gatingVerdicts
                : metrics.length > 0
                  ? metrics.map((m) => m.verdict)
                  : ['inconclusive'],
            );
    const digests = new Set(d.bases.map((b) => b.tokens_digest).filter((x) => x !== undefined));
    const candDigest = cand?.tokens_digest;
    const tokensChanged = candDigest !== undefined && digests.size > 0 && !digests.has(candDigest);
    return {
      ...common,
      verdict,
      metrics: d.note ? metrics.map((m) => ({ ...m, note: m.note ? `${m.note}; ${d.note}` : d.note })) : metrics,
      ...(tokensChanged ? { tokensChanged } : {}),
      ...(validity.length > 0 ? { validity } : {}),
    };
  });

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<VerdictKind, number>;
  for (const c of configs) counts[c.verdict] += 1;

  const noiseFloor: Record<string, number> = {};
  for (const t of gatingTests) if (!t.est.fromPrior) noiseFloor[t.config] = Math.exp(t.est.runNoise) - 1;

  const latestBase = base[base.length - 1];
  return {
    mode,
    configs,
    counts,
    correction: { method: gate.correction, alpha: gate.alpha, tests: gatingTests.length },
    fingerprint: {
      match: fp.match,
      policy: gate.fingerprint_mismatch,
      differences: fp.differences,
      ...(fp.baselineMachine ? { baselineMachine: fp.baselineMachine } : {}),
      ...(fp.candidateMachine ? { candidateMachine: fp.candidateMachine } : {}),
    },
    baselineRuns: runsCount(base),
    candidateRuns: runsCount(candidates),
    commits: {
      ...(latestBase?.run.git?.sha ? { baseline: latestBase.run.git.sha } : {}),
      ...(candidates[0]?.run.git?.sha ? { candidate: candidates[0].run.git.sha } : {}),
    },
    ...(Object.keys(noiseFloor).length > 0 ? { noiseFloor } : {}),
  };
}

const ORDER: readonly MetricName[] = [...LATENCY_METRICS, ...MEMORY_METRICS];
function metricOrder(m: MetricName): number {
  return ORDER.indexOf(m);
}
