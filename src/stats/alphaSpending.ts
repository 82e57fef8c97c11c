// Group-sequential boundaries from an alpha-spending function (Lan & DeMets 1983, "Discrete
// sequential boundaries for clinical trials", Biometrika 70(3)): at look k, two-sided, the
// z-boundary c_k such that the chance under no change of first crossing ±c at look k is
// α(τ_k) − α(τ_(k−1)), τ the fraction of the budget used. The looks' z statistics are taken to
// have the canonical joint law (Brownian motion in information; Jennison & Turnbull 2000, "Group
// Sequential Methods", ch. 19, whose grid integration this follows), information proportional to
// the trials completed. The last look the budget allows spends what is left. Pure.
import type { LookSchedule } from '../trials/analysis.js';
import type { GaussianLook } from './confidenceSequence.js';
import { normalCdf, normalQuantile, tQuantile } from './distributions.js';

/** O'Brien-Fleming-type spending: α(τ) = 2 − 2Φ(z_(1−α/2) / √τ); nearly nothing early, α at τ = 1. */
export function obrienFlemingSpent(alpha: number, tau: number): number {
  if (!(tau > 0)) return 0;
  if (tau >= 1) return alpha;
  return 2 - 2 * normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(tau));
}

/**
 * Cumulative two-sided alpha spent at each look: O'Brien-Fleming-type on each side (alpha/2 a
 * side, as ldbounds and gsDesign apply it), the last look all of it when final.
 */
export function spentAtLooks(alpha: number, looks: LookSchedule): number[] {
  const k = looks.fractions.length;
  return looks.fractions.map((t, i) => (looks.final && i === k - 1 ? alpha : 2 * obrienFlemingSpent(alpha / 2, t)));
}

const cache = new Map<string, number>();

/**
 * The z-boundary of the current (last) look, memoized: the replays of one recording share their
 * looks' times and trial counts.
 */
export function currentBoundary(alpha: number, looks: LookSchedule): number {
  const key = `${alpha}|${looks.final}|${looks.fractions.join(',')}|${looks.information.join(',')}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = spendingBoundaries(spentAtLooks(alpha, looks), looks.information).at(-1) as number;
    if (cache.size > 10_000) cache.clear();
    cache.set(key, c);
  }
  return c;
}

const GRID = 241;
const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Score values and their integration weights. */
interface Grid {
  readonly x: number[];
  readonly w: number[];
}

/** Points and Simpson weights over [−h, h]. */
function simpsonGrid(h: number): Grid {
  const step = (2 * h) / (GRID - 1);
  const x = Array.from({ length: GRID }, (_, i) => -h + i * step);
  const w = x.map((_, i) => ((i === 0 || i === GRID - 1 ? 1 : i % 2 === 1 ? 4 : 2) * step) / 3);
  return { x, w };
}

/** Chance, from the sub-density `f` on grid `g` (score scale), that the next score lands beyond ±bound. */
function exitChance(g: Grid, f: readonly number[], sd: number, bound: number): number {
  let p = 0;
  g.x.forEach((u, i) => {
    p += (g.w[i] as number) * (f[i] as number) * (normalCdf((-bound - u) / sd) + normalCdf((u - bound) / sd));
  });
  return p;
}

/** Solves exitChance(c·√I) = target for c by bisection (exitChance falls as c grows). */
function solveBoundary(exit: (c: number) => number, target: number): number {
  if (!(target > 1e-12)) return Infinity;
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (exit(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The two-sided z-boundaries of every look so far, given the cumulative two-sided alpha `spent` by
 * each look and the information at each.
 */
export function spendingBoundaries(spent: readonly number[], information: readonly number[]): number[] {
  const k = spent.length;
  if (k === 0 || information.length !== k) throw new RangeError('one information level per look');
  const bounds: number[] = [];
  // Before the first look every run is still going, with its score at 0.
  let grid: Grid = { x: [0], w: [1] };
  let density = [1];
  let previousInfo = 0;
  let previousSpent = 0;
  for (let i = 0; i < k; i++) {
    const info = information[i] as number;
    const sd = Math.sqrt(info - previousInfo);
    const target = Math.max(0, (spent[i] as number) - previousSpent);
    const c = solveBoundary((c) => exitChance(grid, density, sd, c * Math.sqrt(info)), target);
    bounds.push(c);
    if (i === k - 1) break;
    // The sub-density of the score among runs that have not stopped, on a grid inside ±c√I
    // (an infinite bound is cut at 10 SD: what lies beyond is below double precision).
    const next = simpsonGrid(Math.min(c, 10) * Math.sqrt(info));
    const from = grid;
    const before = density;
    density = next.x.map((s) => {
      let v = 0;
      from.x.forEach((u, j) => (v += (from.w[j] as number) * (before[j] as number) * (phi((s - u) / sd) / sd)));
      return v;
    });
    grid = next;
    previousInfo = info;
    previousSpent += target;
  }
  return bounds;
}

/**
 * Half-width of the current look's interval: the z-boundary's nominal two-sided level, read as a t
 * quantile at the look's degrees of freedom (the variance is estimated; Jennison & Turnbull §11).
 */
export function spendingHalfWidth(look: GaussianLook, alpha: number, looks: LookSchedule): number {
  if (!(look.information > 0) || !(look.df >= 1)) return Infinity;
  const c = currentBoundary(alpha, looks);
  if (!Number.isFinite(c)) return Infinity;
  // Lower tails, so that the far boundaries of early looks keep their precision.
  const tail = normalCdf(-c);
  return -tQuantile(tail, look.df) * Math.sqrt(look.residualSs / look.df / look.information);
}
