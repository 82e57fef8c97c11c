// The words around the numbers: warnings a reviewer must read first, what the table's columns are
// (said once, under the table), the multiple-comparison correction, and the A/B trial facts.
import type { ConfigStatus } from '../stats/configStates.js';
import type { ConfigComparison } from '../stats/types.js';
import { formatPercent } from './format.js';
import type { ReportInput } from './types.js';

const CORRECTION_NAMES: Readonly<Record<string, string>> = {
  holm: 'Holm–Bonferroni (family-wise error rate)',
  bonferroni: 'Bonferroni (family-wise error rate)',
  'benjamini-hochberg': 'Benjamini–Hochberg (false discovery rate)',
  none: 'no correction',
};

const STOP_WORDS: Readonly<Record<NonNullable<ConfigComparison['trials']>['stopReason'], string>> = {
  decided: 'decided',
  'budget-time': 'time budget used up',
  'budget-trials': 'trial budget used up',
  'fixed-trials': 'fixed number of trials',
  cancelled: 'cancelled',
  failed: 'a worker failed',
};

export interface TrialRow {
  readonly config: string;
  readonly trials: number;
  readonly workersPerSide: number;
  readonly seconds: number;
  readonly stopped: string;
  readonly rotated: boolean;
}

const plainPct = (x: number): string => formatPercent(x).replace(/^[+-]/, '');

function warningsOf(input: ReportInput): string[] {
  const out: string[] = [];
  const fp = input.comparison.fingerprint;
  if (!fp.match) {
    const fields = fp.differences.map((d) => d.field).join(', ');
    const action =
      fp.policy === 'refuse' ? 'the comparison was refused' : fp.policy === 'warn' ? 'compared anyway' : 'compared';
    out.push(`Baseline and candidate ran on different machines (${fields || 'fingerprint differs'}): ${action}.`);
  }
  for (const c of input.comparison.configs) {
    if (c.tokensChanged === true)
      out.push(
        `${c.name}: generated tokens differ from the baseline's, so a speed change may come from different output.`,
      );
    if ((c.validity?.length ?? 0) > 0) out.push(`${c.name}: ${(c.validity ?? []).join('; ')}`);
  }
  return out;
}

/** The smallest detectable change of the undecided gating metrics, said once. */
function mdeNote(statuses: readonly ConfigStatus[]): string | undefined {
  const metrics = statuses.flatMap((s) => (s.state === 'undecided' ? s.metrics : []));
  const mdes = metrics.flatMap((m) => (m.mde !== undefined && m.awaitingConfirmation !== true ? [m.mde] : []));
  if (mdes.length === 0) return undefined;
  const lo = Math.min(...mdes);
  const hi = Math.max(...mdes);
  const range = lo === hi ? `±${plainPct(lo)}` : `±${plainPct(lo)} to ±${plainPct(hi)}`;
  const margin = metrics[0]?.margin ?? 0;
  return `Undecided: with these runs a change smaller than ${range} cannot be told from noise (the margin is ±${plainPct(margin)}); per metric under "Noise floor and minimum detectable effect".`;
}

function tableNotes(input: ReportInput, statuses: readonly ConfigStatus[]): string[] {
  const ab = input.comparison.mode === 'ab';
  const trials = input.comparison.configs.some((c) => c.trials !== undefined);
  const sides = ab ? 'Baseline (base) and Candidate (head)' : 'Baseline and Candidate';
  const notes = trials
    ? [
        `Baseline (base) is the geometric mean of the base workers' trial values; Change is estimated from paired trials with each worker process as a random effect, summarized by the faster half of its iterations and by their mean ("Method and notes" under the noise floor names the one shown), and Candidate (head) is shown as Baseline × (1 + Change), with an interval that holds at every look the runner took (a permutation test with alpha spent over the budget, or a confidence sequence; memory: the median peak over workers).`,
      ]
    : [
        `${sides} are the values Change is computed from: the geometric mean of per-run medians (memory: the median peak over runs). Change = Candidate ÷ Baseline − 1, with its confidence interval at the corrected level.`,
      ];
  const mde = mdeNote(statuses);
  if (mde !== undefined) notes.push(mde);
  return notes;
}

function correctionText(input: ReportInput): string {
  const { method, alpha, tests } = input.comparison.correction;
  const name = CORRECTION_NAMES[method] ?? method;
  return `${name} over ${tests} gating test${tests === 1 ? '' : 's'} (configurations × gating metrics), α = ${alpha}; confidence intervals are at the corrected level. Informational metrics are corrected as a family of their own.`;
}

export function summaryNotes(
  input: ReportInput,
  statuses: readonly ConfigStatus[],
): { warnings: string[]; table: string[]; correction: string } {
  return { warnings: warningsOf(input), table: tableNotes(input, statuses), correction: correctionText(input) };
}

export function trialRows(configs: readonly ConfigComparison[]): TrialRow[] {
  return configs.flatMap((c) =>
    c.trials === undefined
      ? []
      : [
          {
            config: c.name,
            trials: c.trials.run,
            workersPerSide: c.trials.workersPerSide,
            seconds: c.trials.seconds,
            stopped: STOP_WORDS[c.trials.stopReason],
            rotated: c.trials.rotated,
          },
        ],
  );
}
