// Renders an evaluation as markdown tables, one per model size: our rule and the common rules side
// by side, false-alarm rate on A/A pairs and detection rate on slowed or really changed pairs.
import { markdownTable } from 'markdown-table';
import type { ConfigEvaluation, Evaluation, ScenarioRates } from './evaluateRules.js';

const pct = (x: number, digits = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–');

function rate(s: ScenarioRates, id: string): string {
  return pct((s.alarms[id] ?? 0) / s.trials);
}

function ourBreakdown(s: ScenarioRates): string {
  const v = s.verdicts;
  const parts = (['regression', 'inconclusive', 'unchanged', 'improvement'] as const)
    .filter((k) => (v[k] ?? 0) > 0)
    .map((k) => `${k} ${pct((v[k] ?? 0) / s.trials, 0)}`);
  return `${parts.join(', ')}; median mde ${pct(s.medianMde)}; ${s.meanCandidateRuns.toFixed(1)} candidate runs`;
}

export function formatEvaluation(e: Evaluation): string {
  const out: string[] = [];
  const sizes = [...new Set(e.configs.map((c) => c.size))];
  out.push(
    'Rates on throughput (e2e tok/s). A/A rows: false-alarm rate (lower is better). Other rows: detection rate.',
  );
  out.push(`Rules: ${e.rules.map((r) => `${r.id} = ${r.label}`).join('; ')}.`);
  for (const size of sizes) {
    const rows: string[][] = [];
    const header = [
      'config',
      'runs (K)',
      'noise run / iter',
      'scenario',
      ...e.rules.map((r) => r.id),
      'ours in detail',
    ];
    for (const c of e.configs.filter((x: ConfigEvaluation) => x.size === size)) {
      for (const s of c.scenarios) {
        rows.push([
          c.config,
          `${c.runs} (${c.k})`,
          `${pct(c.runNoise)} / ${pct(c.iterationNoise)}`,
          c.pair ? `${s.scenario}: ${s.change >= 0 ? '+' : ''}${pct(s.change)} time` : s.scenario,
          ...e.rules.map((r) => rate(s, r.id)),
          ourBreakdown(s),
        ]);
      }
    }
    out.push('', `### Model size ${size}`, '', markdownTable([header, ...rows], { alignDelimiters: false }));
    const machines = [...new Set(e.configs.filter((x) => x.size === size).map((x) => `${x.source}: ${x.machine}`))];
    out.push('', `Recorded on ${machines.join('; ')}.`);
  }
  return `${out.join('\n')}\n`;
}
