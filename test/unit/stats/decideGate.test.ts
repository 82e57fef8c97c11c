import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configsNeedingMoreSamples } from '../../../src/stats/adaptive.js';
import { compareRuns } from '../../../src/stats/compareRuns.js';
import { decideGate } from '../../../src/stats/decideGate.js';
import { bench, doc, gate, rng, simulatedRun } from '../../support/statsDocs.js';

function scenario() {
  const r = rng(11);
  const run = (f: number, noise = 0.005) =>
    simulatedRun(r, { centreMs: 100, runNoise: noise, iterNoise: 0.01, factor: f });
  const base = Array.from({ length: 5 }, () =>
    doc([
      bench({ name: 'slow', e2e: run(1) }),
      bench({ name: 'same', e2e: run(1) }),
      bench({ name: 'noisy', e2e: run(1, 0.2) }),
      bench({ name: 'broken', e2e: run(1) }),
      bench({ name: 'gone', e2e: run(1) }),
    ]),
  );
  const cand = (runs: number) =>
    Array.from({ length: runs }, () =>
      doc([
        bench({ name: 'slow', e2e: run(1.3) }),
        bench({ name: 'same', e2e: run(1) }),
        bench({ name: 'noisy', e2e: run(1.1, 0.2) }),
        bench({ name: 'broken', e2e: run(1), status: 'failed' }),
      ]),
    );
  const compare = (runs: number) => compareRuns(base, cand(runs), { gate: gate() });
  return { one: compare(1), two: compare(2), three: compare(3) };
}

void test('policy regression fails only on gating regressions', () => {
  const c = scenario().three;
  const d = decideGate(c, 'regression', false);
  assert.equal(d.failed, true);
  assert.deepEqual(
    d.failing.map((f) => f.name),
    ['slow'],
  );
  assert.match(d.failing[0]?.reason ?? '', /^regression: e2e_tok_s -2\d\.\d%/);
});

void test('policy regression-or-failed also fails on failed and missing configs', () => {
  const d = decideGate(scenario().three, 'regression-or-failed', false);
  assert.deepEqual(d.failing.map((f) => f.name).sort(), ['broken', 'gone', 'slow']);
  assert.match(d.failing.find((f) => f.name === 'broken')?.reason ?? '', /failed: crash/);
});

void test('policy never and an accepted regression pass, keeping the list', () => {
  const never = decideGate(scenario().three, 'never', false);
  assert.equal(never.failed, false);
  assert.equal(never.failing.length, 0);
  const accepted = decideGate(scenario().three, 'regression', true);
  assert.equal(accepted.failed, false);
  assert.equal(accepted.accepted, true);
  assert.equal(accepted.failing.length, 1);
});

void test('a non-gating regression is reported but does not fail', () => {
  const r = rng(12);
  const base = Array.from({ length: 5 }, () =>
    doc([bench({ name: 'x', e2e: simulatedRun(r, { centreMs: 100, runNoise: 0.005, iterNoise: 0.01 }) })]),
  );
  const cand = [1, 2, 3].map(() =>
    doc([bench({ name: 'x', e2e: simulatedRun(r, { centreMs: 130, runNoise: 0.005, iterNoise: 0.01 }) })]),
  );
  const g = gate({ metrics: { e2e_tok_s: { gate: false } } });
  const c = compareRuns(base, cand, { gate: g });
  assert.equal(c.configs[0]?.metrics.find((m) => m.metric === 'e2e_tok_s')?.verdict, 'regression');
  assert.equal(decideGate(c, 'regression', false).failed, false);
});

void test('inconclusive configs get a second run; only a provisional regression gets a third', () => {
  const { one, two, three } = scenario();
  // 'slow' is a provisional regression, 'noisy' is noise-limited; both want a second run.
  assert.deepEqual(configsNeedingMoreSamples(one), ['slow', 'noisy']);
  assert.equal(one.configs.find((c) => c.name === 'slow')?.verdict, 'inconclusive');
  // With two runs the noise-limited answer is final (asking again would be optional stopping);
  // the slow-down still awaits its third, confirming run.
  assert.deepEqual(configsNeedingMoreSamples(two), ['slow']);
  assert.equal(two.configs.find((c) => c.name === 'slow')?.verdict, 'inconclusive');
  assert.deepEqual(configsNeedingMoreSamples(three), []);
  assert.equal(three.configs.find((c) => c.name === 'slow')?.verdict, 'regression');
});
