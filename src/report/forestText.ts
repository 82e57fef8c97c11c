// The change chart for terminals: one line per config, its interval drawn in ASCII around a zero
// line ("|") and the margin band's edges (":"), the point estimate as "o". Sorted by change, like
// the mermaid chart in the PR comment.
import { formatPercent } from './format.js';
import { axisRange, type ChangeItem } from './chart.js';

const WIDTH = 41;

export interface ForestLine {
  readonly item: ChangeItem;
  /** The plot cells of this line (WIDTH characters). */
  readonly plot: string;
}

/** Plot strings for items already picked and sorted; the header is the axis scale. */
export function forestPlot(items: readonly ChangeItem[], margin: number): { header: string; lines: ForestLine[] } {
  const range = axisRange(items, margin) / 100;
  const col = (x: number) => Math.round(((Math.max(-range, Math.min(range, x)) + range) / (2 * range)) * (WIDTH - 1));
  const base = Array.from({ length: WIDTH }, () => ' ');
  base[col(-margin)] = ':';
  base[col(margin)] = ':';
  base[col(0)] = '|';
  const lines = items.map((item) => {
    const cells = [...base];
    for (let c = col(item.ci[0]); c <= col(item.ci[1]); c++) cells[c] = cells[c] === '|' ? '+' : '-';
    cells[col(item.change)] = 'o';
    return { item, plot: cells.join('') };
  });
  const left = formatPercent(-range, 0);
  const right = formatPercent(range, 0);
  const header = `${left}${' '.repeat(Math.max(1, col(0) - left.length))}0${' '.repeat(Math.max(1, WIDTH - col(0) - 1 - right.length))}${right}`;
  return { header, lines };
}
