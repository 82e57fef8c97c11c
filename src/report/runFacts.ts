// The facts of a comparison the headline ends with: verdict counts, how it was measured (one word
// per unit: a "run" is one process measuring a config, a "trial" one interleaved A/B trial), the
// machine and the compared commits.
import { VERDICTS, type BaselineProvenance, type VerdictKind } from '../stats/types.js';
import { shortSha } from './escape.js';
import { countLabel } from './format.js';
import { describeMachine } from './machine.js';
import type { ReportInput } from './types.js';
import { definedFields } from '../util/definedFields.js';

export interface RunFacts {
  /** e.g. "1 regression, 5 unchanged, 1 undecided". */
  readonly counts: string;
  /** e.g. "stored baseline (5 runs, Actions cache) vs 3 runs". */
  readonly mode: string;
  readonly machine?: string;
  readonly commits?: { readonly baseline?: string; readonly candidate?: string; readonly baselineDate?: string };
}

export const STORE_NAMES: Readonly<Record<BaselineProvenance['store'], string>> = {
  'actions-cache': 'Actions cache',
  'git-branch': 'git branch',
  files: 'files',
  ab: 'same runner',
};

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

function countsText(counts: Readonly<Record<VerdictKind, number>>): string {
  const parts = VERDICTS.filter((k) => counts[k] > 0).map((k) => countLabel(k, counts[k]));
  return parts.length > 0 ? parts.join(', ') : 'no configurations';
}

function modeText(input: ReportInput): string {
  const { mode, baselineRuns, candidateRuns, configs, baseline } = input.comparison;
  if (mode === 'ab') {
    const trials = configs.flatMap((c) => (c.trials !== undefined ? [c.trials] : []));
    if (trials.length > 0) {
      const counts = trials.map((t) => t.run);
      const lo = Math.min(...counts);
      const hi = Math.max(...counts);
      const workers = Math.max(...trials.map((t) => t.workersPerSide));
      return `A/B on one runner (${lo === hi ? plural(lo, 'trial') : `${lo}–${hi} trials`}, ${plural(workers, 'worker')} a side)`;
    }
    return `A/B on one runner (${plural(baselineRuns, 'base run')}, ${plural(candidateRuns, 'head run')})`;
  }
  const store = baseline !== undefined ? `, ${STORE_NAMES[baseline.store]}` : '';
  return `stored baseline (${plural(baselineRuns, 'run')}${store}) vs ${plural(candidateRuns, 'run')}`;
}

function machineText(input: ReportInput): string | undefined {
  const fp = input.comparison.fingerprint;
  const candidate = fp.candidateMachine ?? describeMachine(input.candidates[0]?.environment.fields);
  const baseline = fp.baselineMachine ?? describeMachine(input.baselines[0]?.environment.fields);
  if (candidate !== undefined && baseline !== undefined && candidate !== baseline)
    return `${candidate} (baseline on ${baseline})`;
  return candidate ?? baseline;
}

function commitsOf(input: ReportInput): RunFacts['commits'] {
  const newest = input.comparison.baseline?.newest;
  const baseline = shortSha(newest?.commit ?? input.comparison.commits.baseline ?? input.baselines[0]?.run.git?.sha);
  const candidate = shortSha(input.comparison.commits.candidate ?? input.candidates[0]?.run.git?.sha);
  const baselineDate = newest?.createdAt?.slice(0, 10);
  if (baseline === undefined && candidate === undefined) return undefined;
  return definedFields({ baseline, candidate, baselineDate: baselineDate || undefined });
}

export function runFacts(input: ReportInput): RunFacts {
  const machine = machineText(input);
  const commits = commitsOf(input);
  return {
    counts: countsText(input.comparison.counts),
    mode: modeText(input),
    ...definedFields({ machine, commits }),
  };
}
