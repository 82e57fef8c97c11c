// The A/A part of an A/B comment: this job's noise floor per config and whether base against base
// raised a (false) alarm. Pure: data in, markdown or plain text out.
import { markdownTable } from 'markdown-table';
import { mdText } from '../report/escape.js';
import { formatChange, formatPercent, VERDICT_ICON } from '../report/format.js';
import type { AaCheck } from './aaCheck.js';

const plainPercent = (v: number) => `±${formatPercent(v).replace(/^[+-]/, '')}`;

export function renderAaMarkdown(aa: AaCheck, notes: readonly string[] = []): string {
  const lines: string[] = [];
  const [a, b] = aa.halves;
  if (b.length === 0) {
    lines.push('Only one base run: the A/A check needs at least two (use `--pairs 3` or more).');
  } else {
    lines.push(
      `Base runs ${a.map(mdText).join(', ')} against ${b.map(mdText).join(', ')}: the same code on both halves, so their difference is this runner's own noise.`,
      '',
    );
    if (aa.alarms.length > 0)
      lines.push(
        `⚠️ **The A/A check raised a false alarm** for ${aa.alarms.map(mdText).join(', ')}: this runner is noisier than the statistics assume here; read the A/B verdicts with care.`,
        '',
      );
    const rows = aa.configs.map((c) => [
      mdText(c.name),
      c.noiseFloor === undefined ? '—' : plainPercent(c.noiseFloor),
      String(c.runs),
      c.change === undefined ? '—' : formatChange(c.change, c.ci),
      c.verdict === undefined ? '—' : `${VERDICT_ICON[c.verdict]} ${c.verdict}`,
    ]);
    lines.push(
      markdownTable(
        [['Configuration', 'Noise floor (between base runs)', 'Base runs', 'A/A change [CI]', 'A/A verdict'], ...rows],
        {
          align: ['l', 'r', 'r', 'r', 'l'],
          alignDelimiters: false,
        },
      ),
      '',
      'Noise floor: spread (SD) of the per-run median throughput between base runs, relative.',
    );
  }
  for (const n of notes) lines.push('', mdText(n));
  return `<details><summary>A/A check: base against base (this job's noise floor)</summary>\n\n${lines.join('\n')}\n\n</details>`;
}

export function renderAaText(aa: AaCheck, notes: readonly string[] = []): string {
  const out = ['A/A check (base against base):'];
  if (aa.halves[1].length === 0) out.push('  only one base run: not measured');
  for (const c of aa.configs)
    out.push(
      `  ${c.name}: noise floor ${c.noiseFloor === undefined ? '—' : plainPercent(c.noiseFloor)} over ${c.runs} base runs; A/A ${
        c.change === undefined ? '—' : formatChange(c.change, c.ci)
      } ${c.verdict ?? ''}`.trimEnd(),
    );
  if (aa.alarms.length > 0) out.push(`  warning: false alarm on unchanged code for ${aa.alarms.join(', ')}`);
  for (const n of notes) out.push(`  ${n}`);
  return out.join('\n');
}
