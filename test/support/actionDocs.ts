// Small result documents for the action's store and report tests.
import type { ResultDoc } from '../../src/result/schema.js';

export function runDoc(opts: {
  id: string;
  startedAt: string;
  configHash?: string;
  envHash?: string;
  names?: string[];
  e2eMs?: number;
}): ResultDoc {
  const e2e = opts.e2eMs ?? 100;
  return {
    format: 'llm-perf-gate.result',
    version: 1,
    tool: { name: 'llm-perf-gate', version: 'test' },
    run: { id: opts.id, started_at: opts.startedAt, finished_at: opts.startedAt },
    config: { path: 'perf-gate.yml', hash: opts.configHash ?? 'cfg1', resolved: {} },
    environment: { fields: { host: 'test' }, comparable: ['host'], hash: opts.envHash ?? 'envA' },
    benchmarks: (opts.names ?? ['a']).map((name) => ({
      name,
      engine: 'command' as const,
      status: 'ok' as const,
      config_hash: `b-${name}`,
      workload: { batch_size: 1, max_new_tokens: 10, warmup: 0, iterations: 2 },
      engine_info: {},
      iterations: [e2e, e2e * 1.01].map((e) => ({
        e2e_ms: e,
        ttft_ms: e / 10,
        new_tokens: 10,
        batch_size: 1,
        prompt_tokens: 4,
      })),
      memory: [],
    })),
  };
}
