// Renders trial-level replays as markdown: per recorded config, what the replay really has
// (workers, epochs, distinct splits, windows) and, per scenario, our rule beside the process-level
// A/B rule and a per-trial t without the process effect.
import { markdownTable } from 'markdown-table';
import type { TrialConfigEvaluation, TrialScenarioRates } from './evaluateTrials.js';

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const share = (n: number | undefined, of: number) => pct((n ?? 0) / of);

function verdictMix(v: Readonly<Partial<Record<string, number>>>, of: number): string {
  return ['regression', 'improvement', 'unchanged', 'inconclusive']
    .filter((k) => (v[k] ?? 0) > 0)
    .map((k) => `${k} ${share(v[k], of)}`)
    .join(', ');
}

function row(s: TrialScenarioRates): string[] {
  const toDecision =
    s.medianTrialsToDecision === undefined
      ? '–'
      : `${s.medianTrialsToDecision} trials, ${(s.medianSecondsToDecision ?? 0).toFixed(0)} s`;
  return [
    s.scenario,
    String(s.replays),
    share(s.verdicts.regression, s.replays),
    verdictMix(s.verdicts, s.replays),
    toDecision,
    pct(s.medianMde),
    share(s.processRule.regression, s.replays),
    share(s.trialTAlarms, s.replays),
  ];
}

function describe(c: TrialConfigEvaluation): string {
  const p = c.splits;
  const splits =
    p.kind === 'recorded'
      ? 'recorded sides only'
      : `${p.perEpoch} ${p.kind === 'pooled' ? 'splits of all workers' : 'splits of the base workers'} per epoch, ${p.perEpoch}^${p.epochs} = ${p.distinct.toPrecision(3)} distinct, ${p.used} replayed${p.exhaustive ? ' (all)' : ' (seeded draw)'}`;
  const noise = c.noise
    ? `; noise: process offset ${pct(c.noise.process)}, iteration ${pct(c.noise.iteration)}, process location ${pct(c.noise.unit)}`
    : '';
  return `**${c.config}** (${c.source}${c.machine ? `, ${c.machine}` : ''}, ${c.arrangement.toUpperCase()}): ${c.workersPerSide} workers a side, ${c.trials} trials in ${c.epochs} epoch${c.epochs === 1 ? '' : 's'}; looks every ${c.block} trials; windows of ${c.window} trials × ${c.windows} start${c.windows === 1 ? '' : 's'}; ${splits}${noise}.`;
}

export function formatTrialEvaluation(configs: readonly TrialConfigEvaluation[], metric: string): string {
  const out = [
    `Trial-level replays on ${metric}. A/A rows: false-alarm rate (regression verdicts on unchanged code). Slow rows: detection rate. Replays share processes: the distinct splits and windows below bound how much they say.`,
  ];
  const header = [
    'scenario',
    'replays',
    'ours: regression',
    'ours in detail',
    'median to a decision',
    'median mde at stop',
    'process-level A/B',
    'per-trial t (no process effect)',
  ];
  for (const c of configs)
    out.push('', describe(c), '', markdownTable([header, ...c.scenarios.map(row)], { alignDelimiters: false }));
  return `${out.join('\n')}\n`;
}
