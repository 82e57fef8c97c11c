// Which configs the protocol runner should sample more: those whose verdict is inconclusive only
// because the data are too noisy or too few. Machine mismatches, unclean runs and missing
// baselines are not fixed by more samples.
import type { Comparison } from './types.js';

export function configsNeedingMoreSamples(comparison: Comparison): string[] {
  if (comparison.fingerprint.policy === 'refuse' && !comparison.fingerprint.match) return [];
  return comparison.configs
    .filter(
      (c) =>
        (c.validity?.length ?? 0) === 0 &&
        c.metrics.some(
          (m) => m.gating && m.verdict === 'inconclusive' && m.mde !== undefined && m.pValue !== undefined,
        ),
    )
    .map((c) => c.name);
}
