// Builders of result documents and comparisons for report tests: small, explicit, deterministic.
import type { MetricName } from '../../src/metrics.js';
import { METRIC_INFO } from '../../src/metrics.js';
import type { BenchmarkResult, IterationSample, MemoryPeak, ResultDoc } from '../../src/result/schema.js';
import { resultSchema } from '../../src/result/schema.js';
import type {
  Comparison,
  ConfigComparison,
  GateDecision,
  MetricVerdict,
  SideSummary,
  VerdictKind,
} from '../../src/stats/types.js';
import { VERDICTS } from '../../src/stats/types.js';
import type { FailOn } from '../../src/config/schema.js';
import { decideGate } from '../../src/stats/decideGate.js';

/** Iterations whose e2e tokens/s are exactly `tokS` (batch·new_tokens / e2e), TTFT a fixed share. */
export function iterationsAt(
  tokS: readonly number[],
  opts: { batch?: number | undefined; newTokens?: number; promptTokens?: number | undefined; ttftShare?: number } = {},
): IterationSample[] {
  const batch = opts.batch ?? 1;
  const newTokens = opts.newTokens ?? 100;
  return tokS.map((t) => {
    const e2e = ((batch * newTokens) / t) * 1000;
    return {
      e2e_ms: e2e,
      ttft_ms: e2e * (opts.ttftShare ?? 0.05),
      new_tokens: newTokens,
      batch_size: batch,
      prompt_tokens: opts.promptTokens ?? 8,
    };
  });
}

/** Eight iterations spread ±1% around a throughput. */
export function around(tokS: number, spread = 0.01): number[] {
  return [-1, -0.75, -0.5, -0.25, 0.25, 0.5, 0.75, 1].map((k) => tokS * (1 + k * spread));
}

export function benchmark(
  name: string,
  tokS: readonly number[],
  extra: Partial<BenchmarkResult> & { memory?: MemoryPeak[]; batch?: number; promptTokens?: number } = {},
): BenchmarkResult {
  const { batch, promptTokens, ...rest } = extra;
  return {
    name,
    engine: 'transformers',
    status: 'ok',
    config_hash: `hash-${name}`,
    workload: {
      batch_size: batch ?? 1,
      prompt_tokens: promptTokens ?? 8,
      max_new_tokens: 100,
      warmup: 1,
      iterations: tokS.length,
    },
    engine_info: {},
    iterations: iterationsAt(tokS, { batch, promptTokens }),
    memory: [],
    ...rest,
  };
}

export function failedBenchmark(name: string, message: string, stderrTail?: string): BenchmarkResult {
  return {
    name,
    engine: 'command',
    status: 'failed',
    error: { kind: 'crash', message, ...(stderrTail === undefined ? {} : { stderr_tail: stderrTail }) },
    config_hash: `hash-${name}`,
    workload: { batch_size: 1, max_new_tokens: 100, warmup: 1, iterations: 8 },
    engine_info: {},
    iterations: [],
    memory: [],
  };
}

export function resultDoc(
  benchmarks: BenchmarkResult[],
  opts: { sha?: string; fields?: ResultDoc['environment']['fields']; label?: string } = {},
): ResultDoc {
  // Parsed, so a builder mistake shows up as a schema error rather than a strange report.
  return resultSchema.parse({
    format: 'llm-perf-gate.result',
    version: 1,
    tool: { name: 'llm-perf-gate', version: '0.1.0' },
    run: {
      id: `run-${opts.sha ?? 'x'}`,
      started_at: '2025-01-01T00:00:00.000Z',
      finished_at: '2025-01-01T00:10:00.000Z',
      ...(opts.label === undefined ? {} : { label: opts.label }),
      git: { sha: opts.sha ?? '0123456789abcdef0123456789abcdef01234567' },
    },
    config: { path: 'perf-gate.yml', hash: 'cfg', resolved: {} },
    environment: {
      fields: opts.fields ?? { gpu_name: 'NVIDIA H100 80GB HBM3', cpu_model: 'AMD EPYC 9654' },
      comparable: ['gpu_name'],
      hash: 'env',
    },
    benchmarks,
  });
}

