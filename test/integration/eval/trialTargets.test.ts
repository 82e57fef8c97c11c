// The A/B rule's promises, checked on every trial-level recording in fixtures/samples/trials
// (docs/statistics.md, "Replays of trial-level recordings"): on unchanged code, false alarms within
// alpha on each recording and at 1% pooled; an injected slow-down is never called unchanged or an
// improvement; detection never falls as the slow-down grows. Recordings of a comment-only head
// (named *-comment*) run the base's code and are replayed as A/A over both sides (`sameCode`).
// A/B recordings of a slower head (the GPU proofs, named *slow*) replay the recorded change: never
// unchanged or an improvement, and the Mistral-7B 20% one a regression, as it ran on the GPU. A 10%
// slow-down is found in at least 90% of replays of the GPU recordings where the docs say so (both
// Mistral-7B ones and the quieter day's GPT-2; the noisier day's GPT-2 reaches 36%, documented).
// Every recording in the folder is checked.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gateSchema } from '../../../src/config/schema.js';
import { evaluateTrials, type TrialConfigEvaluation, type TrialEvalOptions } from '../../../src/eval/evaluateTrials.js';
import { DEFAULT_AB_MARGIN } from '../../../src/stats/trialAnalysis.js';
import { trialSetSchema } from '../../../src/trials/trialSet.js';

const DIR = 'fixtures/samples/trials';
const sets = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, set: trialSetSchema.parse(JSON.parse(readFileSync(path.join(DIR, f), 'utf8'))) }));
const sameCode = (name: string) => name.includes('-comment.');

const OPTIONS: TrialEvalOptions = {
  metric: 'e2e_tok_s',
  maxSplits: 60,
  slowdowns: [0.1, 0.2],
  seed: 1,
  alpha: 0.02,
  margin: DEFAULT_AB_MARGIN,
  gate: gateSchema.parse({ alpha: 0.02 }),
};
const replay = (options: TrialEvalOptions) => [
  ...evaluateTrials(
    sets.filter((s) => !sameCode(s.name)),
    options,
  ),
  ...evaluateTrials(
    sets.filter((s) => sameCode(s.name)),
    { ...options, sameCode: true },
  ),
];
const evaluation = replay(OPTIONS);
// The bound needs more replays than the detection checks: A/A only, 400 splits a recording.
const aaOnly = replay({ ...OPTIONS, maxSplits: 400, slowdowns: [] });
const unchangedCode = (c: TrialConfigEvaluation) => c.arrangement === 'aa' || c.arrangement === 'same-code';

void test('the trial-level recordings are there, with and without worker restarts', () => {
  assert.ok(evaluation.length >= 2);
  assert.ok(evaluation.some((c) => c.epochs > 1));
  assert.ok(evaluation.some((c) => c.epochs === 1));
});

// The rule is exact at alpha/2 = 1% a side on any noise (a permutation test; docs/statistics.md,
// "When to stop"), so a recording's replayed rate scatters around it: its splits relabel the
// same few dozen processes. Each recording must stay within alpha plus three binomial standard
// errors (a gross error shows there: the per-trial t that ignores the process offsets alarms on 15%
// of the CPU recording without restarts), and the regressions pooled over all recordings within 1%
// plus three.
const withinBinomial = (rate: number, bound: number, n: number) =>
  rate <= bound + 3 * Math.sqrt((bound * (1 - bound)) / n);

void test('A/A false alarms: each recording within alpha, regressions pooled over recordings at 1%', () => {
  let regressions = 0;
  let replays = 0;
  for (const c of aaOnly) {
    const aa = c.scenarios.find((s) => s.scenario.startsWith('A/A'));
    assert.ok(aa && aa.replays > 0);
    const alarms = ((aa.verdicts.regression ?? 0) + (aa.verdicts.improvement ?? 0)) / aa.replays;
    assert.ok(
      withinBinomial(alarms, OPTIONS.alpha, aa.replays),
      `${c.source} ${c.config}: ${(alarms * 100).toFixed(1)}% of ${aa.replays}`,
    );
    regressions += aa.verdicts.regression ?? 0;
    replays += aa.replays;
  }
  const pooled = regressions / replays;
  assert.ok(
    withinBinomial(pooled, OPTIONS.alpha / 2, replays),
    `${regressions} of ${replays}: ${(pooled * 100).toFixed(2)}%`,
  );
});

