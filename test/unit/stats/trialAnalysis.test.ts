import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeTrials, DEFAULT_AB_MARGIN } from '../../../src/stats/trialAnalysis.js';
import { mean, variance } from '../../../src/stats/descriptive.js';
import { tQuantile } from '../../../src/stats/distributions.js';
import type { TrialAnalysis, TrialAnalysisOptions } from '../../../src/trials/analysis.js';
import { trialMatrix, trialSetSchema, type TrialMatrix } from '../../../src/trials/trialSet.js';
import { firstTrials, simulateTrials, type TrialNoise } from '../../support/simulatedTrials.js';

const OPTIONS: TrialAnalysisOptions = { better: 'lower', margin: DEFAULT_AB_MARGIN, alpha: 0.02 };
// The H200 shape (simulated): iteration CV 10-22%, process offsets 2-4%, first process 20% slow, drift.
const H200: Omit<TrialNoise, 'seed'> = {
  workersPerSide: 3,
  trials: 48,
  restartEvery: 4,
  iterationCv: 0.12,
  processSd: 0.03,
  firstProcessSlow: 0.2,
  drift: 0.05,
  trialSd: 0.05,
};

/** Look after every block of `block` trials, as the runner does; stop when decided. */
function sequential(m: TrialMatrix, block: number, options = OPTIONS): TrialAnalysis {
  const total = m.base[0]?.length ?? 0;
  let last = analyzeTrials(firstTrials(m, Math.min(block, total)), options);
  for (let t = 2 * block; !last.decided && t <= total; t += block) last = analyzeTrials(firstTrials(m, t), options);
  return last;
}

function rates(noise: Omit<TrialNoise, 'seed'>, runs: number, block = noise.restartEvery || 4) {
  const verdicts: Record<string, number> = {};
  const trials: number[] = [];
  for (let seed = 1; seed <= runs; seed++) {
    const a = sequential(simulateTrials({ ...noise, seed }), block);
    verdicts[a.verdict] = (verdicts[a.verdict] ?? 0) + 1;
    trials.push(a.trials);
  }
  const share = (v: string) => (verdicts[v] ?? 0) / runs;
  return { share, trials };
}

void test('A/A looked at after every block: false alarms stay at or below alpha', () => {
  for (const noise of [H200, { ...H200, restartEvery: 0 }, { ...H200, tailDf: 3 }, { ...H200, workersPerSide: 2 }]) {
    const r = rates(noise, 300);
    const alarms = r.share('regression') + r.share('improvement');
    assert.ok(alarms <= OPTIONS.alpha, `${JSON.stringify(noise)}: ${alarms}`);
  }
});

void test('a per-trial paired t that ignores the process offsets alarms on A/A; the random effect does not', () => {
  // Same simulated runs, workers never restarted: the offsets of 3 + 3 processes persist, so the
  // mean per-trial log ratio is off by their difference however many trials there are.
  const noise = { ...H200, restartEvery: 0, trials: 60, firstProcessSlow: 0 };
  let naive = 0;
  let ours = 0;
  const runs = 200;
  for (let seed = 1; seed <= runs; seed++) {
    const m = simulateTrials({ ...noise, seed });
    const d = (m.base[0] ?? []).map((_, t) => {
      const side = (rows: TrialMatrix['base']) => mean(rows.map((r) => Math.log(r[t] as number)));
      return side(m.head) - side(m.base);
    });
    const tStat = mean(d) / Math.sqrt(variance(d) / d.length);
    if (Math.abs(tStat) > tQuantile(1 - OPTIONS.alpha / 2, d.length - 1)) naive++;
    if (analyzeTrials(m, OPTIONS).verdict !== 'inconclusive' && analyzeTrials(m, OPTIONS).verdict !== 'unchanged')
      ours++;
  }
  assert.ok(naive / runs > 0.2, `naive per-trial t alarmed on ${naive}/${runs}`);
  assert.ok(ours / runs <= OPTIONS.alpha, `ours alarmed on ${ours}/${runs}`);
});

void test('one process 20% slow for its whole life neither fakes nor hides a change', () => {
  const slow = { ...H200, firstProcessSlow: 0.2, restartEvery: 0, trials: 40 };
  const r = rates(slow, 200);
  assert.ok(r.share('regression') + r.share('improvement') <= OPTIONS.alpha);
  assert.equal(r.share('unchanged'), 0, 'a 20% process offset must not look like a settled "unchanged"');
});

void test('slow-downs of 10% and 20% are found with restarts; 20% stops early', () => {
  const ten = rates({ ...H200, headChange: 0.1 }, 100);
  assert.ok(ten.share('regression') >= 0.9, `10%: ${ten.share('regression')}`);
  const twenty = rates({ ...H200, headChange: 0.2 }, 100);
  assert.ok(twenty.share('regression') >= 0.99, `20%: ${twenty.share('regression')}`);
  assert.ok(mean(twenty.trials) < mean(ten.trials), 'a bigger change is decided sooner');
  assert.ok(mean(twenty.trials) < H200.trials / 2);
});

