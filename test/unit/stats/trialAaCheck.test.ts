import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aaCheckTrials } from '../../../src/stats/trialAaCheck.js';
import { analyzeTrials, DEFAULT_AB_MARGIN } from '../../../src/stats/trialAnalysis.js';
import type { TrialAnalysisOptions } from '../../../src/trials/analysis.js';
import { simulateTrials, type TrialNoise } from '../../support/simulatedTrials.js';

const OPTIONS: TrialAnalysisOptions = { better: 'lower', margin: DEFAULT_AB_MARGIN, alpha: 0.02 };
const NOISE: Omit<TrialNoise, 'seed'> = {
  workersPerSide: 3,
  trials: 80,
  restartEvery: 4,
  iterationCv: 0.12,
  processSd: 0.03,
  trialSd: 0.05,
};

void test('a real slow-down is a regression in A/B and no alarm in the within-side splits', () => {
  const m = simulateTrials({ ...NOISE, headChange: 0.25, seed: 11 });
  assert.equal(analyzeTrials(m, OPTIONS).verdict, 'regression');
  const aa = aaCheckTrials(m, OPTIONS);
  assert.equal(aa.falseAlarm, false);
  assert.deepEqual(
    aa.splits.map((s) => [s.side, s.halves]),
    [
      ['base', [[1, 3], [2]]],
      ['head', [[1, 3], [2]]],
    ],
  );
});

void test('the noise figures recover the simulated process and iteration noise', () => {
  const m = simulateTrials({ ...NOISE, trials: 400, seed: 12 });
  const noise = aaCheckTrials(m, OPTIONS).noise;
  assert.ok(noise);
  assert.ok(Math.abs(noise.iteration - Math.expm1(0.12)) < 0.01, `iteration ${noise.iteration}`);
  assert.ok(noise.process > 0.015 && noise.process < 0.045, `process ${noise.process}`);
});

void test('A/A splits of unchanged code alarm at most alpha of the time', () => {
  let alarms = 0;
  const runs = 300;
  for (let seed = 1; seed <= runs; seed++)
    if (aaCheckTrials(simulateTrials({ ...NOISE, seed }), OPTIONS).falseAlarm) alarms++;
  assert.ok(alarms / runs <= OPTIONS.alpha, `${alarms}/${runs}`);
});

void test('one worker a side has no split, and says so', () => {
  const aa = aaCheckTrials(simulateTrials({ ...NOISE, workersPerSide: 1, seed: 1 }), OPTIONS);
  assert.deepEqual(aa.splits, []);
  assert.match(aa.note ?? '', /one worker a side/);
});
