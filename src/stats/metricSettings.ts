// How one metric is gated: enabled, gating, better direction and margin, from the gate config with
// the metric's defaults.
import type { GateConfig } from '../config/schema.js';
import { MEMORY_METRICS, METRIC_INFO, type Direction, type MetricName } from '../metrics.js';

/**
 * Metrics that fail the gate unless configured otherwise. Host RSS is informational (as in h15's
 * change): it counts the runtime, allocator arenas and whatever else the process holds, and moved by
 * 6-15% between unchanged runs of the embedded demo; opt in with gate.metrics.host_rss_peak_mib.gate.
 */
export const DEFAULT_GATING: ReadonlySet<MetricName> = new Set<MetricName>([
  'e2e_tok_s',
  ...MEMORY_METRICS.filter((m) => m !== 'host_rss_peak_mib'),
]);

export interface MetricSettings {
  readonly enabled: boolean;
  readonly gating: boolean;
  readonly better: Direction;
  readonly margin: number;
}

export function settingsFor(gate: GateConfig, metric: MetricName): MetricSettings {
  const own = gate.metrics[metric];
  const info = METRIC_INFO[metric];
  return {
    enabled: own?.enabled ?? true,
    gating: own?.gate ?? DEFAULT_GATING.has(metric),
    better: own?.direction ?? info.better,
    margin: own?.margin ?? (info.kind === 'memory' ? gate.memory_tolerance : gate.margin),
  };
}
