import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../../src/report/renderMarkdown.js';
import type { ReportInput } from '../../../src/report/types.js';
import type { ConfigComparison } from '../../../src/stats/types.js';
import {
  around,
  benchmark,
  comparison,
  configComparison,
  gateFor,
  metricVerdict,
  resultDoc,
  typicalConfig,
} from '../../support/reportBuilders.js';
import { SCENARIOS } from '../../support/reportScenarios.js';
import { matchSnapshot } from '../../support/reportSnapshot.js';

/** Cells of a markdown table row, split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/);
}

/** Every table in a markdown body: each row must have as many cells as its header. */
function assertTablesWellFormed(md: string): number {
  let tables = 0;
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith('|') || (!(lines[i + 1] ?? '').startsWith('| :') && !(lines[i + 1] ?? '').startsWith('| -')))
      continue;
    tables++;
    const width = cells(line).length;
    for (let j = i + 1; j < lines.length && (lines[j] ?? '').startsWith('|'); j++)
      assert.equal(cells(lines[j] ?? '').length, width, `row ${j + 1} has a different cell count:\n${lines[j]}`);
  }
  return tables;
}

/** The text GitHub renders as markdown/HTML: fenced blocks and code spans removed (they render literally). */
function outsideCode(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(?<![\\`])(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
}

function headlineOf(md: string): string {
  return md.split('\n').find((l) => / · /.test(l)) ?? '';
}

describe('renderMarkdown', () => {
  for (const [kind, make] of Object.entries(SCENARIOS)) {
    it(`renders the ${kind} report as its snapshot`, () => {
      const md = renderMarkdown(make(), { marker: 'llm-perf-gate:report' });
      assertTablesWellFormed(md);
      matchSnapshot(`verdict-${kind}.md`, md);
    });
  }

  it('puts the marker first and a one-line headline with counts, mode, machine and commits', () => {
    const md = renderMarkdown(SCENARIOS.regression(), { marker: 'sticky:perf' });
    assert.equal(md.split('\n')[0], '<!-- sticky:perf -->');
    const headline = headlineOf(md);
    assert.match(headline, /^❌ \*\*Performance gate failed\*\*/);
    assert.match(headline, /1 regression, 1 unchanged/);
    assert.match(headline, /stored baseline \(5 runs\) vs 1 run/);
    assert.match(headline, /NVIDIA H100 80GB HBM3/);
    assert.match(headline, /`aaaaaaa` → `bbbbbbb`/);
  });

  it('names A/B mode and both machines when they differ', () => {
    const headline = headlineOf(renderMarkdown(SCENARIOS['ab-mismatch']()));
    assert.match(headline, /A\/B on one runner \(3 base runs, 3 head runs\)/);
    assert.match(headline, /NVIDIA H100 80GB HBM3 \(baseline on NVIDIA A100-SXM4-40GB\)/);
  });

  it('falls back to the CPU model and survives missing environment fields', () => {
    const input = SCENARIOS.unchanged();
    const cpu = {
      ...input,
      candidates: [resultDoc([benchmark('gpt2-fp32', around(9))], { fields: { cpu_model: 'Intel Xeon' } })],
      baselines: [],
    };
    assert.match(headlineOf(renderMarkdown(cpu)), /Intel Xeon/);
    const bare = {
      ...input,
      candidates: [resultDoc([benchmark('gpt2-fp32', around(9))], { fields: {} })],
      baselines: [],
    };
    assert.match(headlineOf(renderMarkdown(bare)), /No regression/);
  });

  it('sorts regressions first in every metric table', () => {
    const configs: ConfigComparison[] = [
      typicalConfig('a-unchanged', 'unchanged', 100, 100),
      typicalConfig('b-improved', 'improvement', 100, 120),
      typicalConfig('c-regressed', 'regression', 100, 80),
      configComparison('d-memory', 'regression', [
        metricVerdict('e2e_tok_s', 'unchanged', 50, 50),
        metricVerdict('gpu_process_peak_mib', 'regression', 1000, 1400),
      ]),
    ];
    const c = comparison(configs);
    const md = renderMarkdown({ comparison: c, gate: gateFor(c), baselines: [], candidates: [] });
    const [throughput, memory] = md.split('#### ').slice(1);
    const order = (section: string | undefined): string[] =>
      [...(section ?? '').matchAll(/^\| ([a-d]-\w+) \|/gm)].map((m) => m[1] ?? '');
    assert.deepEqual(order(throughput), ['c-regressed', 'b-improved', 'a-unchanged', 'd-memory']);
    assert.deepEqual(order(memory)[0], 'd-memory');
  });

  it('escapes hostile names and error texts', () => {
    const hostile = 'x|y`z` <img src=x onerror=alert(1)> @octocat\n# heading [link](http://evil) **b**';
    const configs = [
      typicalConfig(hostile, 'regression', 100, 80),
      configComparison('</details><script>alert(1)</script>', 'failed', [], {
        error: {
          kind: 'crash',
          message: 'boom | @admin <b>bold</b>\n```',
          stderr_tail: '```\n</details>\n@team ping\n\u001b[31mred\u001b[0m',
        },
      }),
    ];
    const c = comparison(configs);
    const input: ReportInput = {
      comparison: c,
      gate: gateFor(c),
      baselines: [],
      candidates: [],
      reproduceCommand: 'llm-perf-gate run --config "a`b.yml"',
      acceptLabel: 'perf`accept @x',
      title: '<h1>@everyone</h1>',
    };
    const md = renderMarkdown(input);
    const rendered = outsideCode(md);
    assert.ok(assertTablesWellFormed(md) >= 2);
    assert.doesNotMatch(rendered, /<img|<script|<b>|<h1>/);
    assert.doesNotMatch(rendered, /@(octocat|admin|everyone|team|x)\b/, 'mentions are broken so nobody is pinged');
    assert.ok(!md.includes('\u001b'));
    // Outside code, exactly the report's own <details> blocks open and close: stderr cannot close one early.
    const opens = rendered.match(/<details>/g)?.length ?? 0;
    const closes = rendered.match(/<\/details>/g)?.length ?? 0;
    assert.equal(opens, 5);
    assert.equal(closes, 5);
    // The stderr fence is longer than the backtick run inside it.
    assert.match(md, /^````text$/m);
    // Names stay on one line.
    assert.ok(md.split('\n').some((l) => l.startsWith('| x\\|y\\`z\\` &lt;img') && l.includes('\\# heading')));
    matchSnapshot('hostile-names.md', md);
  });

  it('keeps a 200-config report under 65,536 characters with the headline intact', () => {
    const configs: ConfigComparison[] = [];
    const benchmarks = [];
    for (let i = 0; i < 200; i++) {
      // Ten sweep groups (two models) of 5 batch sizes × 4 prompt lengths, as a sweep config expands.
      const group = `model-${Math.floor(i / 100)}-variant-${Math.floor(i / 20) % 5}`;
      const params = { batch_size: [1, 4, 8, 16, 32][i % 5] ?? 1, prompt_tokens: 128 * (1 + (Math.floor(i / 5) % 4)) };
      const name = `${group}-b${params.batch_size}-p${params.prompt_tokens}`;
      const kind = i % 50 === 7 ? 'regression' : i % 40 === 3 ? 'inconclusive' : 'unchanged';
      configs.push(typicalConfig(name, kind, 100 + i, kind === 'regression' ? 80 + i : 100 + i));
      benchmarks.push(
        benchmark(name, around(params.batch_size * (10 + (i % 7))), {
          batch: params.batch_size,
          sweep: { group, params },
          labels: { model: `model-${Math.floor(i / 100)}` },
          memory: [{ metric: 'gpu_process_peak_mib', value_mib: 1000 + i, source: 'nvidia-smi' }],
        }),
      );
    }
    const c = comparison(configs);
    const input: ReportInput = {
      comparison: c,
      gate: gateFor(c),
      baselines: [],
      candidates: [resultDoc(benchmarks)],
      reproduceCommand: 'llm-perf-gate run',
      acceptLabel: 'perf-regression-accepted',
    };
    const md = renderMarkdown(input, { marker: 'llm-perf-gate' });
    assert.ok(md.length <= 65000, `length ${md.length}`);
    assert.ok(Buffer.byteLength(md) < 65536, 'even counted in UTF-8 bytes');
    assert.match(headlineOf(md), /4 regressions, 5 inconclusive, 191 unchanged/);
    assert.match(md, /_Left out to stay under 65,000 characters: /);
    assert.match(md, /add the label `perf-regression-accepted`/);
    // The regressions are still in the table.
    for (const name of c.configs.filter((x) => x.verdict === 'regression').map((x) => x.name))
      assert.match(md, new RegExp(`^\\| ${name} \\| Throughput`, 'm'));
    assertTablesWellFormed(md);
    matchSnapshot('two-hundred-configs.md', md);
  });

  it('drops details progressively and never exceeds a small limit', () => {
    const configs = Array.from({ length: 40 }, (_, i) =>
      typicalConfig(`cfg-${i}`, i === 3 ? 'regression' : 'unchanged', 100, i === 3 ? 80 : 100),
    );
    const c = comparison(configs);
    const input: ReportInput = { comparison: c, gate: gateFor(c), baselines: [], candidates: [] };
    const full = renderMarkdown(input, { maxLength: 1_000_000 });
    assert.doesNotMatch(full, /Left out/);
    let previous = full.length;
    for (const limit of [20000, 8000, 3000, 1500, 400]) {
      const md = renderMarkdown(input, { maxLength: limit });
      assert.ok(md.length <= limit, `limit ${limit}: length ${md.length}`);
      assert.ok(md.length <= previous);
      previous = md.length;
      assert.match(md, /Performance gate failed\*\* · 1 regression, 39 unchanged/, `limit ${limit}`);
    }
    const mid = renderMarkdown(input, { maxLength: 8000 });
    assert.match(mid, /per-configuration samples/);
    assert.match(mid, /\| cfg-3 \| Throughput/);
  });
});
