// The result file: one versioned JSON document per run. It keeps every per-iteration sample so any
// statistic can be recomputed later. `engineOutputSchema` is also the contract of the `command`
// engine: its JSON Schema is generated into schema/ (npm run schema) and documented in README.
import { z } from 'zod';
import { MEMORY_METRICS } from '../metrics.js';

export const RESULT_FORMAT = 'llm-perf-gate.result';
export const RESULT_VERSION = 1;

const positiveMs = z.number().positive().finite();

export const iterationSampleSchema = z
  .strictObject({
    /** Wall time of the whole generation, device-synchronised at both ends. */
    e2e_ms: positiveMs,
    /** Prefill plus the first new token. */
    ttft_ms: positiveMs,
    /** New tokens generated per sequence (N). */
    new_tokens: z.int().min(1),
    /** Sequences generated at once (B). */
    batch_size: z.int().min(1),
    /** Prompt length in tokens. */
    prompt_tokens: z.int().min(1),
    /** Time of each decode step after the first token, where the engine has them. */
    step_ms: z.array(z.number().nonnegative().finite()).optional(),
    /** Adaptive-sampling round this iteration belongs to (0 = the planned iterations). */
    round: z.int().min(0).optional(),
  })
  .refine((s) => s.ttft_ms <= s.e2e_ms, { message: 'ttft_ms must not exceed e2e_ms', path: ['ttft_ms'] });
export type IterationSample = z.infer<typeof iterationSampleSchema>;

export const memoryPeakSchema = z.strictObject({
  metric: z.enum(MEMORY_METRICS),
  value_mib: z.number().nonnegative().finite(),
  /** Where the number comes from, e.g. "nvidia-smi --query-compute-apps" or "/proc/self/status VmHWM". */
  source: z.string().min(1),
  /** The round (a separate process) it was measured in; absent for the planned round (0). */
  round: z.int().min(1).optional(),
});
export type MemoryPeak = z.infer<typeof memoryPeakSchema>;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const telemetrySchema = z.strictObject({
  /** Samples taken during measured iterations. */
  samples: z.int().min(0).default(0),
  gpu_throttled: z.boolean().default(false),
  gpu_shared: z.boolean().default(false),
  host_busy: z.boolean().default(false),
  /** Human-readable reasons, e.g. "HW thermal slowdown in 3 of 40 samples". */
  notes: z.array(z.string()).default([]),
  summary: z.record(z.string(), scalar).default({}),
});
export type Telemetry = z.infer<typeof telemetrySchema>;

/** What an engine returns for one benchmark: the `command` engine's output contract. */
export const engineOutputSchema = z.strictObject({
  iterations: z.array(iterationSampleSchema).min(1),
  memory: z.array(memoryPeakSchema).default([]),
  /** Facts about how it ran: provider actually used, threads, library versions, model digest. */
  engine_info: z.record(z.string(), scalar).default({}),
  /** Digest of the generated token ids, so a "speed-up" from generating other tokens is visible. */
  tokens_digest: z.string().optional(),
  telemetry: telemetrySchema.optional(),
});
export type EngineOutput = z.infer<typeof engineOutputSchema>;

export const ERROR_KINDS = [
  'config',
  'model',
  'provider-unavailable',
  'dependency-missing',
  'out-of-memory',
  'timeout',
  'crash',
  'invalid-output',
  'budget',
  'cancelled',
  'internal',
] as const;

export const benchmarkErrorSchema = z.strictObject({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  /** The tail of a subprocess's stderr, where there was one. */
  stderr_tail: z.string().optional(),
});
export type BenchmarkError = z.infer<typeof benchmarkErrorSchema>;

export const workloadSchema = z.strictObject({
  batch_size: z.int().min(1),
  prompt_tokens: z.int().min(1).optional(),
  prompt: z.string().optional(),
  max_new_tokens: z.int().min(1),
  warmup: z.int().min(0),
  iterations: z.int().min(1),
});

export const benchmarkResultSchema = z.strictObject({
  name: z.string().min(1),
  engine: z.enum(['onnxruntime', 'transformers', 'command']),
  status: z.enum(['ok', 'failed']),
  error: benchmarkErrorSchema.optional(),
  /** Hash of this benchmark's resolved settings; baselines are matched by name and this hash. */
  config_hash: z.string(),
  workload: workloadSchema,
  /** The sweep this config came from, if any: group name and the swept values. */
  sweep: z
    .strictObject({
      group: z.string(),
      params: z.record(z.string(), z.number()),
    })
    .optional(),
  labels: z.record(z.string(), z.string()).optional(),
  engine_info: z.record(z.string(), scalar).default({}),
  iterations: z.array(iterationSampleSchema),
  memory: z.array(memoryPeakSchema).default([]),
  tokens_digest: z.string().optional(),
  telemetry: telemetrySchema.optional(),
  /** How many adaptive rounds and iterations it took, when the protocol sampled more. */
  adaptive: z
    .strictObject({
      rounds: z.int().min(0),
      iterations: z.int().min(0),
      reason: z.string().optional(),
    })
    .optional(),
  duration_s: z.number().nonnegative().optional(),
  /** Set when measuring stopped before the planned iterations: the samples kept, and why. */
  stopped: z
    .strictObject({
      reason: z.enum(['budget']),
      planned_iterations: z.int().min(0),
      message: z.string(),
    })
    .optional(),
});
export type BenchmarkResult = z.infer<typeof benchmarkResultSchema>;

export const environmentSchema = z.strictObject({
  /** Every fact gathered about the machine and software. */
  fields: z.record(z.string(), scalar),
  /** The fields that make two runs comparable, and their stable hash. */
  comparable: z.array(z.string()),
  hash: z.string(),
});
export type Environment = z.infer<typeof environmentSchema>;

export const resultSchema = z
  .strictObject({
    format: z.literal(RESULT_FORMAT),
    version: z.literal(RESULT_VERSION),
    tool: z.strictObject({ name: z.string(), version: z.string() }),
    run: z.strictObject({
      id: z.string().min(1),
      started_at: z.iso.datetime(),
      finished_at: z.iso.datetime(),
      /** e.g. "base" or "head" in A/B mode, or a shard label. */
      label: z.string().optional(),
      git: z.strictObject({ sha: z.string().optional(), ref: z.string().optional() }).optional(),
      shard: z.strictObject({ index: z.int().min(1), total: z.int().min(1) }).optional(),
      /**
       * Set when the run was cancelled (SIGINT/SIGTERM): the configs that finished keep their
       * samples, the others are `failed` with kind `cancelled`.
       */
      cancelled: z.strictObject({ signal: z.string(), message: z.string() }).optional(),
    }),
    config: z.strictObject({
      path: z.string(),
      hash: z.string(),
      /** The validated config with defaults applied. */
      resolved: z.record(z.string(), z.unknown()),
    }),
    environment: environmentSchema,
    benchmarks: z.array(benchmarkResultSchema),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.benchmarks.forEach((b, i) => {
      if (seen.has(b.name))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate benchmark name "${b.name}"`,
          path: ['benchmarks', i, 'name'],
        });
      seen.add(b.name);
      if (b.status === 'ok' && b.iterations.length === 0)
        ctx.addIssue({
          code: 'custom',
          message: 'a benchmark with status "ok" needs at least one iteration',
          path: ['benchmarks', i, 'iterations'],
        });
      if (b.status === 'failed' && !b.error)
        ctx.addIssue({
          code: 'custom',
          message: 'a benchmark with status "failed" needs an error',
          path: ['benchmarks', i, 'error'],
        });
    });
  });
export type ResultDoc = z.infer<typeof resultSchema>;
