// Second pass: correct the latency tests as families, decide each, and assemble one config's
// comparison (its worst gating verdict, token and telemetry flags).
import type { GateConfig } from '../config/schema.js';
import { LATENCY_METRICS, MEMORY_METRICS, type MetricName } from '../metrics.js';
import type { BenchmarkResult } from '../result/schema.js';
import type { PendingTest } from './measureConfig.js';
import { adjustPValues, localAlpha } from './multipleComparisons.js';
import type { ConfigPair } from './pairConfig.js';
import { VERDICTS, type ConfigComparison, type MetricVerdict, type VerdictKind } from './types.js';
import { decideLatency } from './verdictRules.js';

export interface CorrectedTest extends PendingTest {
  readonly adjusted: number;
  /** Size of the family the test was corrected in. */
  readonly familySize: number;
}

/**
 * Two families: gating tests (their family-wise rate is the gate's false-alarm rate) and the
 * informational ones, corrected among themselves so the report does not cry wolf either.
 */
export function correctFamilies(tests: readonly PendingTest[], correction: GateConfig['correction']): CorrectedTest[] {
  const out: CorrectedTest[] = [];
  for (const family of [tests.filter((t) => t.gating), tests.filter((t) => !t.gating)]) {
    const adjusted = adjustPValues(
      family.map((t) => t.p),
      correction,
    );
    family.forEach((t, i) => out.push({ ...t, adjusted: adjusted[i] ?? t.p, familySize: family.length }));
  }
  return out;
}

export function decideTest(
  t: CorrectedTest,
  gate: GateConfig,
  validity: readonly string[],
  confirmationRuns: number,
): MetricVerdict {
  return decideLatency({
    metric: t.metric,
    better: t.better,
    gating: t.gating,
    margin: t.margin,
    est: t.est,
    pValue: t.p,
    adjustedP: t.adjusted,
    alpha: gate.alpha,
    ciAlpha: localAlpha(gate.alpha, t.p, t.adjusted, t.familySize, gate.correction),
    correction: `${gate.correction} over ${t.familySize} ${t.gating ? 'gating' : 'informational'} tests`,
    baseline: t.baseline,
    candidate: t.candidate,
    validity,
    confirmationRuns,
  });
}

/** Reasons the candidate's runs were not clean (throttling, a shared GPU, a busy host). */
export function validityNotes(candidates: readonly BenchmarkResult[]): string[] {
  const notes: string[] = [];
  for (const b of candidates) {
    const t = b.telemetry;
    if (!t) continue;
    if (t.gpu_throttled) notes.push('GPU throttled during the candidate run');
    if (t.gpu_shared) notes.push('GPU shared with another process during the candidate run');
    if (t.host_busy) notes.push('host busy during the candidate run');
    if (t.gpu_throttled || t.gpu_shared || t.host_busy) notes.push(...t.notes);
  }
  return [...new Set(notes)];
}

export function worstVerdict(verdicts: readonly VerdictKind[]): VerdictKind {
  let best = VERDICTS.length - 1;
  for (const v of verdicts) best = Math.min(best, VERDICTS.indexOf(v));
  return VERDICTS[best] as VerdictKind;
}

const ORDER: readonly MetricName[] = [...LATENCY_METRICS, ...MEMORY_METRICS];

function configVerdict(pair: ConfigPair, metrics: readonly MetricVerdict[]): VerdictKind {
  if (pair.kind === 'new') return 'new';
  if (pair.kind === 'refused') return 'inconclusive';
  const gating = metrics.filter((m) => m.gating).map((m) => m.verdict);
  if (gating.length > 0) return worstVerdict(gating);
  return metrics.length > 0 ? worstVerdict(metrics.map((m) => m.verdict)) : 'inconclusive';
}

function tokensChanged(pair: ConfigPair): boolean {
  const digests = new Set(pair.baselines.map((b) => b.tokens_digest).filter((x) => x !== undefined));
  const digest = pair.candidates[0]?.tokens_digest;
  return digest !== undefined && digests.size > 0 && !digests.has(digest);
}

/** One config's comparison from its pairing and its metric verdicts. */
export function assembleConfig(
  pair: ConfigPair,
  metricVerdicts: readonly MetricVerdict[],
  validity: readonly string[],
): ConfigComparison {
  const cand = pair.candidates[0];
  const common = {
    name: pair.name,
    ...(cand?.labels ? { labels: cand.labels } : {}),
    ...(cand?.sweep ? { sweep: cand.sweep } : {}),
  };
  if (pair.kind === 'missing') return { ...common, verdict: 'missing', metrics: [] };
  if (pair.kind === 'failed') {
    const err = pair.candidates.find((b) => b.status === 'failed')?.error;
    return { ...common, verdict: 'failed', metrics: [], ...(err ? { error: err } : {}) };
  }
  const sorted = [...metricVerdicts].sort((a, b) => ORDER.indexOf(a.metric) - ORDER.indexOf(b.metric));
  const { note } = pair;
  const metrics = note ? sorted.map((m) => ({ ...m, note: m.note ? `${m.note}; ${note}` : note })) : sorted;
  return {
    ...common,
    verdict: configVerdict(pair, sorted),
    metrics,
    ...(tokensChanged(pair) ? { tokensChanged: true } : {}),
    ...(validity.length > 0 ? { validity } : {}),
  };
}
