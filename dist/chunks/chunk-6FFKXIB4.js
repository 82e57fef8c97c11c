import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  onnxOptionsSchema
} from "./chunk-RD7UKX3A.js";
import {
  METRICS
} from "./chunk-JKIUB3YX.js";
import {
  external_exports
} from "./chunk-3RLTGJO7.js";

// src/engines/command/options.ts
var commandOptionsSchema = external_exports.strictObject({
  /** Program and arguments (no shell); a string is run through /bin/sh -c. */
  run: external_exports.union([external_exports.string().min(1), external_exports.array(external_exports.string()).min(1)]),
  cwd: external_exports.string().optional(),
  env: external_exports.record(external_exports.string(), external_exports.string()).default({}),
  timeout_s: external_exports.number().positive().default(1800)
});

// src/engines/transformers/options.ts
var transformersOptionsSchema = external_exports.strictObject({
  /** Hub id or local path of the model (its config only, when weights are random). */
  model: external_exports.string().min(1),
  weights: external_exports.enum(["pretrained", "random"]).default("pretrained"),
  dtype: external_exports.enum(["fp32", "fp16", "bf16"]).default("fp32"),
  attn_implementation: external_exports.enum(["eager", "sdpa", "flash_attention_2", "sdpa_flash"]).optional(),
  quantization: external_exports.enum(["none", "int8", "nf4"]).default("none"),
  compile: external_exports.boolean().default(false),
  /**
   * Time each decode step (step_ms) and the first token inside the measured generation, with CUDA
   * events from a LogitsProcessor. Off: TTFT comes from a separate one-token generate() before each
   * iteration, and nothing is hooked into the measured generation.
   */
  step_timing: external_exports.boolean().default(false),
  device: external_exports.string().default("cuda"),
  python: external_exports.string().default("python3"),
  timeout_s: external_exports.number().positive().default(1800)
});

// src/config/schema.ts
var CONFIG_VERSION = 1;
var DEFAULT_PROMPT = "Explain quantum computing:";
var budgetSchema = external_exports.strictObject({
  /** Most measured iterations per config, adaptive extensions included. */
  max_iterations: external_exports.int().positive().default(32),
  /** Most wall seconds per config, adaptive extensions included. */
  max_seconds: external_exports.number().positive().default(600)
});
var protocolFields = {
  warmup: external_exports.int().min(0),
  iterations: external_exports.int().min(1),
  max_new_tokens: external_exports.int().min(1),
  prompt: external_exports.string().min(1),
  /** A synthetic prompt of this many tokens; takes the place of `prompt` when set. */
  prompt_tokens: external_exports.int().min(1),
  batch_size: external_exports.int().min(1),
  seed: external_exports.int().min(0),
  decoding: external_exports.literal("greedy")
};
var protocolSchema = external_exports.strictObject({
  warmup: protocolFields.warmup.default(1),
  iterations: protocolFields.iterations.default(8),
  max_new_tokens: protocolFields.max_new_tokens.default(100),
  prompt: protocolFields.prompt.default(DEFAULT_PROMPT),
  prompt_tokens: protocolFields.prompt_tokens.optional(),
  batch_size: protocolFields.batch_size.default(1),
  seed: protocolFields.seed.default(0),
  decoding: protocolFields.decoding.default("greedy"),
  budget: budgetSchema.prefault({})
});
var protocolOverrideSchema = external_exports.strictObject({
  warmup: protocolFields.warmup.optional(),
  iterations: protocolFields.iterations.optional(),
  max_new_tokens: protocolFields.max_new_tokens.optional(),
  prompt: protocolFields.prompt.optional(),
  prompt_tokens: protocolFields.prompt_tokens.optional(),
  batch_size: protocolFields.batch_size.optional(),
  seed: protocolFields.seed.optional(),
  decoding: protocolFields.decoding.optional(),
  budget: budgetSchema.partial().optional()
});
var sweepSchema = external_exports.strictObject({
  batch_size: external_exports.array(external_exports.int().min(1)).min(1).optional(),
  prompt_tokens: external_exports.array(external_exports.int().min(1)).min(1).optional()
});
var benchmarkName = external_exports.string().min(1).max(100).regex(/^[^\r\n]+$/, "a single line");
var benchmarkCommon = {
  name: benchmarkName,
  protocol: protocolOverrideSchema.optional(),
  sweep: sweepSchema.optional(),
  /** Free-form labels shown in the report (e.g. model: gpt2, technique: fp16). */
  labels: external_exports.record(external_exports.string(), external_exports.string()).optional()
};
var benchmarkSchema = external_exports.discriminatedUnion("engine", [
  external_exports.strictObject({ ...benchmarkCommon, engine: external_exports.literal("onnxruntime"), options: onnxOptionsSchema }),
  external_exports.strictObject({ ...benchmarkCommon, engine: external_exports.literal("transformers"), options: transformersOptionsSchema }),
  external_exports.strictObject({ ...benchmarkCommon, engine: external_exports.literal("command"), options: commandOptionsSchema })
]);
var metricGateSchema = external_exports.strictObject({
  /** Whether this metric is compared at all. */
  enabled: external_exports.boolean().default(true),
  /** Which way is better; defaults to the metric's natural direction. */
  direction: external_exports.enum(["higher", "lower"]).optional(),
  /**
   * Relative change that matters (0.05 = 5%). A change whose interval lies inside ±margin is
   * `unchanged`; a regression must be both statistically clear and larger than this.
   */
  margin: external_exports.number().positive().max(10).optional(),
  /** Whether a regression of this metric fails the gate (otherwise it is only reported). */
  gate: external_exports.boolean().optional()
});
var FAIL_ON = ["regression", "regression-or-failed", "never"];
var gateSchema = external_exports.strictObject({
  fail_on: external_exports.enum(FAIL_ON).default("regression"),
  /**
   * Family-wise false-alarm rate across configs × metrics. 0.02 keeps A/A false alarms at or below 1%
   * per config on the recorded runs (docs/statistics.md); 0.05 gave 2.3–3.8%.
   */
  alpha: external_exports.number().gt(0).lt(0.5).default(0.02),
  correction: external_exports.enum(["holm", "benjamini-hochberg", "bonferroni", "none"]).default("holm"),
  /** Default margin for latency metrics without one of their own. */
  margin: external_exports.number().positive().max(10).default(0.05),
  /** Relative tolerance for memory metrics (nearly deterministic: no noise test). */
  memory_tolerance: external_exports.number().min(0).max(10).default(0.05),
  /** Absolute slack for memory metrics, in MiB, so a few MiB of allocator noise never fails. */
  memory_tolerance_mib: external_exports.number().min(0).default(8),
  /** What to do when baseline and candidate ran on different machines. */
  fingerprint_mismatch: external_exports.enum(["refuse", "warn", "compare"]).default("refuse"),
  /** Baseline runs kept (the stores keep the last K). */
  baseline_runs: external_exports.int().min(1).max(100).default(5),
  metrics: external_exports.partialRecord(external_exports.enum(METRICS), metricGateSchema).default({})
});
var configSchema = external_exports.strictObject({
  version: external_exports.literal(CONFIG_VERSION).default(CONFIG_VERSION),
  protocol: protocolSchema.prefault({}),
  benchmarks: external_exports.array(benchmarkSchema).min(1, "expected at least one benchmark"),
  gate: gateSchema.prefault({})
});

export {
  FAIL_ON,
  gateSchema,
  configSchema
};
