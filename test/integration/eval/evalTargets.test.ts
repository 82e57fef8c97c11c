// The targets of issue 4, checked on the recorded runs in fixtures/samples (docs/statistics.md):
// A/A false alarms ≤ 1% per configuration; a 10% slow-down detected ≥ 90% where the between-run
// noise allows it (median mde ≤ 10%), and otherwise `inconclusive` with an mde, never a guess.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { gateSchema } from '../../../src/config/schema.js';
import { DEFAULT_CONFIRMATION_RUNS } from '../../../src/stats/compareRuns.js';
import { evaluateRules } from '../../../src/eval/evaluateRules.js';
import { sampleSetSchema } from '../../../src/eval/sampleSet.js';

const DIR = 'fixtures/samples';
const sets = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, set: sampleSetSchema.parse(JSON.parse(readFileSync(path.join(DIR, f), 'utf8'))) }));

// alpha 0.02 is the setting these targets need (at 0.05 the one-sided rate is 2.5% by design):
// docs/statistics.md, "Choosing alpha".
const evaluation = evaluateRules(sets, {
  gate: gateSchema.parse({ alpha: 0.02 }),
  baselineRuns: 5,
  trials: 200,
  seed: 1,
  slowdowns: [0.1],
  maxCandidateRuns: DEFAULT_CONFIRMATION_RUNS,
});

/**
 * Known misses, with the rate measured when they were recorded; the test still fails if they get
 * worse. None since regressions need three candidate runs: the two GPU recordings that missed with
 * two (H100 gpt2-124m-fp32 2.8%, H200 mistral-7b-fp16 4.8%: single slow processes, see
 * docs/statistics.md) are at 0.8% and 0.5% now.
 */
const KNOWN_MISSES: Record<string, number> = {};

void test('fixtures hold enough recorded runs', () => {
  assert.ok(sets.length >= 2, 'CPU and GPU sample sets');
  const sizes = new Set(evaluation.configs.map((c) => c.size));
  for (const s of ['tiny', '124M', '7B']) assert.ok(sizes.has(s), `size ${s}`);
});

void test('A/A false-alarm rate is at most 1% per configuration', () => {
  for (const c of evaluation.configs.filter((x) => !x.pair)) {
    const aa = c.scenarios.find((s) => s.scenario === 'A/A');
    assert.ok(aa);
    const rate = (aa.alarms['ours'] ?? 0) / aa.trials;
    const ceiling = KNOWN_MISSES[c.config] ?? 0.01;
    assert.ok(rate <= ceiling, `${c.source} ${c.config}: false alarms ${(rate * 100).toFixed(1)}% > ${ceiling * 100}%`);
  }
});

void test('a 10% slow-down: detected ≥ 90% where noise allows, otherwise inconclusive with an mde', () => {
  for (const c of evaluation.configs.filter((x) => !x.pair)) {
    const s = c.scenarios.find((x) => x.scenario === 'slow 10%');
    assert.ok(s);
    const detected = (s.alarms['ours'] ?? 0) / s.trials;
    if (s.medianMde <= 0.1) assert.ok(detected >= 0.9, `${c.config}: detected ${detected} with mde ${s.medianMde}`);
    // Never a confident wrong answer: no `unchanged`, and `improvement` no more often than alpha/2.
    assert.equal(s.verdicts.unchanged ?? 0, 0, `${c.config}: a 10% slow-down called unchanged`);
    assert.ok((s.verdicts.improvement ?? 0) / s.trials <= 0.025, `${c.config}: called an improvement`);
    assert.equal(s.inconclusiveWithoutMde, 0);
  }
});
