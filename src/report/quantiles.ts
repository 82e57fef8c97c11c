// Order statistics for describing one side's samples: the statistics module's quantile, with
// "no value" for no samples (a report cell shows a dash rather than NaN).
import { quantile as quantileOf } from '../stats/descriptive.js';

export function quantile(values: readonly number[], q: number): number | undefined {
  return values.length === 0 ? undefined : quantileOf(values, q);
}
