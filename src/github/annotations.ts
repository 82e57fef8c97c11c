// Regressions and failures as workflow annotations (shown on the run and the PR's files view).
// Pure: returns what to annotate; the action emits them.
import { oneLine, truncate } from '../report/escape.js';
import type { Comparison } from '../stats/types.js';
import { METRIC_INFO } from '../metrics.js';

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly title: string;
  readonly message: string;
  readonly file?: string;
}

function pct(x: number | undefined): string {
  return x === undefined ? '?' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

export function annotationsFor(comparison: Comparison, configPath: string, gatingFailed: boolean): Annotation[] {
  const out: Annotation[] = [];
  for (const c of comparison.configs) {
    const name = truncate(oneLine(c.name), 100);
    if (c.verdict === 'regression') {
      const worst = c.metrics.filter((m) => m.verdict === 'regression');
      const detail = worst
        .map(
          (m) =>
            `${METRIC_INFO[m.metric].label} ${pct(m.change)}${m.ci ? ` (CI ${pct(m.ci[0])} … ${pct(m.ci[1])})` : ''}`,
        )
        .join(', ');
      out.push({
        level: gatingFailed ? 'error' : 'warning',
        title: `Performance regression: ${name}`,
        message: detail || 'regression',
        file: configPath,
      });
    } else if (c.verdict === 'failed') {
      out.push({
        level: 'warning',
        title: `Benchmark failed: ${name}`,
        message: truncate(oneLine(c.error ? `${c.error.kind}: ${c.error.message}` : 'failed'), 500),
        file: configPath,
      });
    }
  }
  return out;
}
