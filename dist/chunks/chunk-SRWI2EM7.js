import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  DEFAULT_CONFIRMATION_RUNS,
  DEFAULT_DECISION_RUNS
} from "./chunk-5SMNJ6R7.js";

// src/stats/adaptive.ts
function configsNeedingMoreSamples(comparison, confirmationRuns = DEFAULT_CONFIRMATION_RUNS, decisionRuns = DEFAULT_DECISION_RUNS) {
  if (!comparison.fingerprint.match && comparison.fingerprint.policy === "refuse") return [];
  return comparison.configs.filter(
    (c) => (c.validity?.length ?? 0) === 0 && c.metrics.some((m) => {
      if (!m.gating || m.verdict !== "inconclusive" || m.mde === void 0 || m.pValue === void 0) return false;
      const runs = m.candidate?.runs ?? 0;
      return runs < decisionRuns || m.awaitingConfirmation === true && runs < confirmationRuns;
    })
  ).map((c) => c.name);
}

export {
  configsNeedingMoreSamples
};
