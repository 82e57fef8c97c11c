import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCrossovers, renderCrossovers } from '../../../src/report/crossover.js';
import type { BenchmarkResult } from '../../../src/result/schema.js';
import { around, benchmark, resultDoc } from '../../support/reportBuilders.js';
import { matchSnapshot } from '../../support/reportSnapshot.js';

function point(
  group: string,
  model: string,
  params: Record<string, number>,
  tokS: number,
  spread = 0.01,
): BenchmarkResult {
  const name = `${group}-${Object.entries(params)
    .map(([k, v]) => `${k}${v}`)
    .join('-')}`;
  return benchmark(name, around(tokS, spread), {
    batch: params.batch_size ?? 1,
    sweep: { group, params },
    labels: { model },
  });
}

const BATCHES = [1, 4, 8, 16, 32];

/** SDPA wins at small batches, FlashAttention-2 from batch 8 on (the seed's open question). */
function sweep(): BenchmarkResult[] {
  const sdpa = [26, 100, 190, 360, 640];
  const fa2 = [20, 92, 215, 430, 800];
  return [
    ...BATCHES.map((b, i) => point('mistral-sdpa', 'mistral', { batch_size: b }, sdpa[i] ?? 0)),
    ...BATCHES.map((b, i) => point('mistral-fa2', 'mistral', { batch_size: b }, fa2[i] ?? 0)),
    ...BATCHES.map((b, i) => point('gpt2-fp16', 'gpt2', { batch_size: b }, 100 * (i + 1))),
  ];
}

describe('crossover', () => {
  it('finds where FlashAttention-2 starts to beat SDPA, only within one model', () => {
    const series = findCrossovers(resultDoc(sweep()));
    assert.equal(series.length, 1, 'gpt2 has no partner of its own model');
    const s = series[0];
    assert.ok(s);
    assert.equal(s.axis, 'batch_size');
    assert.deepEqual(
      s.points.map((p) => p.leader),
      ['a', 'a', 'b', 'b', 'b'],
    );
    assert.deepEqual(s.crossovers, [{ from: 4, to: 8, winner: 'mistral-fa2', loser: 'mistral-sdpa' }]);
    assert.equal(s.summary, 'mistral-sdpa faster at batch_size 1–4; mistral-fa2 faster at batch_size 8–32.');
    matchSnapshot('crossover-batch.md', renderCrossovers(series, 'markdown'));
    matchSnapshot('crossover-batch.txt', renderCrossovers(series, 'terminal'));
  });

  it('calls a difference inside the tie band or inside the spread a tie, not a crossover', () => {
    const rows = [
      ...BATCHES.map((b, i) => point('a', 'm', { batch_size: b }, 100 * b * (i % 2 === 0 ? 1.01 : 0.99))),
      ...BATCHES.map((b) => point('b', 'm', { batch_size: b }, 100 * b)),
    ];
    const [s] = findCrossovers(resultDoc(rows));
    assert.ok(s);
    assert.deepEqual(s.crossovers, []);
    assert.match(s.summary, /tied \(within ±2%\) at every batch_size/);
    // A 10% gap whose samples spread ±20% overlaps: still a tie.
    const noisy = [
      point('a', 'm', { batch_size: 1 }, 110, 0.2),
      point('a', 'm', { batch_size: 2 }, 90, 0.2),
      point('b', 'm', { batch_size: 1 }, 100, 0.2),
      point('b', 'm', { batch_size: 2 }, 100, 0.2),
    ];
    assert.deepEqual(
      findCrossovers(resultDoc(noisy))[0]?.points.map((p) => p.leader),
      ['tie', 'tie'],
    );
    // With a tight spread, the same medians do cross.
    const tight = noisy.map((b) => ({
      ...b,
      iterations: benchmark(
        b.name,
        around(Number(b.name.includes('a-') ? (b.sweep?.params.batch_size === 1 ? 110 : 90) : 100)),
      ).iterations,
    }));
    assert.deepEqual(
      findCrossovers(resultDoc(tight))[0]?.crossovers.map((c) => c.winner),
      ['b'],
    );
  });

  it('sweeps two parameters: one series per axis per value of the other', () => {
    const rows: BenchmarkResult[] = [];
    for (const b of [1, 8])
      for (const p of [128, 2048]) {
        rows.push(point('eager', 'm', { batch_size: b, prompt_tokens: p }, 100 * b));
        rows.push(point('flash', 'm', { batch_size: b, prompt_tokens: p }, p === 2048 ? 130 * b : 90 * b));
      }
    const series = findCrossovers(resultDoc(rows));
    assert.deepEqual(
      series.map((s) => [s.axis, s.fixed, s.crossovers.map((c) => `${c.from}->${c.to}:${c.winner}`)]),
      [
        ['batch_size', { prompt_tokens: 128 }, []],
        ['batch_size', { prompt_tokens: 2048 }, []],
        ['prompt_tokens', { batch_size: 1 }, ['128->2048:flash']],
        ['prompt_tokens', { batch_size: 8 }, ['128->2048:flash']],
      ],
    );
  });

  it('ignores failed points and groups without a common axis of two points', () => {
    const rows = [
      point('a', 'm', { batch_size: 1 }, 10),
      point('b', 'm', { batch_size: 1 }, 20),
      point('b', 'm', { batch_size: 4 }, 20),
    ];
    assert.deepEqual(findCrossovers(resultDoc(rows)), []);
  });

  it('escapes group names in markdown and mermaid', () => {
    const rows = [
      ...[1, 2].map((b) => point('x|y<script>', 'm', { batch_size: b }, 10 * b)),
      ...[1, 2].map((b) => point('@ping"]', 'm', { batch_size: b }, 30 / b)),
    ];
    const md = renderCrossovers(findCrossovers(resultDoc(rows)), 'markdown');
    assert.doesNotMatch(md, /<script>|@ping/);
    assert.match(md, /x\\\|y&lt;script&gt;/);
    assert.match(md, /title "tok\/s over batch_size - bars xyscript, line ping"/);
  });
});
