// Pure planning of randomized interleaved trials (RMIT): the seeded order of every trial, the
// order in which workers start, and how many workers can be resident at once. No I/O.
import { mulberry32 } from '../util/prng.js';
import type { TrialSide } from '../trials/trialSet.js';

/** `base-1` … `base-W`, `head-1` … `head-W`. */
export function workerIds(workersPerSide: number): string[] {
  const ids: string[] = [];
  for (const side of ['base', 'head'] as const) for (let i = 1; i <= workersPerSide; i++) ids.push(`${side}-${i}`);
  return ids;
}

export function sideOf(id: string): TrialSide {
  return id.startsWith('base-') ? 'base' : 'head';
}

/** A stream per (seed, purpose, index): the same seed replays every trial's order, whatever ran before. */
function streamFor(seed: number, purpose: number, index: number): () => number {
  return mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0);
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The order the workers run in trial `trial`: a fresh Fisher–Yates shuffle from the seed. */
export function trialOrder(ids: readonly string[], seed: number, trial: number): string[] {
  return shuffled(ids, streamFor(seed, 0, trial));
}

/** The order workers start (and warm up) in epoch `epoch`: random, so no side is always first. */
export function startOrder(ids: readonly string[], seed: number, epoch: number): string[] {
  return shuffled(ids, streamFor(seed, 1, epoch));
}

export interface Residency {
  /** Workers alive at once (even: half of each side). */
  readonly resident: number;
  readonly rotated: boolean;
  /** Why, in words, for the log and the report. */
  readonly reason: string;
}

/** Share of the free device memory that worker copies may take (allocator growth, other processes). */
export const MEMORY_HEADROOM = 0.9;

/**
 * How many of the 2·W workers fit on the device at once, from the first worker's measured peak and
 * the free memory left with it loaded. Undefined inputs (CPU configs, no nvidia-smi) mean no limit.
 */
export function residency(workersPerSide: number, peakMib?: number, freeMib?: number): Residency {
  const all = 2 * workersPerSide;
  if (peakMib === undefined || freeMib === undefined || peakMib <= 0)
    return { resident: all, rotated: false, reason: `all ${all} workers resident (no device memory limit measured)` };
  const fit = 1 + Math.floor((freeMib * MEMORY_HEADROOM) / peakMib);
  if (fit >= all)
    return {
      resident: all,
      rotated: false,
      reason: `all ${all} workers fit: one needs ${peakMib.toFixed(0)} MiB, ${freeMib.toFixed(0)} MiB free after the first`,
    };
  const resident = Math.max(2, fit - (fit % 2));
  return {
    resident,
    rotated: true,
    reason: `only ${fit} of ${all} workers fit (one needs ${peakMib.toFixed(0)} MiB, ${freeMib.toFixed(0)} MiB free after the first): ${resident} at a time, rotated`,
  };
}

/** Groups of workers resident together: each has as many base as head workers. */
export function rotationGroups(ids: readonly string[], resident: number): string[][] {
  const base = ids.filter((id) => sideOf(id) === 'base');
  const head = ids.filter((id) => sideOf(id) === 'head');
  const half = Math.max(1, Math.floor(resident / 2));
  const groups: string[][] = [];
  for (let i = 0; i < Math.max(base.length, head.length); i += half)
    groups.push([...base.slice(i, i + half), ...head.slice(i, i + half)]);
  return groups;
}
