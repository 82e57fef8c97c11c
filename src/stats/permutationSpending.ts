// A group-sequential permutation test of "no change", with alpha spent over the time budget
// (Kim-DeMets power family, alphaSpending.ts). Under unchanged code the processes of an epoch are
// exchangeable: which of them ran "head" is a label that does not matter. So the studentized
// estimate is recomputed under random relabelings of the processes, epoch by epoch (the same
// relabeling of an epoch at every look), and at each look the boundary lets through at most the
// share of relabeled paths that the plan has spent so far, counting paths that crossed at an
// earlier look. The observed labeling is one of the paths (Hemerik & Goeman 2018, "Exact testing
// with random permutations", TEST 27), so the chance that unchanged code ever crosses is at most
// the side's alpha on any machine, whatever the noise's shape: no Gaussian or t assumption, which
// the recorded GPUs' faster-half process units did not meet (docs/statistics.md). Pure.
import type { Direction } from '../metrics.js';
import type { LookSchedule } from '../trials/analysis.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { mulberry32 } from '../util/prng.js';
import { spentAtLooks } from './alphaSpending.js';
import type { UnitLocator } from './trialLocation.js';
import { relativeVariances, ssAround, sum, varianceComponents } from './trialEstimate.js';
import { epochUnits, type EpochUnits } from './trialUnits.js';

/**
 * Relabeled paths beside the observed one. 1,999 resolves a one-sided alpha of 0.005 into 10
 * crossings at the last look, and the budget's earlier looks into the few their small share allows.
 */
export const PERMUTATION_PATHS = 1999;

/** One epoch at one look: its processes' locations, base first, and its weight in the estimate. */
interface PooledEpoch {
  readonly id: number;
  readonly units: readonly number[];
  readonly nBase: number;
  readonly total: number;
  readonly totalSq: number;
  /** 1 / (variance of d in units of the longest epoch's process variance). */
  readonly weight: number;
  /** 1 / (relative variance of this epoch's process locations). */
  readonly invRel: number;
}

interface LookData {
  readonly epochs: readonly PooledEpoch[];
  readonly df: number;
}

/** The studentized estimate of one labeling, its estimate and standard error (log scale). */
export interface Studentized {
  readonly t: number;
  readonly estimate: number;
  readonly se: number;
}

/**
 * Relative variances of the epochs' process locations from label-free spreads (about each epoch's
 * pooled mean), so that every relabeling weighs the epochs alike; equal-length epochs weigh the
 * same whatever the components.
 */
function labelFreeRelativeVariances(epochs: readonly EpochUnits[]): number[] {
  const spreads = epochs.map((e) => {
    const locs = [...e.base, ...e.head];
    return {
      trials: e.trials,
      df: locs.length - 1,
      meanSs: ssAround([...e.means.base, ...e.means.head]),
      locSs: ssAround(locs),
    };
  });
  const { proc, loc } = varianceComponents(epochs, spreads);
  return relativeVariances(spreads, proc, loc);
}

function lookData(epochs: readonly EpochUnits[]): LookData {
  const rel = labelFreeRelativeVariances(epochs);
  return {
    epochs: epochs.map((e, i) => {
      const units = [...e.base, ...e.head];
      const r = rel[i] as number;
      return {
        id: e.epoch,
        units,
        nBase: e.base.length,
        total: sum(units),
        totalSq: sum(units.map((u) => u * u)),
        weight: 1 / ((1 / e.base.length + 1 / e.head.length) * r),
        invRel: 1 / r,
      };
    }),
    df: epochs.length - 1 + sum(epochs.map((e) => e.base.length + e.head.length - 2)),
  };
}

/**
 * The estimate under a labeling: `baseOf(epoch)` marks the positions that play base. Sums run in
 * position order, so one labeling gives bit-identical statistics on every path that draws it: a
 * duplicate of the observed labeling ties with it instead of falling just below it by rounding.
 */
function studentize(look: LookData, baseOf: (e: PooledEpoch, index: number) => Uint8Array): Studentized {
  let w = 0;
  let wd = 0;
  let wdd = 0;
  let within = 0;
  look.epochs.forEach((e, index) => {
    const mask = baseOf(e, index);
    let sb = 0;
    let qb = 0;
    e.units.forEach((u, j) => {
      if (!mask[j]) return;
      sb += u;
      qb += u * u;
    });
    const nh = e.units.length - e.nBase;
    const sh = e.total - sb;
    const qh = e.totalSq - qb;
    const d = sh / nh - sb / e.nBase;
    w += e.weight;
    wd += e.weight * d;
    wdd += e.weight * d * d;
    within += (qb - (sb * sb) / e.nBase + qh - (sh * sh) / nh) * e.invRel;
  });
  const estimate = wd / w;
  const rss = Math.max(0, wdd - w * estimate * estimate) + Math.max(0, within);
  const se = Math.sqrt(rss / look.df / w);
  return { t: se > 0 ? estimate / se : 0, estimate, se };
}

/**
 * A seeded uniform relabeling of (path, epoch): a random permutation of the n positions, whose first
 * `nBase` play base, as a mask. The same at every look and every call.
 */
function relabeling(path: number, epoch: number, n: number, nBase: number): Uint8Array {
  const rand = mulberry32((Math.imul(path + 1, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b) ^ n) >>> 0);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  const mask = new Uint8Array(n);
  for (const i of p.slice(0, nBase)) mask[i] = 1;
  return mask;
}

/** The labeling as run: the first `nBase` positions are base. */
const asRun = (e: PooledEpoch) => Uint8Array.from(e.units, (_, j) => (j < e.nBase ? 1 : 0));

