// Reads the recordings `eval` replays from a file or a folder: sample sets (many separate runs,
// fixtures/samples/*.json) and trial-level recordings (trials.json written by `ab`). Other JSON in
// the folder is skipped; a file of either format that does not validate is a usage error that says
// which file and what is wrong.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SAMPLES_FORMAT, sampleSetSchema, type ParsedSampleSet } from '../eval/sampleSet.js';
import { TRIALS_FORMAT, trialSetSchema, type TrialSet } from '../trials/trialSet.js';
import { UsageError } from './context.js';
import { issueLine, type PathIssue } from '../util/zodIssues.js';

export interface Recordings {
  readonly samples: { name: string; set: ParsedSampleSet }[];
  readonly trials: { name: string; set: TrialSet }[];
}

async function jsonFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new UsageError(`eval: --samples ${target} does not exist`);
  if (!info.isDirectory()) return [target];
  return (await readdir(target))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(target, f));
}

function issue(file: string, error: { issues: readonly PathIssue[] }) {
  const first = error.issues[0];
  return new UsageError(`eval: ${file}: ${first ? issueLine(first) : 'invalid recording'}`);
}

export async function loadRecordings(target: string): Promise<Recordings> {
  const out: Recordings = { samples: [], trials: [] };
  for (const file of await jsonFiles(target)) {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`eval: ${file} is not JSON: ${(err as Error).message}`);
    }
    const format = (raw as { format?: unknown } | null)?.format;
    const name = path.basename(file);
    if (format === SAMPLES_FORMAT) {
      const parsed = sampleSetSchema.safeParse(raw);
      if (!parsed.success) throw issue(file, parsed.error);
      out.samples.push({ name, set: parsed.data });
    } else if (format === TRIALS_FORMAT) {
      const parsed = trialSetSchema.safeParse(raw);
      if (!parsed.success) throw issue(file, parsed.error);
      out.trials.push({ name, set: parsed.data });
    }
  }
  if (out.samples.length + out.trials.length === 0)
    throw new UsageError(`eval: no "${SAMPLES_FORMAT}" or "${TRIALS_FORMAT}" files in ${target}`);
  return out;
}
