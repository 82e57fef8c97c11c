// The alpha-spending plan's view of a config's looks: the share of the time budget used at each,
// the trials behind each, and whether the last one spent what was left. Read from the looks the
// runner recorded, so the verdict after the run is the one the last look gave. Pure.
import type { LookSchedule } from './analysis.js';
import type { TrialConfig } from './trialSet.js';

/** Undefined for recordings without looks (they are analysed without a look history). */
export function lookScheduleOf(config: Pick<TrialConfig, 'looks'>): LookSchedule | undefined {
  const last = config.looks.at(-1);
  if (!last) return undefined;
  return {
    fractions: config.looks.map((l) => l.fraction),
    information: config.looks.map((l) => l.trials),
    final: last.final,
  };
}
