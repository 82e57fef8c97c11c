// Metric names and formulas (docs/config.md, "Metric names"). Every derived figure is computed from the
// per-iteration samples kept in the result file, so any statistic can be recomputed later.
import type { IterationSample } from './result/schema.js';

export const LATENCY_METRICS = ['e2e_tok_s', 'decode_tok_s', 'ttft_ms', 'tpot_ms', 'e2e_ms'] as const;
export const MEMORY_METRICS = [
  'gpu_process_peak_mib',
  'gpu_device_rise_mib',
  'torch_max_allocated_mib',
  'torch_max_reserved_mib',
  'host_rss_peak_mib',
] as const;
export const METRICS = [...LATENCY_METRICS, ...MEMORY_METRICS] as const;

export type LatencyMetric = (typeof LATENCY_METRICS)[number];
export type MemoryMetric = (typeof MEMORY_METRICS)[number];
export type MetricName = (typeof METRICS)[number];
export type Direction = 'higher' | 'lower';

export interface MetricInfo {
  readonly label: string;
  readonly unit: string;
  /** Which way is better. */
  readonly better: Direction;
  readonly kind: 'latency' | 'memory';
}

export const METRIC_INFO: Readonly<Record<MetricName, MetricInfo>> = {
  e2e_tok_s: { label: 'Throughput', unit: 'tok/s', better: 'higher', kind: 'latency' },
  decode_tok_s: { label: 'Decode', unit: 'tok/s', better: 'higher', kind: 'latency' },
  ttft_ms: { label: 'TTFT', unit: 'ms', better: 'lower', kind: 'latency' },
  tpot_ms: { label: 'TPOT', unit: 'ms', better: 'lower', kind: 'latency' },
  e2e_ms: { label: 'E2E time', unit: 'ms', better: 'lower', kind: 'latency' },
  gpu_process_peak_mib: { label: 'Peak GPU (process)', unit: 'MiB', better: 'lower', kind: 'memory' },
  gpu_device_rise_mib: { label: 'GPU memory rise (device)', unit: 'MiB', better: 'lower', kind: 'memory' },
  torch_max_allocated_mib: { label: 'Torch max allocated', unit: 'MiB', better: 'lower', kind: 'memory' },
  torch_max_reserved_mib: { label: 'Torch max reserved', unit: 'MiB', better: 'lower', kind: 'memory' },
  host_rss_peak_mib: { label: 'Peak host RSS', unit: 'MiB', better: 'lower', kind: 'memory' },
};

export function isLatencyMetric(name: MetricName): name is LatencyMetric {
  return METRIC_INFO[name].kind === 'latency';
}

/**
 * One latency metric of one iteration. For a generation of N new tokens at batch B:
 * tpot = (e2e − ttft) / (N − 1); e2e_tok_s = B·N / e2e; decode_tok_s = B·(N − 1) / (e2e − ttft).
 * Returns undefined where the formula has no value (a single new token has no decode phase).
 */
export function latencyValue(metric: LatencyMetric, s: IterationSample): number | undefined {
  const decodeMs = s.e2e_ms - s.ttft_ms;
  switch (metric) {
    case 'e2e_ms':
      return s.e2e_ms;
    case 'ttft_ms':
      return s.ttft_ms;
    case 'e2e_tok_s':
      return (s.batch_size * s.new_tokens) / (s.e2e_ms / 1000);
    case 'tpot_ms':
      return s.new_tokens > 1 && decodeMs > 0 ? decodeMs / (s.new_tokens - 1) : undefined;
    case 'decode_tok_s':
      return s.new_tokens > 1 && decodeMs > 0 ? (s.batch_size * (s.new_tokens - 1)) / (decodeMs / 1000) : undefined;
  }
}

/** Values of a latency metric across iterations, skipping iterations where it is undefined. */
export function latencySeries(metric: LatencyMetric, samples: readonly IterationSample[]): number[] {
  const out: number[] = [];
  for (const s of samples) {
    const v = latencyValue(metric, s);
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return out;
}
