import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  MEMORY_METRICS
} from "./chunk-JKIUB3YX.js";
import {
  external_exports
} from "./chunk-3RLTGJO7.js";

// src/result/schema.ts
var RESULT_FORMAT = "llm-perf-gate.result";
var RESULT_VERSION = 1;
var positiveMs = external_exports.number().positive().finite();
var iterationSampleSchema = external_exports.strictObject({
  /** Wall time of the whole generation, device-synchronised at both ends. */
  e2e_ms: positiveMs,
  /** Prefill plus the first new token. */
  ttft_ms: positiveMs,
  /** New tokens generated per sequence (N). */
  new_tokens: external_exports.int().min(1),
  /** Sequences generated at once (B). */
  batch_size: external_exports.int().min(1),
  /** Prompt length in tokens. */
  prompt_tokens: external_exports.int().min(1),
  /** Time of each decode step after the first token, where the engine has them. */
  step_ms: external_exports.array(external_exports.number().nonnegative().finite()).optional(),
  /** Adaptive-sampling round this iteration belongs to (0 = the planned iterations). */
  round: external_exports.int().min(0).optional()
}).refine((s) => s.ttft_ms <= s.e2e_ms, { message: "ttft_ms must not exceed e2e_ms", path: ["ttft_ms"] });
var memoryPeakSchema = external_exports.strictObject({
  metric: external_exports.enum(MEMORY_METRICS),
  value_mib: external_exports.number().nonnegative().finite(),
  /** Where the number comes from, e.g. "nvidia-smi --query-compute-apps" or "/proc/self/status VmHWM". */
  source: external_exports.string().min(1)
});
var scalar = external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean(), external_exports.null()]);
var telemetrySchema = external_exports.strictObject({
  /** Samples taken during measured iterations. */
  samples: external_exports.int().min(0).default(0),
  gpu_throttled: external_exports.boolean().default(false),
  gpu_shared: external_exports.boolean().default(false),
  host_busy: external_exports.boolean().default(false),
  /** Human-readable reasons, e.g. "HW thermal slowdown in 3 of 40 samples". */
  notes: external_exports.array(external_exports.string()).default([]),
  summary: external_exports.record(external_exports.string(), scalar).default({})
});
var engineOutputSchema = external_exports.strictObject({
  iterations: external_exports.array(iterationSampleSchema).min(1),
  memory: external_exports.array(memoryPeakSchema).default([]),
  /** Facts about how it ran: provider actually used, threads, library versions, model digest. */
  engine_info: external_exports.record(external_exports.string(), scalar).default({}),
  /** Digest of the generated token ids, so a "speed-up" from generating other tokens is visible. */
  tokens_digest: external_exports.string().optional(),
  telemetry: telemetrySchema.optional()
});
var ERROR_KINDS = [
  "config",
  "model",
  "provider-unavailable",
  "dependency-missing",
  "out-of-memory",
  "timeout",
  "crash",
  "invalid-output",
  "budget",
  "internal"
];
var benchmarkErrorSchema = external_exports.strictObject({
  kind: external_exports.enum(ERROR_KINDS),
  message: external_exports.string(),
  /** The tail of a subprocess's stderr, where there was one. */
  stderr_tail: external_exports.string().optional()
});
var workloadSchema = external_exports.strictObject({
  batch_size: external_exports.int().min(1),
  prompt_tokens: external_exports.int().min(1).optional(),
  prompt: external_exports.string().optional(),
  max_new_tokens: external_exports.int().min(1),
  warmup: external_exports.int().min(0),
  iterations: external_exports.int().min(1)
});
var benchmarkResultSchema = external_exports.strictObject({
  name: external_exports.string().min(1),
  engine: external_exports.enum(["onnxruntime", "transformers", "command"]),
  status: external_exports.enum(["ok", "failed"]),
  error: benchmarkErrorSchema.optional(),
  /** Hash of this benchmark's resolved settings; baselines are matched by name and this hash. */
  config_hash: external_exports.string(),
  workload: workloadSchema,
  /** The sweep this config came from, if any: group name and the swept values. */
  sweep: external_exports.strictObject({
    group: external_exports.string(),
    params: external_exports.record(external_exports.string(), external_exports.number())
  }).optional(),
  labels: external_exports.record(external_exports.string(), external_exports.string()).optional(),
  engine_info: external_exports.record(external_exports.string(), scalar).default({}),
  iterations: external_exports.array(iterationSampleSchema),
  memory: external_exports.array(memoryPeakSchema).default([]),
  tokens_digest: external_exports.string().optional(),
  telemetry: telemetrySchema.optional(),
  /** How many adaptive rounds and iterations it took, when the protocol sampled more. */
  adaptive: external_exports.strictObject({
    rounds: external_exports.int().min(0),
    iterations: external_exports.int().min(0),
    reason: external_exports.string().optional()
  }).optional(),
  duration_s: external_exports.number().nonnegative().optional()
});
var environmentSchema = external_exports.strictObject({
  /** Every fact gathered about the machine and software. */
  fields: external_exports.record(external_exports.string(), scalar),
  /** The fields that make two runs comparable, and their stable hash. */
  comparable: external_exports.array(external_exports.string()),
  hash: external_exports.string()
});
var resultSchema = external_exports.strictObject({
  format: external_exports.literal(RESULT_FORMAT),
  version: external_exports.literal(RESULT_VERSION),
  tool: external_exports.strictObject({ name: external_exports.string(), version: external_exports.string() }),
  run: external_exports.strictObject({
    id: external_exports.string().min(1),
    started_at: external_exports.iso.datetime(),
    finished_at: external_exports.iso.datetime(),
    /** e.g. "base" or "head" in A/B mode, or a shard label. */
    label: external_exports.string().optional(),
    git: external_exports.strictObject({ sha: external_exports.string().optional(), ref: external_exports.string().optional() }).optional(),
    shard: external_exports.strictObject({ index: external_exports.int().min(1), total: external_exports.int().min(1) }).optional()
  }),
  config: external_exports.strictObject({
    path: external_exports.string(),
    hash: external_exports.string(),
    /** The validated config with defaults applied. */
    resolved: external_exports.record(external_exports.string(), external_exports.unknown())
  }),
  environment: environmentSchema,
  benchmarks: external_exports.array(benchmarkResultSchema)
}).superRefine((doc, ctx) => {
  const seen = /* @__PURE__ */ new Set();
  doc.benchmarks.forEach((b, i) => {
    if (seen.has(b.name))
      ctx.addIssue({
        code: "custom",
        message: `duplicate benchmark name "${b.name}"`,
        path: ["benchmarks", i, "name"]
      });
    seen.add(b.name);
    if (b.status === "ok" && b.iterations.length === 0)
      ctx.addIssue({
        code: "custom",
        message: 'a benchmark with status "ok" needs at least one iteration',
        path: ["benchmarks", i, "iterations"]
      });
    if (b.status === "failed" && !b.error)
      ctx.addIssue({
        code: "custom",
        message: 'a benchmark with status "failed" needs an error',
        path: ["benchmarks", i, "error"]
      });
  });
});

export {
  RESULT_FORMAT,
  RESULT_VERSION,
  iterationSampleSchema,
  engineOutputSchema,
  ERROR_KINDS,
  resultSchema
};
