import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);

// src/metrics.ts
var LATENCY_METRICS = ["e2e_tok_s", "decode_tok_s", "ttft_ms", "tpot_ms", "e2e_ms"];
var MEMORY_METRICS = [
  "gpu_process_peak_mib",
  "gpu_device_rise_mib",
  "torch_max_allocated_mib",
  "torch_max_reserved_mib",
  "host_rss_peak_mib"
];
var METRICS = [...LATENCY_METRICS, ...MEMORY_METRICS];
var METRIC_INFO = {
  e2e_tok_s: { label: "Throughput", unit: "tok/s", better: "higher", kind: "latency" },
  decode_tok_s: { label: "Decode", unit: "tok/s", better: "higher", kind: "latency" },
  ttft_ms: { label: "TTFT", unit: "ms", better: "lower", kind: "latency" },
  tpot_ms: { label: "TPOT", unit: "ms", better: "lower", kind: "latency" },
  e2e_ms: { label: "E2E time", unit: "ms", better: "lower", kind: "latency" },
  gpu_process_peak_mib: { label: "Peak GPU (process)", unit: "MiB", better: "lower", kind: "memory" },
  gpu_device_rise_mib: { label: "GPU memory rise (device)", unit: "MiB", better: "lower", kind: "memory" },
  torch_max_allocated_mib: { label: "Torch max allocated", unit: "MiB", better: "lower", kind: "memory" },
  torch_max_reserved_mib: { label: "Torch max reserved", unit: "MiB", better: "lower", kind: "memory" },
  host_rss_peak_mib: { label: "Peak host RSS", unit: "MiB", better: "lower", kind: "memory" }
};
function latencyValue(metric, s) {
  const decodeMs = s.e2e_ms - s.ttft_ms;
  switch (metric) {
    case "e2e_ms":
      return s.e2e_ms;
    case "ttft_ms":
      return s.ttft_ms;
    case "e2e_tok_s":
      return s.batch_size * s.new_tokens / (s.e2e_ms / 1e3);
    case "tpot_ms":
      return s.new_tokens > 1 && decodeMs > 0 ? decodeMs / (s.new_tokens - 1) : void 0;
    case "decode_tok_s":
      return s.new_tokens > 1 && decodeMs > 0 ? s.batch_size * (s.new_tokens - 1) / (decodeMs / 1e3) : void 0;
  }
}
function latencySeries(metric, samples) {
  const out = [];
  for (const s of samples) {
    const v = latencyValue(metric, s);
    if (v !== void 0 && Number.isFinite(v)) out.push(v);
  }
  return out;
}

export {
  LATENCY_METRICS,
  MEMORY_METRICS,
  METRICS,
  METRIC_INFO,
  latencySeries
};
