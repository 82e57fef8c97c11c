import assert from 'node:assert/strict';
import { test } from 'node:test';
import { permutationLook, PERMUTATION_PATHS } from '../../../src/stats/permutationSpending.js';
import { fastHalfMean, meanLocation } from '../../../src/stats/trialLocation.js';
import type { LookSchedule } from '../../../src/trials/analysis.js';
import type { TrialMatrix } from '../../../src/trials/trialSet.js';
import { firstTrials, simulateTrials, type TrialNoise } from '../../support/simulatedTrials.js';

const LOCATORS = [fastHalfMean, meanLocation];
// Heavy one-sided stalls on top of process offsets: the shape on which Gaussian intervals ran over.
const STALLS: Omit<TrialNoise, 'seed'> = {
  workersPerSide: 3,
  trials: 24,
  restartEvery: 4,
  iterationCv: 0.05,
  processSd: 0.02,
  trialSd: 0.05,
  stallProb: 0.15,
  stallSize: 0.4,
};

/** Looks after every block of 4 trials up to `upTo`, the budget ending at `total` trials. */
function schedule(upTo: number, total: number): LookSchedule {
  const ends = Array.from({ length: upTo / 4 }, (_, i) => 4 * (i + 1));
  return { fractions: ends.map((e) => e / total), information: ends, final: upTo === total };
}

/** Whether the observed path ever crosses a side's boundary over the looks of a run. */
function crossings(m: TrialMatrix, total: number) {
  let up = false;
  let down = false;
  let first: number | undefined;
  for (let t = 4; t <= total; t += 4) {
    const look = permutationLook(firstTrials(m, t), 'lower', LOCATORS, 0.02, schedule(t, total));
    if (!look) continue;
    const u = look.summaries.some((s) => s.t > look.upper);
    const d = look.summaries.some((s) => s.t < -look.lower);
    if ((u || d) && first === undefined) first = t;
    up ||= u;
    down ||= d;
  }
  return { up, down, first };
}

void test('unchanged code with stalls: the observed path crosses about as often as alpha/2 a side allows', () => {
  const runs = 300;
  let up = 0;
  let down = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const c = crossings(simulateTrials({ ...STALLS, seed }), STALLS.trials);
    up += Number(c.up);
    down += Number(c.down);
  }
  // Exact at 1% a side; 300 runs only catch a gross error (docs/statistics.md has the replays).
  assert.ok(up / runs <= 0.03 && down / runs <= 0.03, `up ${up}/${runs}, down ${down}/${runs}`);
});

void test('a 20% slower head crosses once the plan has spent enough for 2,000 paths, well before the budget ends', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const c = crossings(simulateTrials({ ...STALLS, trials: 48, headChange: 0.2, seed }), 48);
    assert.ok(c.up && !c.down, `seed ${seed}`);
    assert.ok((c.first ?? Infinity) <= 24, `seed ${seed}: first crossed at ${c.first} of 48 trials`);
  }
});

void test('a look whose share of alpha is below one path in 2,000 has no finite boundary', () => {
  const m = simulateTrials({ ...STALLS, headChange: 0.5, seed: 3 });
  const early = permutationLook(firstTrials(m, 8), 'lower', LOCATORS, 0.02, schedule(8, 96));
  assert.ok(early);
  assert.equal(early.upper, Infinity, `spent ${0.01 * (8 / 96) ** 3} a side against 1/${PERMUTATION_PATHS + 1}`);
});

void test('a look reads only its own trials: later data and repeated calls give the same boundaries', () => {
  const m = simulateTrials({ ...STALLS, seed: 5 });
  const looks = schedule(16, 24);
  const now = permutationLook(firstTrials(m, 16), 'lower', LOCATORS, 0.02, looks);
  const withFuture = permutationLook(m, 'lower', LOCATORS, 0.02, looks);
  assert.deepEqual(withFuture, now);
  assert.deepEqual(permutationLook(firstTrials(m, 16), 'lower', LOCATORS, 0.02, looks), now);
});

void test('the observed estimate is the process-level contrast of the faster halves and of the means', () => {
  const m = simulateTrials({ ...STALLS, headChange: 0.1, seed: 9 });
  const look = permutationLook(m, 'lower', LOCATORS, 0.02, schedule(24, 24));
  assert.ok(look);
  const [fast, plain] = look.summaries;
  assert.ok(fast && plain && fast.estimate > 0.05 && plain.estimate > 0.05);
  assert.ok(Math.abs(fast.t - fast.estimate / fast.se) < 1e-12);
  assert.equal(look.df, 6 * 4 + 5, '(epochs − 1) + Σ (W_base + W_head − 2)');
});

void test('one epoch has only 20 labelings: the observed one ties with its duplicates among the paths and cannot cross', () => {
  // Any of 2,000 paths repeats the observed split of 6 processes about 100 times, while the plan
  // lets at most 1% of them cross: a 50% change on one epoch is never decided (with restarts it is).
  const m = simulateTrials({ ...STALLS, restartEvery: 0, trials: 24, headChange: 0.5, seed: 4 });
  const look = permutationLook(m, 'lower', LOCATORS, 0.02, schedule(24, 24));
  assert.ok(look);
  assert.ok(
    look.summaries.every((s) => s.t <= look.upper),
    `${look.summaries.map((s) => s.t)} vs ${look.upper}`,
  );
  const restarted = simulateTrials({ ...STALLS, trials: 24, headChange: 0.5, seed: 4 });
  assert.ok(crossings(restarted, 24).up);
});
