import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildStudyTable, renderStudyTable } from '../../../src/report/studyTable.js';
import type { BenchmarkResult } from '../../../src/result/schema.js';
import { around, benchmark, failedBenchmark, resultDoc } from '../../support/reportBuilders.js';
import { matchSnapshot } from '../../support/reportSnapshot.js';

/** Decimal GB (as the seed reports memory) back to MiB, as the result file stores it. */
const gbToMib = (gb: number): number => (gb * 1e9) / (1024 * 1024);

function seedRow(
  name: string,
  model: string,
  tokS: number,
  gb: number,
  labels: Record<string, string> = {},
): BenchmarkResult {
  return benchmark(name, around(tokS), {
    labels: { model, ...labels },
    memory: [
      { metric: 'torch_max_allocated_mib', value_mib: gbToMib(gb), source: 'torch.cuda.max_memory_allocated' },
      { metric: 'gpu_process_peak_mib', value_mib: gbToMib(gb) + 400, source: 'nvidia-smi --query-compute-apps' },
    ],
  });
}

/** The seed's matrix (Table 3) as a result file: the seed's throughputs and memory as inputs. */
function seedMatrix(): BenchmarkResult[] {
  return [
    seedRow('gpt2-fp32', 'GPT-2', 96.2, 0.51),
    seedRow('gpt2-fp16', 'GPT-2', 99.6, 0.26),
    seedRow('gpt2-int8', 'GPT-2', 32.7, 0.18),
    seedRow('mistral-fp16', 'Mistral-7B', 26.7, 14.5),
    seedRow('mistral-fa2', 'Mistral-7B', 20.4, 14.5),
    seedRow('mistral-nf4', 'Mistral-7B', 18.7, 4.0),
  ];
}

describe('study table', () => {
  it("reproduces the seed's speedup column from a result resembling its matrix", () => {
    const table = buildStudyTable(resultDoc(seedMatrix()), undefined);
    const speedups = table.rows.map((r) => [r.name, r.reference, r.speedup?.toFixed(2)]);
    assert.deepEqual(speedups, [
      ['gpt2-fp32', 'gpt2-fp32', '1.00'],
      ['gpt2-fp16', 'gpt2-fp32', '1.04'],
      ['gpt2-int8', 'gpt2-fp32', '0.34'],
      ['mistral-fp16', 'mistral-fp16', '1.00'],
      ['mistral-fa2', 'mistral-fp16', '0.76'],
      ['mistral-nf4', 'mistral-fp16', '0.70'],
    ]);
    // Memory prefers torch's allocator peak (the seed's figure), in decimal GB.
    assert.deepEqual(
      table.rows.map((r) => [r.memoryMetric, r.memoryGb?.toFixed(2)]),
      [0.51, 0.26, 0.18, 14.5, 14.5, 4.0].map((gb) => ['torch_max_allocated_mib', gb.toFixed(2)]),
    );
    matchSnapshot('study-seed.md', renderStudyTable(resultDoc(seedMatrix()), undefined, 'markdown'));
    matchSnapshot('study-seed.txt', renderStudyTable(resultDoc(seedMatrix()), undefined, 'terminal'));
  });

  it('uses the declared reference: argument first, then labels.reference, then the first config', () => {
    const rows = seedMatrix();
    const byArg = buildStudyTable(resultDoc(rows), 'gpt2-fp16');
    assert.equal(byArg.rows[0]?.reference, 'gpt2-fp16');
    assert.equal(byArg.rows[0]?.speedup?.toFixed(2), '0.97');
    assert.equal(byArg.rows[3]?.reference, 'mistral-fp16', 'other models keep their own rule');

    const labelled = seedMatrix().map((b) =>
      b.name === 'mistral-nf4' ? { ...b, labels: { ...b.labels, reference: 'true' } } : b,
    );
    assert.equal(buildStudyTable(resultDoc(labelled), undefined).rows[4]?.reference, 'mistral-nf4');
    const named = seedMatrix().map((b) =>
      b.name === 'gpt2-int8' ? { ...b, labels: { ...b.labels, reference: 'gpt2-fp16' } } : b,
    );
    assert.equal(buildStudyTable(resultDoc(named), undefined).rows[0]?.reference, 'gpt2-fp16');

    const unknown = buildStudyTable(resultDoc(rows), 'nope');
    assert.match(unknown.notes[0] ?? '', /Reference "nope" is not a configuration/);
    assert.equal(unknown.rows[0]?.reference, 'gpt2-fp32');
  });

  it('skips a failed first config when picking the reference, and shows the failure', () => {
    const rows = [
      failedBenchmark('gpt2-fp32', 'CUDA out of memory'),
      benchmark('gpt2-fp16', around(99.6)),
      benchmark('gpt2-int8', around(33.2)),
    ];
    const table = buildStudyTable(resultDoc(rows), undefined);
    assert.equal(table.hasModels, false);
    assert.deepEqual(
      table.rows.map((r) => r.speedup?.toFixed(2)),
      [undefined, '1.00', '0.33'],
    );
    const md = renderStudyTable(resultDoc(rows), undefined, 'markdown');
    assert.match(md, /\| gpt2-fp32 \| — \| — \| failed \|/);
    assert.match(md, /gpt2-fp32 failed: crash: CUDA out of memory/);
    assert.match(md, /Memory: not recorded/);
  });

  it('compares sweep points with the reference sweep point of the same parameters', () => {
    const point = (group: string, batch: number, tokS: number): BenchmarkResult =>
      benchmark(`${group}-b${batch}`, around(tokS), {
        batch,
        sweep: { group, params: { batch_size: batch } },
        labels: { model: 'mistral' },
      });
    const rows = [point('sdpa', 1, 26), point('sdpa', 8, 180), point('fa2', 1, 20), point('fa2', 8, 216)];
    const table = buildStudyTable(resultDoc(rows), undefined);
    assert.deepEqual(
      table.rows.map((r) => [r.name, r.reference, r.speedup?.toFixed(2)]),
      [
        ['sdpa-b1', 'sdpa-b1', '1.00'],
        ['sdpa-b8', 'sdpa-b8', '1.00'],
        ['fa2-b1', 'sdpa-b1', '0.77'],
        ['fa2-b8', 'sdpa-b8', '1.20'],
      ],
    );
  });

  it('shows which memory source each row used when they differ', () => {
    const rows = [
      seedRow('gpu', 'm', 10, 1),
      benchmark('cpu', around(5), {
        labels: { model: 'm' },
        memory: [{ metric: 'host_rss_peak_mib', value_mib: 2048, source: '/proc/self/status VmHWM' }],
      }),
    ];
    const text = renderStudyTable(resultDoc(rows), undefined, 'terminal');
    assert.match(text, /Memory source/);
    assert.match(text, /cpu +5\.00 +2\.15 +Peak host RSS/);
    assert.match(text, /Peak host RSS \(\/proc\/self\/status VmHWM\)/);
  });
});

