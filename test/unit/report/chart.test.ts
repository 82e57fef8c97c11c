import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeChart, type ChangeItem } from '../../../src/report/chart.js';
import { forestPlot } from '../../../src/report/forestText.js';
import { renderMarkdown } from '../../../src/report/renderMarkdown.js';
import { comparison, gateFor, typicalConfig } from '../../support/reportBuilders.js';

const item = (
  label: string,
  change: number,
  half = 0.02,
  verdict: ChangeItem['verdict'] = 'unchanged',
): ChangeItem => ({
  label,
  change,
  ci: [change - half, change + half],
  verdict,
});

/** The numbers of one series line of the mermaid block, e.g. `bar [1, 2]`. */
function series(chart: string, kind: 'bar' | 'line'): number[][] {
  return [...chart.matchAll(new RegExp(`^  ${kind} \\[(.*)\\]$`, 'gm'))].map((m) =>
    (m[1] ?? '').split(', ').map(Number),
  );
}

describe('change chart', () => {
  it('is not drawn below three configs', () => {
    assert.equal(
      changeChart({ metric: 'Throughput', margin: 0.05, items: [item('a', 0), item('b', 0.01)] }).chart,
      undefined,
    );
    assert.notEqual(
      changeChart({ metric: 'Throughput', margin: 0.05, items: [item('a', 0), item('b', 0), item('c', 0)] }).chart,
      undefined,
    );
  });

  it('draws each interval sorted by change, with a zero line and the margin band', () => {
    const items = [item('b', 0.01), item('a', -0.12, 0.015, 'regression'), item('c', -0.03, 0.09, 'inconclusive')];
    const { chart = '' } = changeChart({ metric: 'Throughput', margin: 0.05, items });
    assert.match(chart, /^xychart-beta horizontal$/m);
    assert.match(chart, /x-axis \["a -12\.0%", "c -3\.0%", "b \+1\.0%"\]/);
    const [regression, undecided, other, lower] = series(chart, 'bar');
    const range = 15; // ±15%: covers the widest interval (c: -12%…+6%, a: -13.5%…-10.5%)
    assert.match(chart, new RegExp(`y-axis "change %" -${range} --> ${range}`));
    // Each config's bar reaches its upper bound in its verdict's colour; the mask bar ends at its lower bound.
    assert.deepEqual(regression, [-10.5, -range, -range]);
    assert.deepEqual(undecided, [-range, 6, -range]);
    assert.deepEqual(other, [-range, -range, 3]);
    assert.deepEqual(lower, [-13.5, -12, -1]);
    assert.deepEqual(series(chart, 'line'), [
      [0, 0, 0],
      [5, 5, 5],
      [-5, -5, -5],
    ]);
  });

  it('stays readable at 50 configs: 30 drawn, worst first, the rest counted', () => {
    const items = Array.from({ length: 50 }, (_, i) =>
      item(`cfg-${i}`, (i - 25) / 500, 0.01, i === 7 ? 'regression' : 'unchanged'),
    );
    const { chart = '', hidden } = changeChart({ metric: 'Throughput', margin: 0.05, items });
    assert.equal(hidden, 20);
    assert.match(chart, /"cfg-7 /, 'the regression is always drawn');
    assert.equal((chart.match(/^ {2}x-axis \[(.*)\]$/m)?.[1] ?? '').split('", "').length, 30);
    assert.match(chart, /height: 780$/m);
    const configs = items.map((x, i) =>
      typicalConfig(x.label, i === 7 ? 'regression' : 'unchanged', 100, 100 * (1 + x.change)),
    );
    const c = comparison(configs);
    const md = renderMarkdown({ comparison: c, gate: gateFor(c), baselines: [], candidates: [] });
    assert.match(md, /_20 more configurations are not drawn \(worst verdicts and largest changes first\)\._/);
  });

  it('cuts intervals wider than ±100% at the edge and says how many', () => {
    const items = [item('a', 0), item('b', 0.5, 1.2), item('c', -0.1)];
    const r = changeChart({ metric: 'Throughput', margin: 0.05, items });
    assert.equal(r.clipped, 1);
    assert.match(r.chart ?? '', /y-axis "change %" -100 --> 100/);
  });

  it('the terminal forest plot marks zero, the margin band, the interval and the estimate', () => {
    const { header, lines } = forestPlot([item('a', -0.1, 0.02), item('b', 0.0, 0.01)], 0.05);
    assert.match(header, /^-\d+%\s+0\s+\+\d+%$/);
    const [a, b] = lines.map((l) => l.plot);
    assert.equal(a?.length, 41);
    assert.equal(a?.indexOf('|'), 20, 'zero line in the middle');
    assert.match(a ?? '', /-o-+ *: *\| *: *$/, 'interval left of the margin band');
    assert.match(b ?? '', /: +-*[o+]-* +:/, 'interval inside the band');
  });
});
