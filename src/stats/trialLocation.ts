// The location of one process unit. The mean of the faster half of its log values: machine timing
// noise is additive and non-negative (a preempted thread, a busy host, a late clock can only add
// time; Chen & Revels 2016, "Robust benchmarking in noisy environments"), so a process's speed
// shows in its fast iterations and its stalls sit in the slow tail. The mean carries every stall
// into the unit; the faster half ignores up to half of its iterations stalling, yet still averages
// half of them, where the minimum or a low quantile rests on one or two. Which side is fast depends
// on the metric (times: low values; tokens/s: high values). And the plain mean, which cancels load
// that hits all of a trial's workers at once; trialAnalysis.ts reads both. Pure.
import type { Direction } from '../metrics.js';

/** Share of a unit's iterations its location averages: the faster half (1 would be the mean). */
export const FAST_SHARE = 0.5;

/** A unit's location from its log values on the metric's scale and the metric's direction. */
export type UnitLocator = (logs: readonly number[], better: Direction) => number;

/** The faster FAST_SHARE of the values, averaged; NaN when there are none. */
export const fastHalfMean: UnitLocator = (logs, better) => {
  if (logs.length === 0) return NaN;
  // Orient as time (slow = larger), so the fast half is the lower one.
  const sign = better === 'higher' ? -1 : 1;
  const sorted = logs.map((v) => sign * v).sort((a, b) => a - b);
  const k = FAST_SHARE * sorted.length;
  const whole = Math.floor(k);
  let sum = 0;
  for (let i = 0; i < whole; i++) sum += sorted[i] as number;
  // An odd count takes the middle value with the fraction of it that falls in the half.
  if (k > whole) sum += (k - whole) * (sorted[whole] as number);
  return (sign * sum) / k;
};

/** The plain mean of the values: cancels load shared by a trial's workers exactly (trialAnalysis.ts). */
export const meanLocation: UnitLocator = (logs) =>
  logs.length === 0 ? NaN : logs.reduce((sum, v) => sum + v, 0) / logs.length;
