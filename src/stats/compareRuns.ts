// Compare baseline runs with candidate runs, config by config and metric by metric, and decide a
// verdict for each. Pure: data in, data out. The method is described in docs/statistics.md.
// The seams: pairConfig (what is compared with what), measureConfig (estimates per metric),
// decideConfig (family-wise correction, verdicts, one config's result).
import type { GateConfig } from '../config/schema.js';
import type { ResultDoc } from '../result/schema.js';
import { assembleConfig, correctFamilies, decideTest, validityNotes, type CorrectedTest } from './decideConfig.js';
import { checkFingerprint } from './fingerprint.js';
import { measureConfig } from './measureConfig.js';
import { configNames, pairConfig } from './pairConfig.js';
import { benchmarksByName, runsCount } from './runSamples.js';
import { VERDICTS, type CompareMode, type Comparison, type VerdictKind } from './types.js';

export { DEFAULT_GATING } from './metricSettings.js';

/**
 * Between-run noise assumed when each side has a single run (SD of log per-run medians). Chosen
 * from the recorded runs in fixtures/samples (docs/statistics.md, "One run a side").
 */
export const DEFAULT_PRIOR_RUN_NOISE = 0.1;

export interface CompareOptions {
  readonly gate: GateConfig;
  /** 'ab': same-runner interleaved runs; baseline and candidate runs are paired by index. */
  readonly mode?: CompareMode;
  /** Prior between-run noise per config name (SD of log per-run medians), e.g. from an A/A history. */
  readonly noiseFloor?: Readonly<Record<string, number>>;
  /** Prior for configs without their own entry in noiseFloor; DEFAULT_PRIOR_RUN_NOISE by default. */
  readonly defaultNoiseFloor?: number;
  /**
   * Candidate runs (processes) a regression needs (default 3). A process can be slow by itself: the
   * recorded GPU runs hold single processes 7-30% slower than their neighbours with nothing in the
   * telemetry, and two of them in a row made 3-5% of unchanged A/A pairs look like regressions
   * (docs/statistics.md). So a slow-down stays `inconclusive` until this many runs show it; the
   * protocol's adaptive loop (configsNeedingMoreSamples) runs them, and only for such configs.
   */
  readonly confirmationRuns?: number;
}

export const DEFAULT_CONFIRMATION_RUNS = 3;
/** Candidate runs any inconclusive gating verdict gets before the answer is given (default 2). */
export const DEFAULT_DECISION_RUNS = 2;

export function compareRuns(
  baselines: readonly ResultDoc[],
  candidates: readonly ResultDoc[],
  options: CompareOptions,
): Comparison {
  const { gate } = options;
  const mode: CompareMode = options.mode ?? 'stored-baseline';
  const fp = checkFingerprint(baselines, candidates, gate.fingerprint_mismatch);
  const base = fp.usable;

  // First pass: estimates for every latency metric, so p-values can be corrected as one family.
  const confirmationRuns = options.confirmationRuns ?? DEFAULT_CONFIRMATION_RUNS;
  const candidatesByName = benchmarksByName(candidates);
  const basesByName = benchmarksByName(base);
  const measured = configNames(candidates, base).map((name) => {
    const pair = pairConfig(name, candidatesByName.get(name) ?? [], basesByName.get(name) ?? [], fp.refused);
    const priorRunNoise = options.noiseFloor?.[name] ?? options.defaultNoiseFloor ?? DEFAULT_PRIOR_RUN_NOISE;
    return { pair, ...measureConfig(pair, gate, { paired: mode === 'ab', priorRunNoise, confirmationRuns }) };
  });
  const corrected = correctFamilies(
    measured.flatMap((m) => m.tests),
    gate.correction,
  );

  const testsByConfig = new Map<string, CorrectedTest[]>();
  for (const t of corrected) testsByConfig.set(t.config, [...(testsByConfig.get(t.config) ?? []), t]);
  const configs = measured.map(({ pair, verdicts }) => {
    const validity = validityNotes(pair.candidates);
    const latency = (testsByConfig.get(pair.name) ?? []).map((t) => decideTest(t, gate, validity, confirmationRuns));
    return assembleConfig(pair, [...latency, ...verdicts], validity);
  });

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<VerdictKind, number>;
  for (const c of configs) counts[c.verdict] += 1;

  const gatingTests = corrected.filter((t) => t.gating);
  const noiseFloor: Record<string, number> = {};
  for (const t of gatingTests) if (!t.est.fromPrior) noiseFloor[t.config] = Math.exp(t.est.runNoise) - 1;

  const latestBase = base[base.length - 1];
  return {
    mode,
    configs,
    counts,
    correction: { method: gate.correction, alpha: gate.alpha, tests: gatingTests.length },
    fingerprint: {
      match: fp.match,
      policy: gate.fingerprint_mismatch,
      differences: fp.differences,
      ...(fp.baselineMachine ? { baselineMachine: fp.baselineMachine } : {}),
      ...(fp.candidateMachine ? { candidateMachine: fp.candidateMachine } : {}),
    },
    baselineRuns: runsCount(base),
    candidateRuns: runsCount(candidates),
    commits: {
      ...(latestBase?.run.git?.sha ? { baseline: latestBase.run.git.sha } : {}),
      ...(candidates[0]?.run.git?.sha ? { candidate: candidates[0].run.git.sha } : {}),
    },
    ...(Object.keys(noiseFloor).length > 0 ? { noiseFloor } : {}),
  };
}
