// One result document per side of a trial run, for the report's tables (study table, machine,
// commits): each config's samples from that side's workers, their memory peaks and engine facts.
import { randomUUID } from 'node:crypto';
import type { LoadedConfig } from '../config/loadConfig.js';
import type { PlannedBenchmark } from '../protocol/expandBenchmarks.js';
import { plannedResult } from '../protocol/plannedResult.js';
import {
  RESULT_FORMAT,
  RESULT_VERSION,
  type BenchmarkResult,
  type Environment,
  type MemoryPeak,
  type ResultDoc,
} from '../result/schema.js';
import type { TrialSet, TrialSide } from '../trials/trialSet.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { ResolvedCommits } from './baseWorktree.js';

function peaks(all: readonly MemoryPeak[]): MemoryPeak[] {
  const out = new Map<string, MemoryPeak>();
  for (const m of all) if ((out.get(m.metric)?.value_mib ?? -1) < m.value_mib) out.set(m.metric, m);
  return [...out.values()];
}

function sideDoc(
  side: TrialSide,
  set: TrialSet,
  plans: ReadonlyMap<string, PlannedBenchmark>,
  loaded: LoadedConfig,
  environment: Environment,
  git: { sha: string; ref?: string },
): ResultDoc {
  const now = new Date().toISOString();
  const benchmarks: BenchmarkResult[] = set.configs.flatMap((c) => {
    const plan = plans.get(c.name);
    if (!plan) return [];
    const workers = c.workers.filter((w) => w.side === side);
    const iterations = c.trials.flatMap((t) =>
      workers.flatMap((w) => {
        const o = t.outcomes[w.id];
        return o && 'sample' in o ? [o.sample] : [];
      }),
    );
    const result = plannedResult(plan);
    return [
      {
        ...result,
        status: iterations.length > 0 ? 'ok' : 'failed',
        ...(iterations.length > 0
          ? {}
          : { error: { kind: 'crash' as const, message: 'no iteration of this side completed' } }),
        engine_info: workers[0]?.engine_info ?? {},
        iterations,
        memory: peaks(workers.flatMap((w) => w.memory)),
        duration_s: c.stop.seconds,
      },
    ];
  });
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    run: { id: randomUUID(), started_at: now, finished_at: now, label: side, git },
    config: { path: loaded.path, hash: loaded.hash, resolved: loaded.config as unknown as Record<string, unknown> },
    environment,
    benchmarks,
  };
}

export function sideDocs(
  set: TrialSet,
  plans: Record<TrialSide, ReadonlyMap<string, PlannedBenchmark>>,
  loaded: Record<TrialSide, LoadedConfig>,
  environment: Environment,
  commits: ResolvedCommits,
  baseRef: string,
): Record<TrialSide, ResultDoc> {
  return {
    base: sideDoc('base', set, plans.base, loaded.base, environment, { sha: commits.baseSha, ref: baseRef }),
    head: sideDoc('head', set, plans.head, loaded.head, environment, { sha: commits.headSha }),
  };
}
