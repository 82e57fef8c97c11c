import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBencherMetricFormat, toGithubActionBenchmark } from '../../../src/report/exports.js';
import { benchmark, failedBenchmark, resultDoc } from '../../support/reportBuilders.js';

// Throughputs 90, 100, 110, 120 tok/s at batch 1 × 100 new tokens: median 105, IQR 97.5–112.5.
const doc = resultDoc(
  [
    benchmark('gpt2 fp16', [90, 100, 110, 120], {
      memory: [{ metric: 'gpu_process_peak_mib', value_mib: 812, source: 'nvidia-smi --query-compute-apps' }],
    }),
    failedBenchmark('mistral-nf4', 'bitsandbytes is not installed'),
  ],
  { sha: 'cafebabe00000000000000000000000000000000' },
);

describe('exports', () => {
  it("writes github-action-benchmark's custom arrays, split by direction", () => {
    const gab = toGithubActionBenchmark(doc);
    assert.deepEqual(
      gab.biggerIsBetter.map((e) => [e.name, e.unit]),
      [
        ['gpt2 fp16 - Throughput', 'tok/s'],
        ['gpt2 fp16 - Decode', 'tok/s'],
      ],
    );
    assert.deepEqual(
      gab.smallerIsBetter.map((e) => [e.name, e.unit]),
      [
        ['gpt2 fp16 - TTFT', 'ms'],
        ['gpt2 fp16 - TPOT', 'ms'],
        ['gpt2 fp16 - E2E time', 'ms'],
        ['gpt2 fp16 - Peak GPU (process)', 'MiB'],
      ],
    );
    const tput = gab.biggerIsBetter[0];
    assert.ok(tput);
    assert.ok(Math.abs(tput.value - 105) < 1e-9);
    assert.equal(tput.range, '± 7.50');
    assert.equal(tput.extra, 'median of 4 iterations; IQR 97.5–112.5; commit cafebab');
    assert.deepEqual(gab.smallerIsBetter[3], {
      name: 'gpt2 fp16 - Peak GPU (process)',
      unit: 'MiB',
      value: 812,
      extra: 'peak; source: nvidia-smi --query-compute-apps',
    });
    // Every entry has the fields the action reads, with a finite number.
    for (const e of [...gab.biggerIsBetter, ...gab.smallerIsBetter]) {
      assert.equal(typeof e.name, 'string');
      assert.equal(typeof e.unit, 'string');
      assert.ok(Number.isFinite(e.value));
    }
    assert.ok(!JSON.stringify(gab).includes('mistral-nf4'), 'failed benchmarks have no value to export');
  });

  it('writes Bencher Metric Format: benchmark → measure slug → value with IQR bounds', () => {
    const bmf = toBencherMetricFormat(doc);
    assert.deepEqual(Object.keys(bmf), ['gpt2 fp16']);
    const measures = bmf['gpt2 fp16'] ?? {};
    assert.deepEqual(Object.keys(measures), [
      'e2e-tok-s',
      'decode-tok-s',
      'ttft-ms',
      'tpot-ms',
      'e2e-ms',
      'gpu-process-peak-mib',
    ]);
    const t = measures['e2e-tok-s'];
    assert.ok(t);
    assert.ok(Math.abs(t.value - 105) < 1e-9);
    assert.ok(Math.abs((t.lower_value ?? 0) - 97.5) < 1e-9);
    assert.ok(Math.abs((t.upper_value ?? 0) - 112.5) < 1e-9);
    assert.deepEqual(measures['gpu-process-peak-mib'], { value: 812 });
    for (const slug of Object.keys(measures)) assert.match(slug, /^[a-z0-9-]+$/);
  });
});
