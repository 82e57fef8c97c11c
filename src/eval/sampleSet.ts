// Recorded sample sets (fixtures/samples/*.json): per-iteration timings of many separate runs of
// the same configs, kept compactly for `llm-perf-gate eval`. Written by scripts/record-samples.ts
// (CPU, through the CLI) and scripts/gpu/record_hf_samples.py (GPU, transformers).
import { z } from 'zod';
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';

export const SAMPLES_FORMAT = 'llm-perf-gate.samples';

/** The result file's telemetry flags that mark a run unclean (Telemetry in result/schema.ts). */
export const TELEMETRY_FLAGS = ['gpu_throttled', 'gpu_shared', 'host_busy'] as const;
export type TelemetryFlag = (typeof TELEMETRY_FLAGS)[number];

const runSchema = z.object({
  /** Order in which the run was recorded, across all configs of the file. */
  seq: z.int().optional(),
  e2e_ms: z.array(z.number().positive()).min(1),
  ttft_ms: z.array(z.number().positive()).min(1),
  memory_mib: z.number().nonnegative().optional(),
  build_s: z.number().optional(),
  /** Telemetry flags the run's result file carried: replays judge the run as the gate did. */
  flags: z.array(z.enum(TELEMETRY_FLAGS)).optional(),
  /** Median SM clock of the run (MHz), when GPU telemetry recorded one. */
  sm_clock_mhz: z.number().optional(),
});

const configSchema = z.object({
  name: z.string().min(1),
  model: z.string(),
  /** Model size label, e.g. "tiny", "124M", "7B": eval reports rates per size. */
  size: z.string(),
  variant: z.string(),
  new_tokens: z.int().min(1),
  batch_size: z.int().min(1),
  prompt_tokens: z.int().min(1),
  runs: z.array(runSchema),
});

export const sampleSetSchema = z.object({
  format: z.literal(SAMPLES_FORMAT),
  version: z.literal(1),
  source: z.object({
    machine: z.string(),
    recorded_by: z.string(),
    engine: z.string(),
    protocol: z.string(),
    seconds: z.number().optional(),
    errors: z.array(z.unknown()).default([]),
    notes: z.array(z.string()).default([]),
  }),
  configs: z.array(configSchema),
  /** Pairs of configs with a known real change between them. */
  pairs: z.array(z.object({ baseline: z.string(), candidate: z.string(), change: z.string() })).default([]),
});
export type SampleSet = z.input<typeof sampleSetSchema>;
export type ParsedSampleSet = z.infer<typeof sampleSetSchema>;
export type SampleConfig = z.input<typeof configSchema>;
export type SampleRun = z.infer<typeof runSchema>;

/** One recorded run as a result document, so replays go through the real compareRuns. */
export function runToResultDoc(
  config: Pick<z.infer<typeof configSchema>, 'name' | 'new_tokens' | 'batch_size' | 'prompt_tokens'>,
  run: SampleRun,
  slowdown = 1,
): ResultDoc {
  const iterations = run.e2e_ms.map((e, i) => ({
    e2e_ms: e * slowdown,
    ttft_ms: Math.min(e, run.ttft_ms[i] ?? run.ttft_ms[0] ?? e) * slowdown,
    new_tokens: config.new_tokens,
    batch_size: config.batch_size,
    prompt_tokens: config.prompt_tokens,
  }));
  const bench: BenchmarkResult = {
    name: config.name,
    engine: 'command',
    status: 'ok',
    config_hash: 'replay',
    workload: {
      batch_size: config.batch_size,
      max_new_tokens: config.new_tokens,
      warmup: 1,
      iterations: iterations.length,
    },
    engine_info: {},
    iterations,
    memory: [],
    ...(run.flags && run.flags.length > 0
      ? {
          telemetry: {
            samples: 0,
            gpu_throttled: run.flags.includes('gpu_throttled'),
            gpu_shared: run.flags.includes('gpu_shared'),
            host_busy: run.flags.includes('host_busy'),
            notes: [`recorded run flagged ${run.flags.join(', ')}`],
            summary: {},
          },
        }
      : {}),
  };
  return {
    format: 'llm-perf-gate.result',
    version: 1,
    tool: { name: 'llm-perf-gate', version: 'replay' },
    run: {
      id: `replay-${run.seq ?? 0}`,
      started_at: '1970-01-01T00:00:00.000Z',
      finished_at: '1970-01-01T00:00:00.000Z',
    },
    config: { path: 'replay', hash: 'replay', resolved: {} },
    environment: { fields: {}, comparable: [], hash: 'replay' },
    benchmarks: [bench],
  };
}
