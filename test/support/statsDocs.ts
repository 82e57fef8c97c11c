// Builds result documents for statistics tests: one ResultDoc per simulated process.
import { gateSchema, type GateConfig } from '../../src/config/schema.js';
import type { BenchmarkResult, ResultDoc } from '../../src/result/schema.js';

export interface BenchSpec {
  readonly name: string;
  /** e2e times of each iteration, in ms. */
  readonly e2e: readonly number[];
  /** TTFT as a fraction of e2e (default 0.1). */
  readonly ttftShare?: number;
  readonly memoryMib?: number;
  readonly status?: 'ok' | 'failed';
  readonly tokensDigest?: string;
  readonly configHash?: string;
  readonly telemetry?: Partial<NonNullable<BenchmarkResult['telemetry']>>;
}

export function bench(spec: BenchSpec): BenchmarkResult {
  const share = spec.ttftShare ?? 0.1;
  return {
    name: spec.name,
    engine: 'onnxruntime',
    status: spec.status ?? 'ok',
    ...(spec.status === 'failed' ? { error: { kind: 'crash', message: 'boom' } } : {}),
    config_hash: spec.configHash ?? 'cfg',
    workload: { batch_size: 1, max_new_tokens: 100, warmup: 1, iterations: spec.e2e.length },
    engine_info: {},
    iterations: spec.e2e.map((e) => ({
      e2e_ms: e,
      ttft_ms: e * share,
      new_tokens: 100,
      batch_size: 1,
      prompt_tokens: 6,
    })),
    memory:
      spec.memoryMib === undefined ? [] : [{ metric: 'host_rss_peak_mib', value_mib: spec.memoryMib, source: 'test' }],
    ...(spec.tokensDigest ? { tokens_digest: spec.tokensDigest } : {}),
    ...(spec.telemetry
      ? {
          telemetry: {
            samples: 1,
            gpu_throttled: false,
            gpu_shared: false,
            host_busy: false,
            notes: [],
            summary: {},
            ...spec.telemetry,
          },
        }
      : {}),
  };
}

export function doc(
  benchmarks: BenchmarkResult[],
  env: { hash?: string; fields?: Record<string, string> } = {},
  sha?: string,
): ResultDoc {
  return {
    format: 'llm-perf-gate.result',
    version: 1,
    tool: { name: 'llm-perf-gate', version: '0.0.0' },
    run: {
      id: Math.random().toString(36).slice(2),
      started_at: '2025-01-01T00:00:00.000Z',
      finished_at: '2025-01-01T00:01:00.000Z',
      ...(sha ? { git: { sha } } : {}),
    },
    config: { path: 'perf-gate.yml', hash: 'h', resolved: {} },
    environment: {
      fields: env.fields ?? { cpu_model: 'Test CPU' },
      comparable: Object.keys(env.fields ?? { cpu_model: 'Test CPU' }),
      hash: env.hash ?? 'env1',
    },
    benchmarks,
  };
}

export function gate(overrides: Partial<Record<string, unknown>> = {}): GateConfig {
  return gateSchema.parse(overrides);
}

/** Deterministic PRNG (mulberry32) and a normal draw, so synthetic data is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** One simulated process: a run-level offset (between-run noise) plus iteration noise. */
export function simulatedRun(
  r: () => number,
  opts: { centreMs: number; runNoise: number; iterNoise: number; iterations?: number; factor?: number },
): number[] {
  const runShift = Math.exp(opts.runNoise * normal(r));
  return Array.from(
    { length: opts.iterations ?? 8 },
    () => opts.centreMs * (opts.factor ?? 1) * runShift * Math.exp(opts.iterNoise * normal(r)),
  );
}
