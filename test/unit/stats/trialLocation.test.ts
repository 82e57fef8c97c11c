import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mean } from '../../../src/stats/descriptive.js';
import { analyzeTrials, DEFAULT_AB_MARGIN } from '../../../src/stats/trialAnalysis.js';
import { estimateTrialChange } from '../../../src/stats/trialEstimate.js';
import { fastHalfMean } from '../../../src/stats/trialLocation.js';
import { epochUnits } from '../../../src/stats/trialUnits.js';
import type { TrialAnalysis, TrialAnalysisOptions } from '../../../src/trials/analysis.js';
import type { TrialMatrix } from '../../../src/trials/trialSet.js';
import { firstTrials, simulateTrials, type TrialNoise } from '../../support/simulatedTrials.js';

const logs = (xs: readonly number[]) => xs.map(Math.log);
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

void test('a stalled iteration moves the mean but not the location; a uniform shift moves both by the shift', () => {
  const quiet = [1000, 1010, 1020, 1030];
  const stalled = [1000, 1010, 1020, 2000];
  close(fastHalfMean(logs(quiet), 'lower'), mean(logs([1000, 1010])), 'the faster half of a time');
  close(fastHalfMean(logs(stalled), 'lower'), fastHalfMean(logs(quiet), 'lower'), 'stall');
  assert.ok(mean(logs(stalled)) - mean(logs(quiet)) > 0.1, 'the mean carries the stall');
  const shifted = stalled.map((x) => x * 1.05);
  close(fastHalfMean(logs(shifted), 'lower') - fastHalfMean(logs(stalled), 'lower'), Math.log(1.05), 'location shift');
  close(mean(logs(shifted)) - mean(logs(stalled)), Math.log(1.05), 'mean shift');
});

void test('the fast side follows the metric: a stall is a low tokens/s, and an odd count takes half the middle value', () => {
  const tokS = [64_000 / 1000, 64_000 / 1010, 64_000 / 1020, 64_000 / 2000];
  close(fastHalfMean(logs(tokS), 'higher'), mean(logs(tokS.slice(0, 2))), 'tok/s keeps its high half');
  close(fastHalfMean(logs(tokS), 'higher'), Math.log(64_000) - mean(logs([1000, 1010])), 'same as times');
  const five = logs([5, 1, 4, 2, 3]);
  close(fastHalfMean(five, 'lower'), (five[1]! + five[3]! + 0.5 * five[4]!) / 2.5, 'two and a half of five');
  assert.ok(Number.isNaN(fastHalfMean([], 'lower')));
});

/** 3 workers a side, one epoch of 4 trials: every process at 1000 ms with small differences. */
function handBuilt(stall: boolean, headFactor = 1): TrialMatrix {
  const row = (base: number, i: number) => [base, base + 4, base + 8, base + 12].map((x) => x + i);
  const base = [0, 1, 2].map((i) => row(1000 + 3 * i, i));
  const head = [0, 1, 2].map((i) => row(1001 + 3 * i, i).map((x) => x * headFactor));
  if (stall) (base[1] as number[])[2] = 1900;
  return { base, head, epochs: [0, 0, 0, 0] };
}

void test('in a trial matrix a stalled iteration leaves its unit, and a uniform head shift moves the estimate by the shift', () => {
  const [quiet] = epochUnits(handBuilt(false), 'lower');
  const [stalled] = epochUnits(handBuilt(true), 'lower');
  assert.deepEqual(stalled?.base, quiet?.base, 'the stalled unit keeps its location');
  assert.ok((stalled?.residualSs ?? 0) > 10 * (quiet?.residualSs ?? 0), 'the raw iteration noise does show the stall');
  const before = estimateTrialChange(handBuilt(true), 'lower');
  const after = estimateTrialChange(handBuilt(true, 1.05), 'lower');
  close((after?.estimate ?? NaN) - (before?.estimate ?? NaN), Math.log(1.05), 'estimate');
});

const OPTIONS: TrialAnalysisOptions = { better: 'lower', margin: DEFAULT_AB_MARGIN, alpha: 0.02 };
// Simulated (test/support/simulatedTrials.ts), shaped like the H200 recordings: 12% iteration noise,
// 2% process offsets, and one iteration in ten stalled by 25-95%.
const STALLS: Omit<TrialNoise, 'seed'> = {
  workersPerSide: 3,
  trials: 40,
  restartEvery: 4,
  iterationCv: 0.08,
  processSd: 0.02,
  trialSd: 0.02,
  stallProb: 0.1,
  stallSize: 0.6,
};

/** The analysis at the stop: a look after every block of 4 trials, stopping when decided. */
function sequential(m: TrialMatrix): TrialAnalysis {
  let last = analyzeTrials(firstTrials(m, 4), OPTIONS);
  for (let t = 8; !last.decided && t <= (m.base[0]?.length ?? 0); t += 4)
    last = analyzeTrials(firstTrials(m, t), OPTIONS);
  return last;
}

/** Asserts that A/A runs of this noise (seeds 1..400) alarm at most alpha of the time. */
function assertQuietAa(noise: Omit<TrialNoise, 'seed'>): void {
  let alarms = 0;
  const runs = 400;
  for (let seed = 1; seed <= runs; seed++) {
    const v = sequential(simulateTrials({ ...noise, seed })).verdict;
    if (v === 'regression' || v === 'improvement') alarms++;
  }
  assert.ok(alarms / runs <= OPTIONS.alpha, `${alarms}/${runs}`);
}

void test('one-sided stalls, looked at after every block: A/A alarms stay at or below alpha (seeded)', () => {
  assertQuietAa(STALLS);
});

void test('with stalls, a unit location carries less iteration noise than a mean would', () => {
  const est = estimateTrialChange(simulateTrials({ ...STALLS, trials: 200, seed: 7 }), 'lower');
  assert.ok(est);
  assert.ok(est.sigmaLocation < 0.75 * est.sigmaIteration, `σ_loc ${est.sigmaLocation} σ_ε ${est.sigmaIteration}`);
});

void test('with stalls, a 5% slow-down is found in at least half of the runs within 40 trials (seeded)', () => {
  // The same runs with each unit's mean as its location (FAST_SHARE = 1) find 20 of 100.
  let found = 0;
  for (let seed = 1; seed <= 100; seed++)
    if (sequential(simulateTrials({ ...STALLS, headChange: 0.05, seed })).verdict === 'regression') found++;
  assert.ok(found >= 50, `5% found in ${found}/100`);
});

// Load shared by a trial's workers (a busy shared CPU): the mean cancels it exactly, a per-unit
// order statistic does not, so analyzeTrials reads both summaries, each at alpha / 2.
const SHARED_LOAD: Omit<TrialNoise, 'seed'> = {
  workersPerSide: 3,
  trials: 40,
  restartEvery: 4,
  iterationCv: 0.05,
  processSd: 0.02,
  trialSd: 0.3,
};

void test('shared trial load, looked at after every block: A/A alarms stay at or below alpha with both summaries read (seeded)', () => {
  assertQuietAa(SHARED_LOAD);
});

void test('shared trial load: a 10% slow-down is found, some runs decided by the mean summary (seeded)', () => {
  let found = 0;
  let byMean = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const last = sequential(simulateTrials({ ...SHARED_LOAD, headChange: 0.1, seed }));
    if (last.verdict === 'regression') found++;
    if (last.decided && last.method.includes('summarized by its mean (')) byMean++;
  }
  assert.ok(found >= 90, `10% found in ${found}/100`);
  assert.ok(byMean > 0, 'no run was decided by the mean summary');
});