describe('study table uncertainty', () => {
  /** One result file: configs at the given throughputs, iterations ±1%. */
  const run = (fp32: number, fp16: number) =>
    resultDoc([
      benchmark('gpt2-fp32', around(fp32), { labels: { model: 'GPT-2' } }),
      benchmark('gpt2-fp16', around(fp16), { labels: { model: 'GPT-2' } }),
    ]);

  it("one run: of the GPU machine's two passes (FP16 at 1.55x, then 0.87x of FP32) the second reads no clear difference", () => {
    // The two passes on the GPU machine: FP32 at 110.8, then 191.2 tok/s; FP16 at ~171.6 and ~166.3.
    const first = buildStudyTable(run(110.8, 171.6), undefined).rows[1];
    const second = buildStudyTable(run(191.2, 166.3), undefined).rows[1];
    assert.equal(first?.speedup?.toFixed(2), '1.55');
    assert.equal(second?.speedup?.toFixed(2), '0.87');
    assert.equal(second?.unclear, true, 'an interval containing 1.0 is no clear difference');
    // Each pass's interval covers the other's estimate: one run could not have told them apart.
    const [lo1, hi1] = first?.interval ?? [0, 0];
    assert.ok(lo1 < 1.55 && hi1 > 1.55);
    assert.match(
      renderStudyTable(run(191.2, 166.3), undefined, 'markdown'),
      /0\.87x \\\[0\.\d\d–1\.\d\d\\\]: no clear difference vs gpt2-fp32/,
    );
  });

  it('several runs: the interval comes from the spread between runs and narrows with consistent runs', () => {
    const consistent = [run(100, 150), run(101, 151), run(99, 149), run(100.5, 150.2)];
    const row = buildStudyTable(consistent, undefined).rows[1];
    assert.equal(row?.runs, 4);
    assert.equal(row?.unclear, false);
    const [lo, hi] = row?.interval ?? [0, 0];
    assert.ok(lo > 1.45 && hi < 1.55, `[${lo}, ${hi}]`);
    // Runs that disagree widen it until it contains 1.0.
    const noisy = [run(110.8, 171.6), run(191.2, 166.3)];
    assert.equal(buildStudyTable(noisy, undefined).rows[1]?.unclear, true);
    const md = renderStudyTable(noisy, undefined, 'markdown');
    assert.match(md, /95% interval from the spread between runs \(2 runs per configuration\)/);
  });

  it('the throughput shown is what the speed-up divides: one run a side gives their exact ratio', () => {
    const table = buildStudyTable([run(100, 150), run(110, 160)], undefined);
    const [ref, fp16] = table.rows;
    assert.ok(ref?.tokS !== undefined && fp16?.tokS !== undefined && fp16.speedup !== undefined);
    assert.ok(Math.abs(fp16.tokS / ref.tokS - fp16.speedup) < 1e-12);
  });
});