void test('a faster head on a higher-is-better metric is an improvement, and a slower one a regression', () => {
  const m = simulateTrials({
    ...H200,
    iterationCv: 0.03,
    processSd: 0.01,
    trialSd: 0,
    firstProcessSlow: 0,
    headChange: -0.15,
    seed: 3,
  });
  const tokS = (rows: TrialMatrix['base']) => rows.map((r) => r.map((x) => (x === null ? null : 100_000 / x)));
  const throughput: TrialMatrix = { base: tokS(m.base), head: tokS(m.head), ...(m.epochs ? { epochs: m.epochs } : {}) };
  assert.equal(analyzeTrials(m, OPTIONS).verdict, 'improvement');
  const a = analyzeTrials(throughput, { ...OPTIONS, better: 'higher' });
  assert.equal(a.verdict, 'improvement');
  assert.ok(a.change > 0.15 && a.ci[0] > 0);
  const swapped = analyzeTrials(
    { ...throughput, base: throughput.head, head: throughput.base },
    { ...OPTIONS, better: 'higher' },
  );
  assert.equal(swapped.verdict, 'regression');
});

void test('quiet identical code settles as unchanged, inside the margin', () => {
  const quiet = { ...H200, iterationCv: 0.02, processSd: 0.003, trialSd: 0.02, firstProcessSlow: 0, drift: 0 };
  const a = sequential(simulateTrials({ ...quiet, seed: 5 }), 4);
  assert.equal(a.verdict, 'unchanged');
  assert.ok(a.decided && a.ci[0] > -DEFAULT_AB_MARGIN && a.ci[1] < DEFAULT_AB_MARGIN);
});

void test('one worker a side without restarts is refused; with restarts its epochs are the units', () => {
  const one = simulateTrials({ ...H200, workersPerSide: 1, restartEvery: 0, headChange: 0.5, seed: 2 });
  const refused = analyzeTrials(one, OPTIONS);
  assert.equal(refused.verdict, 'inconclusive');
  assert.equal(refused.decided, false);
  assert.equal(refused.mde, Infinity);
  assert.match(refused.method, /cannot separate the code from the process/);
  const restarted = simulateTrials({ ...H200, workersPerSide: 1, restartEvery: 4, headChange: 0.5, seed: 2 });
  assert.equal(analyzeTrials(restarted, OPTIONS).verdict, 'regression');
});

void test('failed iterations: the trial drops out; a worker that died early in an epoch drops out', () => {
  const m = simulateTrials({ ...H200, trials: 8, seed: 4 });
  const holed: TrialMatrix = {
    ...m,
    base: m.base.map((r, i) => r.map((x, t) => (i === 0 && t === 1 ? null : x))),
    head: m.head.map((r, i) => r.map((x, t) => (i === 2 && t >= 5 ? null : x))),
  };
  const a = analyzeTrials(holed, OPTIONS);
  // Epoch 0 loses trial 1 (3 complete); in epoch 1 head-3 has 1 of 4 values and is dropped (4 complete).
  assert.equal(a.trials, 7);
  assert.ok(Number.isFinite(a.mde));
  assert.equal(analyzeTrials({ base: [[null]], head: [[1]] }, OPTIONS).trials, 0);
});

void test('the interval narrows and the mde falls as epochs accumulate', () => {
  const m = simulateTrials({ ...H200, seed: 9 });
  const early = analyzeTrials(firstTrials(m, 8), OPTIONS);
  const late = analyzeTrials(m, OPTIONS);
  assert.ok(late.ci[1] - late.ci[0] < early.ci[1] - early.ci[0]);
  assert.ok(late.mde < early.mde);
  assert.match(late.method, /3 workers a side × 12 epochs/);
});

void test('three workers a side never restarted: no interval can close, and the method says why', () => {
  const m = simulateTrials({ ...H200, restartEvery: 0, trials: 200, headChange: 0.3, seed: 8 });
  const a = analyzeTrials(m, OPTIONS);
  assert.equal(a.verdict, 'inconclusive');
  assert.equal(a.mde, Infinity);
  assert.ok(a.change > 0.2, 'the estimate is still reported');
  assert.match(a.method, /6 processes cannot bound the change.*restart the workers between blocks/);
});

void test('the runner’s rule on a recording without restarts: no split of its 6 processes is decided, ties at the boundary included', () => {
  // cpu-tiny-aa-norestart: 1 epoch, 20 splits, so every path of the permutation test repeats the
  // observed split about 100 times and its statistic can only tie with the boundary. Once the
  // interval was rebuilt as estimate − boundary × se, a tie rounded to 1e-17 below zero and 2 of
  // the 20 splits were called a regression or an improvement.
  const config = trialSetSchema.parse(
    JSON.parse(readFileSync('fixtures/samples/trials/cpu-tiny-aa-norestart.trials.json', 'utf8')),
  ).configs[0];
  assert.ok(config);
  const m = trialMatrix(config, 'e2e_tok_s');
  const rows = [...m.base, ...m.head];
  const total = rows[0]?.length ?? 0;
  for (let a = 0; a < 6; a++)
    for (let b = a + 1; b < 6; b++)
      for (let c = b + 1; c < 6; c++) {
        const split = { base: [a, b, c].map((i) => rows[i]!), head: rows.filter((_, i) => ![a, b, c].includes(i)) };
        for (let t = 4; t <= total; t += 4) {
          const ends = Array.from({ length: t / 4 }, (_, i) => 4 * (i + 1));
          const looks = { fractions: ends.map((e) => e / total), information: ends, final: t === total };
          const v = analyzeTrials(firstTrials({ ...split, epochs: m.epochs ?? [] }, t), {
            better: 'higher',
            margin: DEFAULT_AB_MARGIN,
            alpha: 0.02,
            looks,
          }).verdict;
          assert.ok(v === 'inconclusive', `split ${a}${b}${c} at ${t} trials: ${v}`);
        }
      }
});
