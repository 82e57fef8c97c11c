import type { BenchmarkResult } from '../result/schema.js';
import type { PlannedBenchmark } from './expandBenchmarks.js';

/** The result entry of a planned config before anything ran: its identity and workload, no samples. */
export function plannedResult(b: PlannedBenchmark): BenchmarkResult {
  const p = b.protocol;
  return {
    name: b.name,
    engine: b.engine,
    status: 'ok',
    config_hash: b.configHash,
    workload: {
      batch_size: p.batch_size,
      ...(p.prompt_tokens !== undefined ? { prompt_tokens: p.prompt_tokens } : { prompt: p.prompt }),
      max_new_tokens: p.max_new_tokens,
      warmup: p.warmup,
      iterations: p.iterations,
    },
    ...(b.sweep ? { sweep: { group: b.sweep.group, params: { ...b.sweep.params } } } : {}),
    ...(b.labels ? { labels: { ...b.labels } } : {}),
    engine_info: {},
    iterations: [],
    memory: [],
  };
}
