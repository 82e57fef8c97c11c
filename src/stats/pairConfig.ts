// Which baseline runs one candidate config is compared with, or why it is not compared at all:
// missing from the candidate, failed, new (no baseline run with the same settings) or refused
// (the baseline ran on another machine under fingerprint_mismatch: refuse).
import type { BenchmarkResult, ResultDoc } from '../result/schema.js';

export type PairKind = 'missing' | 'failed' | 'new' | 'refused' | 'compared';

export interface ConfigPair {
  readonly name: string;
  readonly kind: PairKind;
  readonly candidates: readonly BenchmarkResult[];
  /** Baseline runs of this config with the candidate's settings (status ok). */
  readonly baselines: readonly BenchmarkResult[];
  /** Why a config with baseline runs is still new. */
  readonly note?: string;
}

/** Config names in order of appearance: the candidate's first, then those only in the baseline. */
export function configNames(candidates: readonly ResultDoc[], baselines: readonly ResultDoc[]): string[] {
  const names = new Set<string>();
  for (const d of [...candidates, ...baselines]) for (const b of d.benchmarks) names.add(b.name);
  return [...names];
}

/** `candidateRuns` and `baselineRuns`: every benchmark of this name on each side (benchmarksByName). */
export function pairConfig(
  name: string,
  candidateRuns: readonly BenchmarkResult[],
  baselineRuns: readonly BenchmarkResult[],
  refused: boolean,
): ConfigPair {
  const candidates = [...candidateRuns];
  const allBases = baselineRuns;
  const okBases = allBases.filter((b) => b.status === 'ok');
  if (candidates.length === 0) return { name, kind: 'missing', candidates, baselines: okBases };
  if (candidates.some((b) => b.status === 'failed')) return { name, kind: 'failed', candidates, baselines: okBases };
  // A baseline with other settings measures another benchmark: compare only like with like.
  const hash = candidates[0]?.config_hash;
  const baselines = okBases.filter((b) => b.config_hash === hash);
  if (refused) return { name, kind: 'refused', candidates, baselines };
  if (baselines.length > 0) return { name, kind: 'compared', candidates, baselines };
  const note =
    allBases.length > 0 && okBases.length === 0
      ? 'every baseline run of this config failed'
      : okBases.length > 0
        ? 'settings changed since the baseline (config hash differs)'
        : undefined;
  return { name, kind: 'new', candidates, baselines, ...(note ? { note } : {}) };
}
