// Which configs the protocol runner should measure again, as one more separate run (process): those
// whose gating verdict is inconclusive for a reason another run can fix: any of them until it has
// two candidate runs, and a change awaiting confirmation until it has the runs a regression needs.
// Asking again after every inconclusive answer (optional stopping, which inflates false alarms)
// never happens: the third run only ever removes alarms, since the change must hold on all three.
// Machine mismatches, unclean runs and missing baselines are not fixed by more samples.
import { DEFAULT_CONFIRMATION_RUNS, DEFAULT_DECISION_RUNS } from './compareRuns.js';
import type { Comparison } from './types.js';

export function configsNeedingMoreSamples(
  comparison: Comparison,
  confirmationRuns = DEFAULT_CONFIRMATION_RUNS,
  decisionRuns = DEFAULT_DECISION_RUNS,
): string[] {
  if (!comparison.fingerprint.match && comparison.fingerprint.policy === 'refuse') return [];
  return comparison.configs
    .filter(
      (c) =>
        (c.validity?.length ?? 0) === 0 &&
        c.metrics.some((m) => {
          if (!m.gating || m.verdict !== 'inconclusive') return false;
          const runs = m.candidate?.runs ?? 0;
          // A change awaiting confirmation (throughput or memory) gets runs up to the confirmation.
          if (m.awaitingConfirmation === true) return runs < confirmationRuns;
          // Every other inconclusive answer with an estimate gets a second run.
          return m.mde !== undefined && m.pValue !== undefined && runs < decisionRuns;
        }),
    )
    .map((c) => c.name);
}