void test('slow-downs are never called unchanged or an improvement, and bigger ones are found at least as often', () => {
  assert.ok(
    evaluation.some((c) => c.arrangement === 'same-code'),
    'the comment-only recordings are there',
  );
  for (const c of evaluation.filter(unchangedCode)) {
    const rate = (name: string) => {
      const s = c.scenarios.find((x) => x.scenario === name);
      assert.ok(s);
      assert.equal(s.verdicts.unchanged ?? 0, 0, `${c.config} ${name}: unchanged`);
      assert.equal(s.verdicts.improvement ?? 0, 0, `${c.config} ${name}: improvement`);
      return (s.verdicts.regression ?? 0) / s.replays;
    };
    assert.ok(rate('slow 20%') >= rate('slow 10%'), `${c.source} ${c.config}`);
  }
});

const TEN_PERCENT_FOUND = [
  'gpu-h200-mistral-7b-aa.trials.json',
  'gpu-h200-mistral-7b-comment.trials.json',
  'gpu-h200-gpt2-aa.trials.json',
];
void test('a 10% slow-down is found in at least 90% of replays of the GPU recordings the docs quote it for', () => {
  for (const name of TEN_PERCENT_FOUND) {
    const c = evaluation.find((x) => x.source === name);
    assert.ok(c && unchangedCode(c), `${name} is there and replays unchanged code`);
    const ten = c.scenarios.find((s) => s.scenario === 'slow 10%');
    assert.ok(ten && (ten.verdicts.regression ?? 0) / ten.replays >= 0.9, `${name}: ${JSON.stringify(ten?.verdicts)}`);
  }
});

// The replay target: a 5% slow-down found in at least 90% of replays of the quieter
// Mistral-7B A/A recording at the defaults (docs/statistics.md: 94.7-95.9% over 1,000 splits, seeds
// 1-3; the noisier day's recording and GPT-2 stay below it, documented).
void test('a 5% slow-down is found in at least 90% of replays of the quieter Mistral-7B recording', () => {
  const mistral = sets.filter((s) => s.name === 'gpu-h200-mistral-7b-aa.trials.json');
  const [c] = evaluateTrials(mistral, { ...OPTIONS, maxSplits: 200, slowdowns: [0.05] });
  const five = c?.scenarios.find((s) => s.scenario === 'slow 5%');
  assert.ok(five && (five.verdicts.regression ?? 0) / five.replays >= 0.9, JSON.stringify(five?.verdicts));
});

// The Mistral-7B 20% proof ran to a regression on the GPU and must replay as one. The GPT-2 20%
// proof ran out of its 140 s budget there, and the Mistral-7B 5% one out of the default 600 s on a
// noisier day; replayed, they must at least never read as unchanged or faster.
void test('recorded slower heads replay as they ran: never unchanged or an improvement; the Mistral-7B 20% proof a regression', () => {
  const slow = evaluation.filter((c) => c.arrangement === 'ab' && c.source.includes('slow'));
  assert.ok(slow.length >= 3, 'the GPU proof recordings are there');
  for (const c of slow) {
    const recorded = c.scenarios.find((s) => s.scenario === 'recorded head vs base');
    assert.ok(recorded && recorded.replays === 1);
    assert.equal(recorded.verdicts.unchanged ?? 0, 0, c.source);
    assert.equal(recorded.verdicts.improvement ?? 0, 0, c.source);
  }
  const mistral20 = slow.find((x) => x.source === 'gpu-h200-mistral-7b-slow20.trials.json');
  assert.equal(mistral20?.scenarios.find((s) => s.scenario === 'recorded head vs base')?.verdicts.regression, 1);
});
