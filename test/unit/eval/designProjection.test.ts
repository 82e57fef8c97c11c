import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectRuns, ratesAt, simulateRun, type ProjectedRun } from '../../../src/eval/designProjection.js';
import type { RecordedComponents } from '../../../src/eval/trialComponents.js';
import { mulberry32 } from '../../../src/util/prng.js';

const RUNNER: RecordedComponents = {
  config: 'known',
  workersPerSide: 3,
  trials: 28,
  epochs: 7,
  processSd: 0.02,
  iterationSd: 0.1,
  locationSd: 0.12, // about the faster half of Gaussian noise of SD 0.1 (used only by ab-design's R*)
  shape: [],
  iterationS: 1,
  restartS: 20,
  startS: 30,
};
const SETTINGS = { alpha: 0.02, margin: 0.02, maxBudgetS: 1200, runs: 300, seed: 3 };
const DESIGN = { workersPerSide: 3, block: 4 };
const found = (runs: readonly ProjectedRun[], budget: number) =>
  (ratesAt(runs, budget).verdicts.regression ?? 0) / runs.length;

void test('a run follows the runner: blocks of 2W·R iterations plus a restart each, stopping within the budget', () => {
  const run = simulateRun(RUNNER, DESIGN, 0, { ...SETTINGS, maxBudgetS: 600 }, mulberry32(1));
  // blocks end at 30 + k·24 + (k − 1)·20 s: the last that ends within 600 s is k = 13 (582 s)
  assert.equal(run.verdict, 'inconclusive');
  assert.equal(run.trials, 13 * 4);
  assert.equal(run.seconds, 582);
});

void test('unchanged code: false alarms within alpha; a large change is found early, a small one later', () => {
  const aa = projectRuns(RUNNER, DESIGN, 0, SETTINGS);
  const alarms = aa.filter((r) => r.verdict === 'regression' || r.verdict === 'improvement').length;
  assert.ok(alarms / aa.length <= 0.02, `${alarms} of ${aa.length}`);
  const big = ratesAt(projectRuns(RUNNER, DESIGN, 0.2, SETTINGS), 1200);
  const small = ratesAt(projectRuns(RUNNER, DESIGN, 0.05, SETTINGS), 1200);
  assert.equal(big.verdicts.regression, 300);
  assert.ok((big.medianSeconds ?? Infinity) < (small.medianSeconds ?? 0));
});

void test('a longer budget finds at least as much: decisions after the budget count as inconclusive', () => {
  const runs = projectRuns(RUNNER, DESIGN, 0.05, SETTINGS);
  assert.ok(found(runs, 300) <= found(runs, 600) && found(runs, 600) <= found(runs, 1200));
  assert.ok(found(runs, 1200) > found(runs, 300));
  const late: ProjectedRun[] = [{ verdict: 'regression', trials: 40, seconds: 700 }];
  assert.deepEqual(ratesAt(late, 600).verdicts, { inconclusive: 1 });
  assert.equal(ratesAt(late, 600).medianSeconds, undefined);
});

void test('seeded: the same settings give the same runs; the recorded shape is resampled when given', () => {
  assert.deepEqual(
    projectRuns(RUNNER, DESIGN, 0.1, { ...SETTINGS, runs: 20 }),
    projectRuns(RUNNER, DESIGN, 0.1, { ...SETTINGS, runs: 20 }),
  );
  const skewed = { ...RUNNER, shape: [-0.5, -0.5, -0.5, 1.5] };
  const runs = projectRuns(skewed, DESIGN, 0.2, { ...SETTINGS, runs: 50 });
  assert.ok(found(runs, 1200) > 0.9);
});
