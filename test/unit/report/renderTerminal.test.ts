import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTerminal } from '../../../src/report/renderTerminal.js';
import { comparison, configComparison, gateFor, typicalConfig } from '../../support/reportBuilders.js';
import { SCENARIOS } from '../../support/reportScenarios.js';
import { matchSnapshot } from '../../support/reportSnapshot.js';

// eslint-disable-next-line no-control-regex
const ESC = /\u001b/;

describe('renderTerminal', () => {
  for (const [kind, make] of Object.entries(SCENARIOS)) {
    it(`renders the ${kind} report as its plain-text snapshot`, () => {
      const text = renderTerminal(make(), { color: false });
      assert.doesNotMatch(text, ESC);
      matchSnapshot(`verdict-${kind}.txt`, text);
    });
  }

  it('colours verdicts when asked, and the plain text is the same text', () => {
    const coloured = renderTerminal(SCENARIOS.regression(), { color: true });
    const plain = renderTerminal(SCENARIOS.regression(), { color: false });
    assert.ok(coloured.includes('\u001b[31m'), 'regressions in red');
    // eslint-disable-next-line no-control-regex
    assert.equal(coloured.replace(/\u001b\[[0-9;]*m/g, ''), plain);
  });

  it('carries the same headline as the markdown report', () => {
    const line = renderTerminal(SCENARIOS.regression(), { color: false }).split('\n')[1] ?? '';
    assert.equal(
      line,
      'FAIL Regression: gpt2-fp16: Throughput -11.5% [-13.0%, -10.0%] · gate failed (fail_on: regression-or-failed) · 1 regression, 1 unchanged · stored baseline (5 runs) vs 1 run · NVIDIA H100 80GB HBM3 · aaaaaaa → bbbbbbb',
    );
  });

  it('strips escape sequences and line breaks from names, errors and stderr', () => {
    const configs = [
      typicalConfig('evil\u001b[2J\u001b]0;title\u0007name\nsecond', 'regression', 100, 80),
      configComparison('crash', 'failed', [], {
        error: { kind: 'crash', message: 'bad\u001b[31m red', stderr_tail: 'line1\n\u001b[1Aoverwrite\r\nline3' },
      }),
    ];
    const c = comparison(configs);
    const text = renderTerminal({ comparison: c, gate: gateFor(c), baselines: [], candidates: [] }, { color: false });
    assert.doesNotMatch(text, ESC);
    assert.match(text, /evilname second/);
    assert.match(text, /\| overwrite\n {4}\| line3/);
  });

  it('bounds the configuration column by the width', () => {
    const c = comparison([typicalConfig('x'.repeat(200), 'unchanged', 100, 100)]);
    const narrow = renderTerminal(
      { comparison: c, gate: gateFor(c), baselines: [], candidates: [] },
      { color: false, width: 100 },
    );
    const row = narrow.split('\n').find((l) => l.startsWith('xxx')) ?? '';
    assert.match(row, /^x{19}… +Throughput/);
  });
});
