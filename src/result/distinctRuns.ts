// One run, one vote: the same result file passed twice (or one run given as both baseline and
// candidate) would count as several runs and defeat the three-run confirmation in both directions.
import { ResultFileError } from './readResult.js';

export interface SourcedRun {
  /** The file as the user named it. */
  readonly source: string;
  readonly doc?: { readonly run: { readonly id: string } } | undefined;
}

/** Throws ResultFileError naming both files when two inputs hold the same run (same run.id). */
export function assertDistinctRuns(inputs: readonly SourcedRun[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    const id = input.doc?.run.id;
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ResultFileError(input.source, [
        `holds the same run as ${first} (run.id ${id}): each run counts once, so pass each result file once`,
      ]);
    }
    seen.set(id, input.source);
  }
}
