// Resolves each declared benchmark into the concrete configs to run: the protocol with the
// benchmark's overrides applied, and one config per combination of a sweep.
import type { BenchmarkConfig, Config, Protocol } from '../config/schema.js';
import { stableHash } from '../util/hash.js';

export interface PlannedBenchmark {
  readonly name: string;
  readonly engine: BenchmarkConfig['engine'];
  readonly options: BenchmarkConfig['options'];
  readonly protocol: Protocol;
  readonly labels?: Readonly<Record<string, string>>;
  readonly sweep?: { readonly group: string; readonly params: Readonly<Record<string, number>> };
  /** Hash of everything that defines the measurement (engine, options, workload). */
  readonly configHash: string;
}

function applyOverrides(base: Protocol, b: BenchmarkConfig): Protocol {
  const o = b.protocol ?? {};
  const merged: Protocol = {
    ...base,
    ...Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'budget')),
    budget: { ...base.budget, ...(o.budget ?? {}) },
  } as Protocol;
  return merged;
}

function plan(
  b: BenchmarkConfig,
  name: string,
  protocol: Protocol,
  sweep?: PlannedBenchmark['sweep'],
): PlannedBenchmark {
  // The budget and iteration count shape how long we measure, not what is measured.
  const { budget: _budget, iterations: _iterations, warmup: _warmup, ...workload } = protocol;
  return {
    name,
    engine: b.engine,
    options: b.options,
    protocol,
    ...(b.labels ? { labels: b.labels } : {}),
    ...(sweep ? { sweep } : {}),
    configHash: stableHash({ engine: b.engine, options: b.options, workload }),
  };
}

export function expandBenchmarks(config: Config): PlannedBenchmark[] {
  const out: PlannedBenchmark[] = [];
  for (const b of config.benchmarks) {
    const protocol = applyOverrides(config.protocol, b);
    if (!b.sweep || (!b.sweep.batch_size && !b.sweep.prompt_tokens)) {
      out.push(plan(b, b.name, protocol));
      continue;
    }
    const batches = b.sweep.batch_size ?? [protocol.batch_size];
    const prompts = b.sweep.prompt_tokens ?? [protocol.prompt_tokens];
    for (const bs of batches) {
      for (const pt of prompts) {
        const params: Record<string, number> = {};
        const parts: string[] = [];
        if (b.sweep.batch_size) {
          params.batch_size = bs;
          parts.push(`bs=${bs}`);
        }
        if (b.sweep.prompt_tokens && pt !== undefined) {
          params.prompt_tokens = pt;
          parts.push(`prompt=${pt}`);
        }
        const p: Protocol = { ...protocol, batch_size: bs, ...(pt !== undefined ? { prompt_tokens: pt } : {}) };
        out.push(plan(b, `${b.name} [${parts.join(', ')}]`, p, { group: b.name, params }));
      }
    }
  }
  return out;
}

/** Keeps the configs of one shard (1-based index) of `total`, by position, so shards never overlap. */
export function selectShard<T>(items: readonly T[], shard: { index: number; total: number }): T[] {
  return items.filter((_, i) => i % shard.total === shard.index - 1);
}
