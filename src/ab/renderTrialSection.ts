// The trial part of an A/B comment: how each config was measured (trials, workers, time, why it
// stopped, rotation, seed), what one-shot programs cost, and the A/A check from splitting each
// side's workers. Pure: data in, markdown or plain text out.
import { markdownTable } from 'markdown-table';
import { mdText } from '../report/escape.js';
import { formatChange, VERDICT_ICON } from '../report/format.js';
import type { TrialConfig, TrialSet } from '../trials/trialSet.js';
import type { AaResult } from './trialComparison.js';

const STOP_WORDS: Record<TrialConfig['stop']['reason'], string> = {
  decided: 'decided',
  'budget-time': 'time budget spent',
  'budget-trials': 'trial budget spent',
  'fixed-trials': 'fixed number of trials',
  cancelled: 'cancelled',
  failed: 'failed',
};

/** For programs that do not opt in to worker mode: what one process per trial cost. */
export function oneShotNotes(set: TrialSet): string[] {
  return set.configs.flatMap((c) => {
    const perTrial = c.workers.filter((w) => w.engine_info.worker_mode === 'process-per-trial');
    if (perTrial.length === 0) return [];
    const wall = perTrial.map((w) => Number(w.engine_info.trial_wall_ms_mean)).filter(Number.isFinite);
    const e2e = c.trials
      .flatMap((t) => Object.values(t.outcomes))
      .flatMap((o) => ('sample' in o ? [o.sample.e2e_ms] : []));
    const meanWall = wall.reduce((s, x) => s + x, 0) / Math.max(1, wall.length);
    const meanE2e = e2e.reduce((s, x) => s + x, 0) / Math.max(1, e2e.length);
    return [
      `${c.name}: the program does not serve requests (worker mode, docs/command-engine.md), so every trial started a fresh process per worker: ${(meanWall / 1000).toFixed(2)} s per iteration against ${(meanE2e / 1000).toFixed(2)} s measured (${(meanWall / Math.max(meanE2e, 1e-9)).toFixed(1)}× the time), and the process offset cannot be told from the code.`,
    ];
  });
}

function aaCell(aa: readonly AaResult[], config: string): string {
  const rows = aa.filter((a) => a.config === config);
  if (rows.length === 0) return '—';
  return rows
    .map(
      (a) =>
        `${a.side}: ${formatChange(a.analysis.change, a.analysis.ci)} ${VERDICT_ICON[a.analysis.verdict === 'inconclusive' ? 'inconclusive' : a.analysis.verdict]}`,
    )
    .join('<br>');
}

/** SD of a process's lasting offset and of one iteration, relative, as this run measured them. */
function noiseCell(aa: readonly AaResult[], config: string): string {
  const n = aa.find((a) => a.config === config)?.noise;
  if (!n) return '—';
  return `±${(n.process * 100).toFixed(1)}% / ±${(n.iteration * 100).toFixed(1)}%`;
}

export function aaAlarms(aa: readonly AaResult[]): string[] {
  return [
    ...new Set(
      aa
        .filter((a) => a.analysis.verdict === 'regression' || a.analysis.verdict === 'improvement')
        .map((a) => a.config),
    ),
  ];
}

export function renderTrialMarkdown(set: TrialSet, aa: readonly AaResult[], notes: readonly string[] = []): string {
  const rows = set.configs.map((c) => [
    mdText(c.name),
    String(c.stop.trials),
    String(set.workers_per_side),
    `${c.stop.seconds.toFixed(0)} s`,
    STOP_WORDS[c.stop.reason] + (c.stop.rotated ? ' (rotated)' : ''),
    aaCell(aa, c.name),
    noiseCell(aa, c.name),
  ]);
  const alarms = aaAlarms(aa);
  const lines = [
    `Randomized interleaved trials: ${set.workers_per_side} persistent workers a side; every trial ran one measured iteration on each worker in a fresh random order (seed ${set.seed}; replay with \`--seed ${set.seed}\`). Workers are replaced between blocks, so a slow process cannot pass for slow code.`,
    '',
    markdownTable(
      [
        [
          'Configuration',
          'Trials',
          'Workers a side',
          'Time',
          'Stopped',
          'A/A (split workers)',
          'Noise: process / iteration',
        ],
        ...rows,
      ],
      {
        align: ['l', 'r', 'r', 'r', 'l', 'l', 'r'],
        alignDelimiters: false,
      },
    ),
  ];
  if (alarms.length > 0)
    lines.push(
      '',
      `⚠️ **The A/A check raised a false alarm** for ${alarms.map(mdText).join(', ')}: this runner is noisier than the statistics assume; read the verdicts with care.`,
    );
  for (const n of [...oneShotNotes(set), ...notes]) lines.push('', mdText(n));
  return `<details><summary>How this was measured: trials, workers, A/A check</summary>\n\n${lines.join('\n')}\n\n</details>`;
}

export function renderTrialText(set: TrialSet, aa: readonly AaResult[], notes: readonly string[] = []): string {
  const out = [`Trials (${set.workers_per_side} workers a side, seed ${set.seed}):`];
  for (const c of set.configs) {
    const a = aa
      .filter((x) => x.config === c.name)
      .map((x) => `A/A ${x.side} ${formatChange(x.analysis.change, x.analysis.ci)} ${x.analysis.verdict}`)
      .join('; ');
    out.push(
      `  ${c.name}: ${c.stop.trials} trials in ${c.stop.seconds.toFixed(0)} s, ${STOP_WORDS[c.stop.reason]}${c.stop.rotated ? ' (rotated)' : ''}${a ? `; ${a}` : ''}`,
    );
  }
  const alarms = aaAlarms(aa);
  if (alarms.length > 0) out.push(`  warning: A/A false alarm on unchanged code for ${alarms.join(', ')}`);
  for (const n of [...oneShotNotes(set), ...notes]) out.push(`  ${n}`);
  return out.join('\n');
}
