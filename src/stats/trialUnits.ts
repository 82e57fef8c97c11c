// From a trial matrix (workers × trials per side) to process units: one number per process
// (worker slot × epoch), the location of its log values over the epoch's complete trials: the
// mean of their faster half (trialLocation.ts says why not the mean). A process's offset lasts its
// whole life, so its trials are not independent replicates of the code's speed; the processes are.
// Every unit of an epoch saw the same trials, so effects shared by a trial (the machine's state at
// that moment) hit every unit alike, and under unchanged code head and base units are
// exchangeable whatever the summary.
import type { Direction } from '../metrics.js';
import { median } from './descriptive.js';
import type { TrialMatrix } from '../trials/trialSet.js';
import { fastHalfMean, type UnitLocator } from './trialLocation.js';

export interface EpochUnits {
  readonly epoch: number;
  /** Complete trials of this epoch (every kept unit has a value). */
  readonly trials: number;
  /** Location (mean of the faster half of the log values) of each kept base / head unit. */
  readonly base: readonly number[];
  readonly head: readonly number[];
  /**
   * Residual sum of squares of the raw log values, unit × trial, after unit and trial means, and
   * its df: the runner's iteration noise as it is (what noise figures and projections report).
   */
  readonly residualSs: number;
  readonly residualDf: number;
  /**
   * Each log value less its unit's location and its trial's median of those, unit by unit: the
   * noise's shape as the location sees it (what design projections resample). Residuals about the
   * mean would spread a stall over the unit's other iterations and blur the one-sided shape.
   */
  readonly residuals: readonly number[];
  /** Each kept unit's mean log value: the process-offset decomposition (σ_u, σ_ε) assumes means. */
  readonly means: { readonly base: readonly number[]; readonly head: readonly number[] };
}

type Row = readonly (number | null)[];

function columnsByEpoch(matrix: TrialMatrix, trialCount: number): Map<number, number[]> {
  const byEpoch = new Map<number, number[]>();
  for (let t = 0; t < trialCount; t++) {
    const e = matrix.epochs?.[t] ?? 0;
    const cols = byEpoch.get(e) ?? [];
    cols.push(t);
    byEpoch.set(e, cols);
  }
  return byEpoch;
}

const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const sumOfSquares = (xs: readonly number[]) => xs.reduce((s, x) => s + x * x, 0);

/**
 * Units kept in an epoch: rows with a value in at least half its trials (a worker that died early
 * in the epoch is dropped rather than costing every later trial). Complete trials: all kept rows.
 */
function keptRows(rows: readonly Row[], cols: readonly number[]): Row[] {
  return rows.filter((r) => cols.filter((t) => usable(r[t])).length * 2 >= cols.length && cols.length > 0);
}

/** Unit × trial residuals after unit and trial means (a two-way fit without interaction). */
function twoWayResiduals(values: readonly (readonly number[])[], unitMeans: readonly number[]): number[] {
  const n = values[0]?.length ?? 0;
  const trialMeans = Array.from(
    { length: n },
    (_, j) => values.reduce((s, xs) => s + (xs[j] as number), 0) / values.length,
  );
  const grand = unitMeans.reduce((s, x) => s + x, 0) / Math.max(1, unitMeans.length);
  return values.flatMap((xs, i) => xs.map((x, j) => x - (unitMeans[i] as number) - (trialMeans[j] as number) + grand));
}

function summarizeEpoch(
  epoch: number,
  rows: { base: Row[]; head: Row[] },
  cols: number[],
  better: Direction,
  locate: UnitLocator,
): EpochUnits {
  const all = [...rows.base, ...rows.head];
  const complete = all.length === 0 ? [] : cols.filter((t) => all.every((r) => usable(r[t])));
  const n = complete.length;
  const logs = all.map((r) => complete.map((t) => Math.log(r[t] as number)));
  const units = logs.map((xs) => locate(xs, better));
  const means = logs.map((xs) => xs.reduce((a, x) => a + x, 0) / Math.max(1, xs.length));
  const residuals = twoWayResiduals(logs, means);
  const centred = logs.map((xs, i) => xs.map((x) => x - (units[i] as number)));
  const trialMedians = complete.map((_, j) => median(centred.map((xs) => xs[j] as number)));
  return {
    epoch,
    trials: n,
    base: n > 0 ? units.slice(0, rows.base.length) : [],
    head: n > 0 ? units.slice(rows.base.length) : [],
    residualSs: sumOfSquares(residuals),
    residualDf: n > 0 ? Math.max(0, (all.length - 1) * (n - 1)) : 0,
    residuals: centred.flatMap((xs) => xs.map((x, j) => x - (trialMedians[j] as number))),
    means: { base: n > 0 ? means.slice(0, rows.base.length) : [], head: n > 0 ? means.slice(rows.base.length) : [] },
  };
}

/**
 * One summary per epoch that has at least one complete trial and a unit on each side, in epoch
 * order. `better`: the metric's direction, which says which side of a unit's values is fast;
 * `locate`: the units' location (other summaries only for comparison: scripts/unit-location.ts).
 */
export function epochUnits(matrix: TrialMatrix, better: Direction, locate: UnitLocator = fastHalfMean): EpochUnits[] {
  const trialCount = Math.max(0, ...[...matrix.base, ...matrix.head].map((r) => r.length));
  const out: EpochUnits[] = [];
  for (const [epoch, cols] of [...columnsByEpoch(matrix, trialCount)].sort((x, y) => x[0] - y[0])) {
    const rows = { base: keptRows(matrix.base, cols), head: keptRows(matrix.head, cols) };
    const s = summarizeEpoch(epoch, rows, cols, better, locate);
    if (s.trials > 0 && s.base.length > 0 && s.head.length > 0) out.push(s);
  }
  return out;
}