// Memo of the relabelings (per epoch and process count) and of each look's path statistics: the
// runner and the replays ask about the same earlier looks again at every later one.
const relabelings = new Map<string, Uint8Array[]>();
const lookStats = new Map<string, Float64Array>();
const MEMO_LIMIT = 4000;

function remember<V>(memo: Map<string, V>, key: string, make: () => V): V {
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    v = make();
    memo.set(key, v);
  }
  return v;
}

function epochRelabelings(e: PooledEpoch, paths: number): Uint8Array[] {
  return remember(relabelings, `${paths}:${e.id}:${e.units.length}:${e.nBase}`, () =>
    Array.from({ length: paths + 1 }, (_, i) => (i === 0 ? asRun(e) : relabeling(i, e.id, e.units.length, e.nBase))),
  );
}

/** The studentized estimate of every path (index 0: as run) at one look. */
function pathStats(look: LookData, paths: number): Float64Array {
  const key = `${paths}|${look.df}|${look.epochs.map((e) => `${e.id}:${e.nBase}:${e.weight}:${e.units.join(',')}`).join(';')}`;
  return remember(lookStats, key, () => {
    const out = new Float64Array(paths + 1);
    if (look.epochs.length === 0 || !(look.df >= 1)) return out.fill(NaN);
    const perms = look.epochs.map((e) => epochRelabelings(e, paths));
    for (let i = 0; i <= paths; i++) {
      out[i] = studentize(look, (_, k) => (perms[k] as Uint8Array[])[i] as Uint8Array).t;
    }
    return out;
  });
}

/** The (k+1)-th largest of the finite values not yet crossed, by a bounded insertion (k is small). */
function kthLargest(values: Float64Array, crossed: Uint8Array, k: number): number | undefined {
  const top: number[] = [];
  values.forEach((v, i) => {
    if (crossed[i] || Number.isNaN(v)) return;
    if (top.length > k && v <= (top[k] as number)) return;
    let j = Math.min(top.length, k);
    top[j] = v;
    while (j > 0 && (top[j - 1] as number) < v) {
      top[j] = top[j - 1] as number;
      top[j - 1] = v;
      j--;
    }
    top.length = Math.min(top.length, k + 1);
  });
  return top.length > k ? top[k] : undefined;
}

/**
 * The boundary of one side at the last look: at each look, among paths that have not crossed yet,
 * the value that at most (spent so far × paths) − (crossed before) of them exceed.
 */
function sideBoundary(stats: readonly Float64Array[], spent: readonly number[]): number {
  const paths = stats[0]?.length ?? 0;
  const crossed = new Uint8Array(paths);
  let count = 0;
  let c = Infinity;
  stats.forEach((values, j) => {
    const allowed = Math.floor((spent[j] as number) * paths + 1e-9) - count;
    c = allowed <= 0 ? Infinity : Math.max(0, kthLargest(values, crossed, allowed) ?? 0);
    values.forEach((v, i) => {
      if (!crossed[i] && v > c) {
        crossed[i] = 1;
        count++;
      }
    });
  });
  return c;
}

export interface PermutationLook {
  /** The observed labeling, one per unit summary (in the order of `locators`). */
  readonly summaries: readonly Studentized[];
  /**
   * Boundaries at this look, common to the summaries: the test's statistic is the largest
   * studentized estimate of the summaries (the most negative for `lower`), so reading several
   * summaries costs no alpha beyond what their correlation already spends.
   */
  readonly upper: number;
  readonly lower: number;
  readonly df: number;
}

function prefix(matrix: TrialMatrix, trials: number): TrialMatrix {
  const cut = (rows: TrialMatrix['base']) => rows.map((r) => r.slice(0, trials));
  return {
    base: cut(matrix.base),
    head: cut(matrix.head),
    ...(matrix.epochs ? { epochs: matrix.epochs.slice(0, trials) } : {}),
  };
}

/** Per path, the largest of the summaries' statistics (NaN when none is defined). */
function largest(stats: readonly Float64Array[], sign: 1 | -1): Float64Array {
  const out = new Float64Array(stats[0]?.length ?? 0).fill(NaN);
  for (const s of stats)
    s.forEach((v, i) => {
      const x = sign * v;
      if (!Number.isNaN(x) && !(x <= (out[i] as number))) out[i] = x;
    });
  return out;
}

/**
 * The current (last) look of `looks` on `matrix`, at two-sided `alpha` (alpha/2 a side), for every
 * unit summary in `locators`: the observed studentized estimates and the common boundaries.
 * Undefined when the current look has no epoch with a process on each side, or no degrees of freedom.
 */
export function permutationLook(
  matrix: TrialMatrix,
  better: Direction,
  locators: readonly UnitLocator[],
  alpha: number,
  looks: LookSchedule,
  paths = PERMUTATION_PATHS,
): PermutationLook | undefined {
  const data = looks.information.map((n) => {
    const m = prefix(matrix, n);
    return locators.map((locate) => lookData(epochUnits(m, better, locate)));
  });
  const current = data.at(-1);
  if (!current || current.some((d) => d.epochs.length === 0 || !(d.df >= 1))) return undefined;
  const stats = data.map((byLocator) => byLocator.map((look) => pathStats(look, paths)));
  const side = spentAtLooks(alpha, looks).map((x) => x / 2);
  return {
    summaries: current.map((look) => studentize(look, asRun)),
    upper: sideBoundary(
      stats.map((s) => largest(s, 1)),
      side,
    ),
    lower: sideBoundary(
      stats.map((s) => largest(s, -1)),
      side,
    ),
    df: (current[0] as LookData).df,
  };
}
