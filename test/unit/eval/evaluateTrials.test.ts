import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateSchema } from '../../../src/config/schema.js';
import { evaluateTrials, type TrialEvalOptions } from '../../../src/eval/evaluateTrials.js';
import { DEFAULT_AB_MARGIN } from '../../../src/stats/trialAnalysis.js';
import { simulatedTrialSet } from '../../support/simulatedTrialSet.js';

const OPTIONS: TrialEvalOptions = {
  metric: 'e2e_tok_s',
  maxSplits: 100,
  slowdowns: [0.2],
  seed: 1,
  alpha: 0.02,
  margin: DEFAULT_AB_MARGIN,
  gate: gateSchema.parse({ alpha: 0.02 }),
};
const NOISE = { workersPerSide: 3, trials: 24, iterationCv: 0.08, processSd: 0.03, trialSd: 0.03, baseMs: 2000 };

void test('A/A replays of simulated restarting workers: no false alarm, 20% found early', () => {
  const sets = [1, 2, 3].map((seed) => ({
    name: `s${seed}`,
    set: simulatedTrialSet({ ...NOISE, restartEvery: 4, seed }),
  }));
  const evaluated = evaluateTrials(sets, { ...OPTIONS, maxSplits: 50 });
  assert.deepEqual(
    evaluated.map((c) => c.source),
    ['s1', 's2', 's3'],
  );
  for (const c of evaluated) {
    const [aa, slow] = c.scenarios;
    assert.equal(aa?.scenario, 'A/A');
    assert.equal(aa?.replays, 50);
    assert.ok((aa?.verdicts.regression ?? 0) <= 1, `${c.source}: ${JSON.stringify(aa?.verdicts)}`);
    assert.ok((slow?.verdicts.regression ?? 0) >= 48, `${c.source}: ${JSON.stringify(slow?.verdicts)}`);
    assert.ok((slow?.medianTrialsToDecision ?? Infinity) < 24);
    assert.ok((slow?.medianSecondsToDecision ?? 0) > 0);
    assert.equal(c.block, 4);
    assert.equal(c.epochs, 6);
  }
});

void test('never-restarted workers: the per-trial t ignoring offsets alarms, ours does not', () => {
  const set = simulatedTrialSet({ ...NOISE, processSd: 0.04, restartEvery: 0, seed: 7 });
  const [c] = evaluateTrials([{ name: 'never', set }], { ...OPTIONS, window: 12 });
  const aa = c?.scenarios[0];
  assert.ok(c && aa);
  assert.deepEqual([c.splits.distinct, c.windows], [20, 4]);
  assert.equal(aa.replays, 80);
  assert.equal(aa.verdicts.regression ?? 0, 0);
  assert.ok(aa.trialTAlarms >= 8, `per-trial t alarmed ${aa.trialTAlarms} of 80 (10% = 10 times its one-sided alpha)`);
});

void test('an A/B recording replays its recorded change and splits its base workers for A/A', () => {
  const set = simulatedTrialSet({ ...NOISE, restartEvery: 4, headChange: 0.25, seed: 4 }, 'ab');
  const [c] = evaluateTrials([{ name: 'ab', set }], OPTIONS);
  assert.deepEqual(
    c?.scenarios.map((s) => s.scenario),
    ['A/A (base workers split)', 'recorded head vs base'],
  );
  assert.equal(c?.scenarios[1]?.verdicts.regression, 1);
  assert.equal(c?.splits.perEpoch, 3);
});

void test('sameCode replays an A/B recording as A/A over both sides: pooled splits and injected slow-downs', () => {
  const set = simulatedTrialSet({ ...NOISE, restartEvery: 4, seed: 5 }, 'ab');
  const [recorded] = evaluateTrials([{ name: 'comment', set }], OPTIONS);
  const [pooled] = evaluateTrials([{ name: 'comment', set }], { ...OPTIONS, sameCode: true });
  assert.ok(recorded && pooled);
  assert.equal(recorded.arrangement, 'ab');
  assert.equal(pooled.arrangement, 'same-code');
  assert.deepEqual(
    pooled.scenarios.map((s) => s.scenario),
    ['A/A', 'slow 20%'],
  );
  // 6 workers split 3 + 3 in an epoch: C(6,3) = 20 ordered splits, against 3 of the base workers alone.
  assert.deepEqual([pooled.splits.kind, pooled.splits.perEpoch, recorded.splits.perEpoch], ['pooled', 20, 3]);
  assert.ok((pooled.scenarios[1]?.verdicts.regression ?? 0) >= 95, JSON.stringify(pooled.scenarios[1]?.verdicts));
  // An A/A recording stays 'aa' with the flag.
  const [aa] = evaluateTrials([{ name: 'aa', set: simulatedTrialSet({ ...NOISE, restartEvery: 4, seed: 6 }) }], {
    ...OPTIONS,
    sameCode: true,
  });
  assert.equal(aa?.arrangement, 'aa');
});

void test('the runner’s spending rule against the confidence sequence: A/A stays quiet, a 5% slow-down is found far more often', () => {
  const sets = [8, 9].map((seed) => ({
    name: `s${seed}`,
    set: simulatedTrialSet({ ...NOISE, restartEvery: 4, seed }),
  }));
  const options = { ...OPTIONS, maxSplits: 60, slowdowns: [0.05] };
  const cs = evaluateTrials(sets, { ...options, stopping: 'confidence-sequence' });
  const spending = evaluateTrials(sets, options);
  sets.forEach((_, i) => {
    const [aa, five] = spending[i]?.scenarios ?? [];
    const csFive = cs[i]?.scenarios[1];
    assert.ok(aa && five && csFive);
    assert.ok((aa.verdicts.regression ?? 0) <= 1, JSON.stringify(aa.verdicts));
    // On these simulated runs the confidence sequence finds 5% in 14-18 of 60 replays, spending in 36-44.
    assert.ok(
      (five.verdicts.regression ?? 0) >= 1.5 * (csFive.verdicts.regression ?? 0) + 5,
      `${JSON.stringify(five.verdicts)} vs ${JSON.stringify(csFive.verdicts)}`,
    );
  });
});
