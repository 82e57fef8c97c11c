import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordingOf } from '../../../src/eval/trialRecording.js';
import { assignmentsOf, splitPlan } from '../../../src/eval/trialSplits.js';
import { mulberry32 } from '../../../src/util/prng.js';
import { simulatedTrialSet } from '../../support/simulatedTrialSet.js';

const NOISE = { workersPerSide: 3, trials: 8, iterationCv: 0.1, processSd: 0.02, seed: 1 };
const recording = (restartEvery: number) => recordingOf(simulatedTrialSet({ ...NOISE, restartEvery }).configs[0]!);

void test('W=3 a side: 20 ordered splits of the 6 workers per epoch, 20^E over E epochs', () => {
  const never = splitPlan(recording(0), 'pooled', 1000);
  assert.deepEqual([never.perEpoch, never.epochs, never.distinct, never.used, never.exhaustive], [20, 1, 20, 20, true]);
  const twoEpochs = splitPlan(recording(4), 'pooled', 1000);
  assert.deepEqual([twoEpochs.distinct, twoEpochs.used, twoEpochs.exhaustive], [400, 400, true]);
  const capped = splitPlan(recording(2), 'pooled', 100);
  assert.deepEqual([capped.distinct, capped.used, capped.exhaustive], [20 ** 4, 100, false]);
  assert.equal(splitPlan(recording(0), 'within-base', 10).perEpoch, 3);
  assert.equal(splitPlan(recording(0), 'recorded', 10).distinct, 1);
});

void test('exhaustive assignments are all distinct and use every worker once per epoch', () => {
  const r = recording(4);
  const all = assignmentsOf(r, splitPlan(r, 'pooled', 1000), mulberry32(1));
  const keys = new Set(all.map((a) => JSON.stringify([...a.entries()])));
  assert.equal(keys.size, 400);
  for (const a of all) for (const s of a.values()) assert.deepEqual([...s.base, ...s.head].sort(), [0, 1, 2, 3, 4, 5]);
  const recorded = assignmentsOf(r, splitPlan(r, 'recorded', 1), mulberry32(1));
  assert.deepEqual(recorded[0]?.get(0), { base: [0, 1, 2], head: [3, 4, 5] });
});
