// From a trial matrix (workers × trials per side) to process units: one number per process
// (worker slot × epoch), the mean of its log values over the epoch's complete trials. A process's
// offset lasts its whole life, so its trials are not independent replicates of the code's speed;
// the processes are. Every unit of an epoch saw the same trials, so effects shared by a trial
// (the machine's state at that moment) cancel in every contrast between units.
import type { TrialMatrix } from '../trials/trialSet.js';

export interface EpochUnits {
  readonly epoch: number;
  /** Complete trials of this epoch (every kept unit has a value). */
  readonly trials: number;
  /** Mean log value of each kept base / head unit over those trials. */
  readonly base: readonly number[];
  readonly head: readonly number[];
  /** Residual sum of squares of unit × trial after unit and trial means (iteration noise), and its df. */
  readonly residualSs: number;
  readonly residualDf: number;
  /** Those residuals, unit by unit (their shape: what design projections resample). */
  readonly residuals: readonly number[];
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

/**
 * Units kept in an epoch: rows with a value in at least half its trials (a worker that died early
 * in the epoch is dropped rather than costing every later trial). Complete trials: all kept rows.
 */
function keptRows(rows: readonly Row[], cols: readonly number[]): Row[] {
  return rows.filter((r) => cols.filter((t) => usable(r[t])).length * 2 >= cols.length && cols.length > 0);
}

function summarizeEpoch(epoch: number, base: readonly Row[], head: readonly Row[], cols: number[]): EpochUnits {
  const b = keptRows(base, cols);
  const h = keptRows(head, cols);
  const all = [...b, ...h];
  const complete = all.length === 0 ? [] : cols.filter((t) => all.every((r) => usable(r[t])));
  const logs = all.map((r) => complete.map((t) => Math.log(r[t] as number)));
  const unitMeans = logs.map((xs) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length));
  const trialMeans = complete.map((_, j) => logs.reduce((s, xs) => s + (xs[j] as number), 0) / logs.length);
  const grand = unitMeans.reduce((s, x) => s + x, 0) / Math.max(1, unitMeans.length);
  const residuals = logs.flatMap((xs, i) =>
    xs.map((x, j) => x - (unitMeans[i] as number) - (trialMeans[j] as number) + grand),
  );
  const residualSs = residuals.reduce((s, r) => s + r * r, 0);
  const n = complete.length;
  return {
    epoch,
    trials: n,
    base: n > 0 ? unitMeans.slice(0, b.length) : [],
    head: n > 0 ? unitMeans.slice(b.length) : [],
    residualSs,
    residualDf: n > 0 ? Math.max(0, (all.length - 1) * (n - 1)) : 0,
    residuals,
  };
}

/** One summary per epoch that has at least one complete trial and a unit on each side, in epoch order. */
export function epochUnits(matrix: TrialMatrix): EpochUnits[] {
  const trialCount = Math.max(0, ...[...matrix.base, ...matrix.head].map((r) => r.length));
  const out: EpochUnits[] = [];
  for (const [epoch, cols] of [...columnsByEpoch(matrix, trialCount)].sort((x, y) => x[0] - y[0])) {
    const s = summarizeEpoch(epoch, matrix.base, matrix.head, cols);
    if (s.trials > 0 && s.base.length > 0 && s.head.length > 0) out.push(s);
  }
  return out;
}
