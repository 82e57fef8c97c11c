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
import { hostileNames, SCENARIOS, twoHundredConfigs } from '../../support/reportScenarios.js';
import { matchSnapshot } from '../../support/reportSnapshot.js';
import { assertTablesWellFormed } from '../../support/markdownTables.js';

/** The text GitHub renders as markdown/HTML: fenced blocks and code spans removed (they render literally). */
function outsideCode(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(?<![\\`])(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
}

function headlineOf(md: string): string {
  return md.split('\n').find((l) => / · /.test(l)) ?? '';
}

/** The comment down to the first collapsed section: what a reviewer sees without clicking. */
function aboveTheFold(md: string): string {
  return md.slice(0, md.indexOf('<details>') === -1 ? undefined : md.indexOf('<details>'));
}

describe('renderMarkdown', () => {
  for (const [kind, make] of Object.entries(SCENARIOS)) {
    it(`renders the ${kind} report as its snapshot`, () => {
      const md = renderMarkdown(make(), { marker: 'llm-perf-gate:report' });
      assertTablesWellFormed(md);
      matchSnapshot(`verdict-${kind}.md`, md);
    });
  }

  it('puts the marker first and a one-line headline with state, evidence, gate, counts, mode, machine and commits', () => {
    const md = renderMarkdown(SCENARIOS.regression(), { marker: 'sticky:perf' });
    assert.equal(md.split('\n')[0], '<!-- sticky:perf -->');
    const headline = headlineOf(md);
    assert.match(headline, /^❌ \*\*Regression\*\*: gpt2-fp16: Throughput -11\.5% \\\[-13\.0%, -10\.0%\\\]/);
    assert.match(headline, /gate failed \(fail\\_on: regression-or-failed\)/);
    assert.match(headline, /1 regression, 1 unchanged/);
    assert.match(headline, /stored baseline \(5 runs\) vs 1 run/);
    assert.match(headline, /NVIDIA H100 80GB HBM3/);
    assert.match(headline, /`aaaaaaa` → `bbbbbbb`/);
  });

  it('a crashed engine reads ⚠️ Not measured, with the failures above the fold', () => {
    const md = renderMarkdown(SCENARIOS.crashed());
    assert.match(
      headlineOf(md),
      /^⚠️ \*\*Not measured\*\*: 2 of 2 configurations not measured: 2 failed \(crash\) · gate failed/,
    );
    assert.match(
      aboveTheFold(md),
      /- ⚠️ \*\*gpt2-fp32\*\*: failed: crash \(CUDA error: no kernel image is available\)/,
    );
    assert.doesNotMatch(md, /✅/);
  });

  it('an evicted stored baseline reads ⚠️ Not measured with the store and its reason', () => {
    const headline = headlineOf(renderMarkdown(SCENARIOS['cache-miss']()));
    assert.match(headline, /^⚠️ \*\*Not measured\*\*: no baseline \(Actions cache\): cache miss for key/);
    assert.match(headline, /evicts cache entries unread for 7 days/);
    assert.match(headline, /gate failed/);
  });

  it('an undecided change reads ⚠️ Could not decide with the largest change, its interval, the MDE and the next step, never ✅', () => {
    const md = renderMarkdown(SCENARIOS.undecided());
    const headline = headlineOf(md);
    assert.match(
      headline,
      /^⚠️ \*\*Could not decide\*\*: largest change gpt2-int8: Throughput -5\.5% \\\[-14\.5%, \+3\.5%\\\]/,
    );
    assert.match(headline, /detectable ±12\.0%, margin ±5\.0%; next: A\/B mode \(mode: ab\)/);
    assert.match(headline, /gate passed/);
    assert.doesNotMatch(headline, /✅/);
    // The MDE is said once, under the table, not in every verdict cell.
    assert.equal(md.match(/cannot be told from noise/g)?.length, 1);
    assert.doesNotMatch(md, /\| ❓ undecided \([^)]*detect/);
  });

  it('✅ only when every gating metric is unchanged or improved', () => {
    for (const name of ['unchanged', 'improvement'] as const)
      assert.match(headlineOf(renderMarkdown(SCENARIOS[name]())), /^✅ \*\*No regression\*\*/, name);
    for (const name of [
      'regression',
      'undecided',
      'new',
      'missing',
      'failed',
      'crashed',
      'cache-miss',
      'accepted',
    ] as const)
      assert.doesNotMatch(headlineOf(renderMarkdown(SCENARIOS[name]())), /✅/, name);
  });

  it('the accept label says which state it overrode', () => {
    const headline = headlineOf(renderMarkdown(SCENARIOS.accepted()));
    assert.match(headline, /gate passed: the label perf-regression-accepted overrode regression/);
    const crashed = SCENARIOS.crashed();
    const accepted = { ...crashed, gate: gateFor(crashed.comparison, { accepted: true }) };
    assert.match(headlineOf(renderMarkdown(accepted)), /overrode not measured/);
  });

  it('failure bullets use metric labels and the reasons the production gate gives', () => {
    const md = renderMarkdown(SCENARIOS.regression());
    assert.match(md, /^- ❌ \*\*gpt2-fp16\*\*: regression: Throughput -11\.5% \\\[-13\.0%, -10\.0%\\\]$/m);
    assert.doesNotMatch(md, /e2e_tok_s/);
  });

  it('shows trial-level A/B facts: trials, workers per side, time and why it stopped', () => {
    const md = renderMarkdown(SCENARIOS.trials());
    assert.match(headlineOf(md), /A\/B on one runner \(27–60 trials, 3 workers a side\)/);
    assert.match(md, /\| gpt2-fp32 \| 60 \| 3 \| 600 s \| time budget used up \|/);
    assert.match(md, /next: a larger A\/B time budget/);
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
    assert.match(headlineOf(renderMarkdown(bare)), /✅/);
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
    const [throughput, memory] = md.split('<details><summary>All configurations: ').slice(1);
    const order = (section: string | undefined): string[] =>
      [...(section ?? '').matchAll(/^\| ([a-d]-\w+) \|/gm)].map((m) => m[1] ?? '');
    assert.deepEqual(order(throughput), ['c-regressed', 'b-improved', 'a-unchanged', 'd-memory']);
    assert.deepEqual(order(memory)[0], 'd-memory');
  });

  it('escapes hostile names and error texts', () => {
    const md = renderMarkdown(hostileNames());
    const rendered = outsideCode(md);
    assert.ok(assertTablesWellFormed(md) >= 2);
    assert.doesNotMatch(rendered, /<img|<script|<b>|<h1>/);
    assert.doesNotMatch(rendered, /@(octocat|admin|everyone|team|x)\b/, 'mentions are broken so nobody is pinged');
    assert.ok(!md.includes('\u001b'));
    // Outside code, exactly the report's own <details> blocks open and close: stderr cannot close one early.
    const opens = rendered.match(/<details>/g)?.length ?? 0;
    const closes = rendered.match(/<\/details>/g)?.length ?? 0;
    assert.ok(opens >= 5);
    assert.equal(closes, opens);
    // The stderr fence is longer than the backtick run inside it.
    assert.match(md, /^````text$/m);
    // Names stay on one line.
    assert.ok(md.split('\n').some((l) => l.startsWith('| x\\|y\\`z\\` &lt;img') && l.includes('\\# heading')));
    // Mermaid labels keep only safe characters.
    const charts = md.match(/```mermaid[\s\S]*?```/g) ?? [];
    assert.equal(charts.length, 1);
    for (const block of charts) assert.doesNotMatch(block, /<img|@octocat|`z`|javascript:alert\(1\)"/);
    matchSnapshot('hostile-names.md', md);
  });

  it('keeps a 200-config report under 65,536 characters, the headline, failing and undecided configs above the fold', () => {
    const input = twoHundredConfigs();
    const md = renderMarkdown(input, { marker: 'llm-perf-gate' });
    assert.ok(md.length <= 65000, `length ${md.length}`);
    assert.ok(Buffer.byteLength(md) < 65536, 'even counted in UTF-8 bytes');
    assert.match(headlineOf(md), /4 regressions, 5 undecided, 191 unchanged/);
    const top = aboveTheFold(md);
    assert.match(top, /add the label `perf-regression-accepted`/);
    // Every regression and undecided config is named above the fold, the all-config tables are not.
    for (const c of input.comparison.configs.filter((x) => x.verdict !== 'unchanged'))
      assert.ok(top.includes(`**${c.name}**`), c.name);
    assert.ok((top.match(/^\| /gm) ?? []).length <= 12, 'at most ten rows (and a header) above the fold');
    assert.match(top, /_170 more configurations are not drawn/);
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
      assert.match(md, /❌ \*\*Regression\*\*: cfg-3: Throughput -20\.0%/, `limit ${limit}`);
    }
    const mid = renderMarkdown(input, { maxLength: 8000 });
    assert.match(mid, /per-configuration samples/);
    assert.match(mid, /\| cfg-3 \| Throughput/);
  });
});