export function sideAt(centre: number, opts: Partial<SideSummary> = {}): SideSummary {
  return { centre, median: centre, n: 8, runs: 1, q1: centre * 0.99, q3: centre * 1.01, outliers: 0, ...opts };
}

/** A metric verdict with consistent baseline, candidate and change. */
export function metricVerdict(
  metric: MetricName,
  verdict: VerdictKind,
  baseline: number | undefined,
  candidate: number | undefined,
  opts: Partial<MetricVerdict> = {},
): MetricVerdict {
  const change = baseline !== undefined && candidate !== undefined ? candidate / baseline - 1 : undefined;
  return {
    metric,
    better: METRIC_INFO[metric].better,
    verdict,
    ...(baseline === undefined ? {} : { baseline: sideAt(baseline, { runs: 5, n: 40 }) }),
    ...(candidate === undefined ? {} : { candidate: sideAt(candidate) }),
    ...(change === undefined ? {} : { change, ci: [change - 0.015, change + 0.015] as const }),
    margin: 0.05,
    method: METRIC_INFO[metric].kind === 'memory' ? 'memory tolerance' : 'between-run t, 5 baseline runs',
    gating: true,
    ...opts,
  };
}

export function configComparison(
  name: string,
  verdict: VerdictKind,
  metrics: MetricVerdict[],
  extra: Partial<ConfigComparison> = {},
): ConfigComparison {
  return { name, verdict, metrics, ...extra };
}

/** A typical config: throughput metrics and peak GPU memory, all with the same verdict unless given. */
export function typicalConfig(name: string, verdict: VerdictKind, tokS: number, candTokS: number): ConfigComparison {
  const ratio = candTokS / tokS;
  const v: VerdictKind =
    verdict === 'regression' || verdict === 'improvement' || verdict === 'inconclusive' ? verdict : 'unchanged';
  // An undecided change has a wide interval that crosses zero and the margin.
  const wide = (b: number, c: number) =>
    v === 'inconclusive' ? { mde: 0.12, ci: [c / b - 1 - 0.09, c / b - 1 + 0.09] as const } : {};
  return configComparison(name, verdict, [
    metricVerdict('e2e_tok_s', v, tokS, candTokS, wide(tokS, candTokS)),
    metricVerdict('decode_tok_s', v, tokS * 1.05, candTokS * 1.05, { ...wide(tokS, candTokS), gating: false }),
    metricVerdict('ttft_ms', 'unchanged', 52, 52.4, { gating: false }),
    metricVerdict('tpot_ms', v, 1000 / tokS, 1000 / tokS / ratio, { ...wide(1, 1 / ratio), gating: false }),
    metricVerdict('gpu_process_peak_mib', 'unchanged', 14520, 14530, { method: 'memory tolerance' }),
  ]);
}

export function comparison(configs: ConfigComparison[], opts: Partial<Comparison> = {}): Comparison {
  const counts = Object.fromEntries(VERDICTS.map((k) => [k, configs.filter((c) => c.verdict === k).length])) as Record<
    VerdictKind,
    number
  >;
  const tests = configs.reduce((n, c) => n + c.metrics.length, 0);
  return {
    mode: 'stored-baseline',
    configs,
    counts,
    correction: { method: 'holm', alpha: 0.05, tests },
    fingerprint: { match: true, policy: 'refuse', differences: [] },
    baselineRuns: 5,
    candidateRuns: 1,
    commits: {
      baseline: 'aaaaaaa1111111111111111111111111111111111',
      candidate: 'bbbbbbb2222222222222222222222222222222222',
    },
    ...opts,
  };
}

/** The gate's decision, taken by the production gate (decideGate) under the default policy. */
export function gateFor(
  c: Comparison,
  opts: { policy?: FailOn; accepted?: boolean; allowNew?: boolean; baselineOptional?: boolean } = {},
): GateDecision {
  return decideGate(c, opts.policy ?? 'regression-or-failed', opts.accepted ?? false, {
    allowNew: opts.allowNew ?? false,
    baselineOptional: opts.baselineOptional ?? false,
  });
}
