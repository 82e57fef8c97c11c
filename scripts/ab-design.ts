// PROJECTION, NOT MEASUREMENT: what A/B designs (workers a side, block length, budget) would
// detect on a runner recorded once. Prints, per trial-level recording, the components it shows
// (process offset σ_u, iteration σ_ε, seconds per worker iteration, per restart of all workers, to
// the first trial), then simulated runs calibrated on them through the real analysis and stop rule
// (src/eval/designProjection.ts). docs/statistics.md, "What the GPU recordings say", quotes it.
// usage: npx tsx scripts/ab-design.ts [--workers 3,4] [--block 2,4,8,16] [--budget 600,900,1200,1800]
//          [--runs 500] [--seed 1] [--process-sd 0.04] [--metric e2e_tok_s] TRIALS.json...
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable } from 'markdown-table';
import { projectRuns, ratesAt, type Design, type ProjectedRates } from '../src/eval/designProjection.js';
import { recordedComponents, type RecordedComponents } from '../src/eval/trialComponents.js';
import { LATENCY_METRICS, type LatencyMetric } from '../src/metrics.js';
import { DEFAULT_AB_MARGIN } from '../src/stats/trialAnalysis.js';
import { trialSetSchema } from '../src/trials/trialSet.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workers: { type: 'string', default: '3' },
    block: { type: 'string', default: '2,4,8,16' },
    budget: { type: 'string', default: '600,900,1200,1800' },
    runs: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    'process-sd': { type: 'string' },
    metric: { type: 'string', default: 'e2e_tok_s' },
  },
});
const list = (s: string) => s.split(',').map(Number);
const metric = values.metric as LatencyMetric;
if (positionals.length === 0 || !(LATENCY_METRICS as readonly string[]).includes(metric)) {
  process.stderr.write('usage: npx tsx scripts/ab-design.ts [--workers 3,4] [--block 2,4,8] ... TRIALS.json...\n');
  process.exit(2);
}
const SLOWDOWNS = [0, 0.05, 0.1, 0.2];
const budgets = list(values.budget);
const settings = {
  alpha: 0.02,
  margin: DEFAULT_AB_MARGIN,
  maxBudgetS: Math.max(...budgets),
  runs: Number(values.runs),
  seed: Number(values.seed),
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rel = (logSd: number) => pct(Math.expm1(logSd));

function describe(file: string, c: RecordedComponents): string {
  const restart =
    c.restartS === undefined ? 'never restarted' : `${c.restartS.toFixed(1)} s per restart of all workers`;
  // The block length that minimises the estimate's variance per second (docs/statistics.md).
  const best =
    c.restartS === undefined || c.processSd === 0
      ? ''
      : `; best block R* = (σ_loc/σ_u)·√(L/(2W·t)) = ${((c.locationSd / c.processSd) * Math.sqrt(c.restartS / (2 * c.workersPerSide * c.iterationS))).toFixed(1)}`;
  return `**${path.basename(file)}**, ${c.config}: ${c.trials} trials, ${c.epochs} epochs, ${c.workersPerSide} workers a side. Recorded: process offset σ_u ${rel(c.processSd)}, iteration σ_ε ${rel(c.iterationSd)} (as the unit location sees it, σ_loc ${rel(c.locationSd)}); ${c.iterationS.toFixed(2)} s per worker iteration, ${restart}, first trial after ${c.startS.toFixed(1)} s${best}.`;
}

const when = (s: number | undefined) => (s === undefined ? '' : ` (${s.toFixed(0)} s)`);

/** A/A: false alarms, and how often unchanged code was decided `unchanged`; else: regressions found. */
function cell(r: ProjectedRates, aa: boolean): string {
  if (!aa) return `${pct((r.verdicts.regression ?? 0) / r.runs)}${when(r.medianSeconds)}`;
  const alarms = (r.verdicts.regression ?? 0) + (r.verdicts.improvement ?? 0);
  return `${pct(alarms / r.runs)}; unchanged ${pct((r.verdicts.unchanged ?? 0) / r.runs)}`;
}

function project(c: RecordedComponents): string[][] {
  const rows: string[][] = [];
  for (const workersPerSide of list(values.workers))
    for (const block of list(values.block)) {
      const d: Design = { workersPerSide, block };
      const runs = SLOWDOWNS.map((s, i) => projectRuns(c, d, s, { ...settings, seed: settings.seed + i }));
      for (const budget of budgets)
        rows.push([
          String(workersPerSide),
          String(block),
          String(budget),
          ...runs.map((r, i) => cell(ratesAt(r, budget), i === 0)),
        ]);
    }
  return rows;
}

const header = [
  'W',
  'block',
  'budget s',
  'A/A: alarms; decided unchanged',
  '5% found (median s to it)',
  '10% found',
  '20% found',
];
const out = [
  `PROJECTION (simulated runs calibrated on recorded components, not measurements): ${settings.runs} runs per cell, seed ${settings.seed}, alpha 0.02, margin ${pct(DEFAULT_AB_MARGIN)}, ${metric}${values['process-sd'] ? `, σ_u set to ${values['process-sd']}` : ''}. Seconds from the config's start.`,
];
for (const file of positionals) {
  const set = trialSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const config of set.configs) {
    const recorded = recordedComponents(config, metric);
    if (!recorded) {
      out.push('', `**${path.basename(file)}**, ${config.name}: cannot separate processes from iterations; skipped.`);
      continue;
    }
    const sd = values['process-sd'];
    const c = sd === undefined ? recorded : { ...recorded, processSd: Math.log1p(Number(sd)) };
    out.push('', describe(file, recorded), '', markdownTable([header, ...project(c)], { alignDelimiters: false }));
  }
}
process.stdout.write(`${out.join('\n')}\n`);
