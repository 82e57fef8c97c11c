import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  DEFAULT_CONFIRMATION_RUNS
} from "./chunk-XLZCP4K4.js";

// src/stats/adaptive.ts
function configsNeedingMoreSamples(comparison, confirmationRuns = DEFAULT_CONFIRMATION_RUNS) {
  if (!comparison.fingerprint.match && comparison.fingerprint.policy === "refuse") return [];
  return comparison.configs.filter(
    (c) => (c.validity?.length ?? 0) === 0 && c.metrics.some(
      (m) => m.gating && m.verdict === "inconclusive" && m.mde !== void 0 && m.pValue !== void 0 && (m.candidate?.runs ?? 0) < confirmationRuns
    )
  ).map((c) => c.name);
}

export {
  configsNeedingMoreSamples
};
