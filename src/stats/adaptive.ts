// Which configs the protocol runner should measure again, as one more separate run (process): those
// whose gating verdict is inconclusive for a reason another run can fix, while they have fewer
// candidate runs than a regression needs. Only one decisive look is ever taken, so asking again
// after every inconclusive answer (optional stopping, which inflates false alarms) never happens.
// Machine mismatches, unclean runs and missing baselines are not fixed by more samples.
import { DEFAULT_CONFIRMATION_RUNS } from './compareRuns.js';
import type { Comparison } from './types.js';

export function configsNeedingMoreSamples(
  comparison: Comparison,
  confirmationRuns = DEFAULT_CONFIRMATION_RUNS,
): string[] {
  if (!comparison.fingerprint.match && comparison.fingerprint.policy === 'refuse') return [];
  return comparison.configs
    .filter(
      (c) =>
        (c.validity?.length ?? 0) === 0 &&
        c.metrics.some(
          (m) =>
            m.gating &&
            m.verdict === 'inconclusive' &&
            m.mde !== undefined &&
            m.pValue !== undefined &&
            (m.candidate?.runs ?? 0) < confirmationRuns,
        ),
    )
    .map((c) => c.name);
}
