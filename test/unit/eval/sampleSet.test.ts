// Recorded runs replay as result documents; a run whose telemetry was flagged replays flagged, so
// `eval` judges it as the gate did (a slower unclean candidate is inconclusive, not a regression).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from '../../../src/stats/compareRuns.js';
import { gateSchema } from '../../../src/config/schema.js';
import { runToResultDoc, sampleSetSchema, type TelemetryFlag } from '../../../src/eval/sampleSet.js';

const config = { name: 'm', new_tokens: 100, batch_size: 1, prompt_tokens: 8 };
const run = (ms: number, flags?: TelemetryFlag[]) => ({
  e2e_ms: Array.from({ length: 8 }, (_, i) => ms * (1 + 0.002 * i)),
  ttft_ms: [10],
  ...(flags ? { flags } : {}),
});

void test('flags become the replayed run telemetry; no flags, no telemetry block', () => {
  const flagged = runToResultDoc(config, run(1000, ['host_busy']));
  assert.equal(flagged.benchmarks[0]?.telemetry?.host_busy, true);
  assert.equal(flagged.benchmarks[0]?.telemetry?.gpu_throttled, false);
  assert.equal(runToResultDoc(config, run(1000)).benchmarks[0]?.telemetry, undefined);
});

void test('a clearly slower candidate: regression when clean, inconclusive when its runs were flagged', () => {
  const gate = gateSchema.parse({ alpha: 0.02 });
  const baselines = [1000, 1010, 990, 1005, 995].map((ms) => runToResultDoc(config, run(ms)));
  const verdict = (flags?: TelemetryFlag[]) =>
    compareRuns(
      baselines,
      [1300, 1310, 1305].map((ms) => runToResultDoc(config, run(ms, flags))),
      { gate },
    ).configs[0]?.metrics.find((m) => m.metric === 'e2e_tok_s')?.verdict;
  assert.equal(verdict(), 'regression');
  assert.equal(verdict(['gpu_throttled']), 'inconclusive');
});

void test('the schema refuses an unknown flag, naming it', () => {
  const r = sampleSetSchema.safeParse({
    format: 'llm-perf-gate.samples',
    version: 1,
    source: { machine: 'x', recorded_by: 'x', engine: 'x', protocol: 'x' },
    configs: [{ ...config, model: 'm', size: 'tiny', variant: 'v', runs: [{ ...run(1000), flags: ['noisy'] }] }],
  });
  assert.equal(r.success, false);
  assert.match(JSON.stringify(r.error?.issues), /flags/);
});
