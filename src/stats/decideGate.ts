// The gate: whether this comparison fails the build, under the configured policy.
import type { FailOn } from '../config/schema.js';
import type { Comparison, GateDecision } from './types.js';

export function decideGate(comparison: Comparison, policy: FailOn, accepted: boolean): GateDecision {
  const failing: { name: string; reason: string }[] = [];
  if (policy !== 'never') {
    for (const c of comparison.configs) {
      const regressions = c.metrics.filter((m) => m.gating && m.verdict === 'regression');
      if (regressions.length > 0) {
        const what = regressions
          .map((m) =>
            m.change !== undefined
              ? `${m.metric} ${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(1)}%`
              : m.metric,
          )
          .join(', ');
        failing.push({ name: c.name, reason: `regression: ${what}` });
      } else if (policy === 'regression-or-failed' && (c.verdict === 'failed' || c.verdict === 'missing')) {
        failing.push({
          name: c.name,
          reason:
            c.verdict === 'failed'
              ? `failed: ${c.error?.kind ?? 'error'}${c.error ? ` (${c.error.message})` : ''}`
              : 'missing from the candidate run',
        });
      }
    }
  }
  return { failed: failing.length > 0 && !accepted, policy, failing, accepted };
}
