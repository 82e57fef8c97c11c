// Which workers play base and which play head in a replay. Workers that ran the same code are
// interchangeable, so every split of them into two sides is a replay of unchanged code. Restarted
// workers are new processes, so each epoch may be split independently: W=3 a side has 20 ordered
// splits per epoch and 20^E over E epochs, all replays of the same processes (report both).
import type { SideAssignment, TrialRecording } from './trialRecording.js';
import { epochList } from './trialRecording.js';

export type SplitKind = 'pooled' | 'within-base' | 'recorded';

export interface SplitPlan {
  /** pooled: all workers of an A/A recording; within-base: the base workers of an A/B one; recorded: as run. */
  readonly kind: SplitKind;
  /** Distinct ordered splits of one epoch. */
  readonly perEpoch: number;
  readonly epochs: number;
  /** Distinct assignments over all epochs (perEpoch^epochs). */
  readonly distinct: number;
  /** Assignments replayed: all of them, or a seeded random draw of `max`. */
  readonly used: number;
  readonly exhaustive: boolean;
}

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, acc: number[]) => {
    if (acc.length === k) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < n; i++) pick(i + 1, [...acc, i]);
  };
  pick(0, []);
  return out;
}

function pool(r: TrialRecording, kind: SplitKind): number[] {
  const idx = r.workers.map((_, i) => i);
  return kind === 'pooled' ? idx : idx.filter((i) => r.workers[i]?.side === 'base');
}

/** Every ordered split of one epoch's pool (or the recorded sides). */
function epochSplits(r: TrialRecording, kind: SplitKind): SideAssignment[] {
  if (kind === 'recorded') {
    const side = (s: 'base' | 'head') => r.workers.map((w, i) => (w.side === s ? i : -1)).filter((i) => i >= 0);
    return [{ base: side('base'), head: side('head') }];
  }
  const p = pool(r, kind);
  const k = kind === 'pooled' ? Math.floor(p.length / 2) : Math.ceil(p.length / 2);
  if (p.length < 2) return [];
  return combinations(p.length, k).map((c) => ({
    base: c.map((i) => p[i] as number),
    head: p.filter((_, i) => !c.includes(i)),
  }));
}

export function splitPlan(r: TrialRecording, kind: SplitKind, max: number): SplitPlan {
  const perEpoch = epochSplits(r, kind).length;
  const epochs = epochList(r).length;
  const distinct = perEpoch ** epochs;
  return { kind, perEpoch, epochs, distinct, used: Math.min(distinct, max), exhaustive: distinct <= max };
}

/** The plan's assignments: the full product when exhaustive, else `used` seeded draws. */
export function assignmentsOf(r: TrialRecording, plan: SplitPlan, rand: () => number): Map<number, SideAssignment>[] {
  const splits = epochSplits(r, plan.kind);
  const epochs = epochList(r);
  if (splits.length === 0) return [];
  const choose = (digits: number[]) =>
    new Map(epochs.map((e, i) => [e, splits[digits[i] as number] as SideAssignment]));
  if (!plan.exhaustive)
    return Array.from({ length: plan.used }, () => choose(epochs.map(() => Math.floor(rand() * splits.length))));
  return Array.from({ length: plan.distinct }, (_, n) =>
    choose(epochs.map((_, i) => Math.floor(n / splits.length ** i) % splits.length)),
  );
}
