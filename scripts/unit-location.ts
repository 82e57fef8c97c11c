// Which summary of a process's iterations makes the steadiest A/B unit, on recorded trials. For
// every config of every trials.json: the SD of one unit's location (the scale the A/B interval is
// built from; smaller finds smaller changes) under candidate locations, with the runner's process
// offset σ_u and iteration noise σ_ε beside them. The analysis uses the faster half
// (src/stats/trialLocation.ts); docs/statistics.md, "A process's location", quotes this.
// usage: npx tsx scripts/unit-location.ts [--metric e2e_tok_s] TRIALS.json...
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable } from 'markdown-table';
import { LATENCY_METRICS, METRIC_INFO, type LatencyMetric } from '../src/metrics.js';
import { estimateTrialChange } from '../src/stats/trialEstimate.js';
import { fastHalfMean, type UnitLocator } from '../src/stats/trialLocation.js';
import { trialMatrix, trialSetSchema } from '../src/trials/trialSet.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { metric: { type: 'string', default: 'e2e_tok_s' } },
});
const metric = values.metric as LatencyMetric;
if (positionals.length === 0 || !(LATENCY_METRICS as readonly string[]).includes(metric)) {
  process.stderr.write('usage: npx tsx scripts/unit-location.ts [--metric e2e_tok_s] TRIALS.json...\n');
  process.exit(2);
}

/** Candidates on values oriented as times (slow = larger), turned back to the metric's scale. */
const oriented =
  (f: (sorted: number[]) => number): UnitLocator =>
  (logs, better) => {
    const sign = better === 'higher' ? -1 : 1;
    return sign * f(logs.map((v) => sign * v).sort((a, b) => a - b));
  };
const avg = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const quantile = (s: readonly number[], q: number) => {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return (s[lo] as number) + (h - lo) * ((s[Math.ceil(h)] as number) - (s[lo] as number));
};
const CANDIDATES: [string, UnitLocator][] = [
  ['mean', oriented(avg)],
  ['faster half (used)', fastHalfMean],
  ['faster 3/4', oriented((s) => avg(s.slice(0, Math.max(1, Math.round(0.75 * s.length)))))],
  ['slow half winsorized', oriented((s) => avg(s.map((x) => Math.min(x, quantile(s, 0.5)))))],
  ['median', oriented((s) => quantile(s, 0.5))],
  ['fast quartile', oriented((s) => quantile(s, 0.25))],
  ['minimum', oriented((s) => s[0] as number)],
];

const pct = (logSd: number | undefined) => (logSd === undefined ? '–' : `${(Math.expm1(logSd) * 100).toFixed(2)}%`);
const rows = [
  [
    'recording',
    'config',
    'σ_u',
    'σ_ε',
    'e2e ms: fastest, median, 90th pct, slowest',
    ...CANDIDATES.map(([name]) => name),
  ],
];

/** The spread of single iterations, in e2e milliseconds over every worker. */
function iterationSpread(config: Parameters<typeof trialMatrix>[0]): string {
  const m = trialMatrix(config, 'e2e_ms');
  const ms = [...m.base, ...m.head].flat().filter((x): x is number => typeof x === 'number');
  const s = ms.sort((a, b) => a - b);
  return [0, 0.5, 0.9, 1].map((q) => quantile(s, q).toFixed(0)).join(', ');
}
for (const file of positionals) {
  const set = trialSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const config of set.configs) {
    const m = trialMatrix(config, metric);
    const better = METRIC_INFO[metric].better;
    const runner = estimateTrialChange(m, better);
    const units = CANDIDATES.map(([, locate]) => pct(estimateTrialChange(m, better, locate)?.sigmaUnit));
    rows.push([
      path.basename(file),
      config.name,
      pct(runner?.sigmaProcess),
      pct(runner?.sigmaIteration),
      iterationSpread(config),
      ...units,
    ]);
  }
}
process.stdout.write(
  `SD of one unit's location (${metric}; relative; smaller is better), σ_u and σ_ε of the runner beside it:\n\n${markdownTable(rows, { alignDelimiters: false })}\n`,
);
