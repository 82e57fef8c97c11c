import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordedComponents } from '../../../src/eval/trialComponents.js';
import type { TrialSet } from '../../../src/trials/trialSet.js';
import { simulatedTrialSet } from '../../support/simulatedTrialSet.js';

const NOISE = { workersPerSide: 3, iterationCv: 0.1, processSd: 0.04, trialSd: 0.05, seed: 5 };

/** The same trials on a known clock: first trial at 30 s, 6 s a trial, 20 s per restart. */
function onClock(set: TrialSet): TrialSet {
  const config = set.configs[0] as TrialSet['configs'][number];
  let epochsBefore = 0;
  const trials = config.trials.map((t, i) => {
    if (i > 0 && t.epoch !== config.trials[i - 1]?.epoch) epochsBefore++;
    return { ...t, started_ms: 30_000 + i * 6_000 + epochsBefore * 20_000 };
  });
  return { ...set, configs: [{ ...config, trials }] };
}

void test('recovers the simulated process and iteration SDs (log scale) from many processes', () => {
  const set = simulatedTrialSet({ ...NOISE, trials: 400, restartEvery: 4 });
  const c = recordedComponents(set.configs[0] as TrialSet['configs'][number], 'e2e_ms');
  assert.ok(c);
  assert.equal(c.epochs, 100);
  assert.ok(Math.abs(c.iterationSd - 0.1) < 0.01, `σ_ε ${c.iterationSd}`);
  assert.ok(Math.abs(c.processSd - 0.04) < 0.012, `σ_u ${c.processSd}`);
  const shapeVar = c.shape.reduce((s, r) => s + r * r, 0) / c.shape.length;
  assert.ok(Math.abs(shapeVar - 1) < 1e-9, 'the shape has unit variance');
  assert.equal(c.shape.length, 400 * 6);
});

void test('reads one iteration, a restart and the start from the trial start times', () => {
  const set = onClock(simulatedTrialSet({ ...NOISE, trials: 12, restartEvery: 4 }));
  const c = recordedComponents(set.configs[0] as TrialSet['configs'][number], 'e2e_tok_s');
  assert.ok(c);
  assert.equal(c.iterationS, 1); // 6 s a trial over 6 workers
  assert.equal(c.restartS, 20);
  assert.equal(c.startS, 30);
});

void test('without restarts there is no restart time; one worker a side without restarts gives nothing', () => {
  const never = recordedComponents(
    simulatedTrialSet({ ...NOISE, trials: 12, restartEvery: 0 }).configs[0] as TrialSet['configs'][number],
    'e2e_ms',
  );
  assert.ok(never);
  assert.equal(never.restartS, undefined);
  const single = simulatedTrialSet({ ...NOISE, workersPerSide: 1, trials: 12, restartEvery: 0 });
  assert.equal(recordedComponents(single.configs[0] as TrialSet['configs'][number], 'e2e_ms'), undefined);
});

void test('the recorded shape puts stalls in the low tail whatever the metric; σ_u and σ_ε describe means, σ_loc the location', () => {
  const set = simulatedTrialSet({ ...NOISE, trials: 200, restartEvery: 4, stallProb: 0.1 });
  const config = set.configs[0] as TrialSet['configs'][number];
  for (const metric of ['e2e_ms', 'e2e_tok_s'] as const) {
    const c = recordedComponents(config, metric);
    assert.ok(c);
    const skew = c.shape.reduce((s, r) => s + r ** 3, 0) / c.shape.length;
    assert.ok(skew < -0.5, `${metric}: skew ${skew}`);
    assert.ok(c.locationSd < c.iterationSd, `${metric}: σ_loc ${c.locationSd} σ_ε ${c.iterationSd}`);
  }
});
