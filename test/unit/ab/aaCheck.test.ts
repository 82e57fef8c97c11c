import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aaCheck, interleavedHalves, noiseFloorOf } from '../../../src/ab/aaCheck.ts';
import { evaluateAb } from '../../../src/ab/evaluateAb.ts';
import { gateSchema } from '../../../src/config/schema.ts';
import { around, benchmark, resultDoc } from '../../support/reportBuilders.ts';

const gate = gateSchema.parse({});
const run = (label: string, tokS: number) => resultDoc([benchmark('m', around(tokS, 0.002))], { label, sha: label });

describe('aaCheck', () => {
  it('splits runs into interleaved halves', () => {
    assert.deepEqual(interleavedHalves([1, 2, 3, 4, 5]), [
      [1, 3, 5],
      [2, 4],
    ]);
  });

  it('measures the between-run spread of unchanged code as the noise floor', () => {
    const medians = [100, 104, 98, 102];
    const aa = aaCheck(
      medians.map((m, i) => run(`base-${i + 1}`, m)),
      gate,
    );
    const logs = medians.map(Math.log);
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / (logs.length - 1));
    assert.ok(Math.abs(noiseFloorOf(aa).m! - (Math.exp(sd) - 1)) < 1e-9);
    assert.deepEqual(aa.halves, [
      ['base-1', 'base-3'],
      ['base-2', 'base-4'],
    ]);
    assert.equal(aa.configs[0]!.runs, 4);
  });

  it('flags a false alarm when the base halves differ beyond the noise', () => {
    // Drift within the job: odd runs fast, even runs slow, tight within each half.
    const aa = aaCheck(
      [100, 80, 100.2, 80.1, 99.9, 79.9].map((m, i) => run(`base-${i + 1}`, m)),
      gate,
    );
    assert.deepEqual(aa.alarms, ['m']);
  });

  it('needs two base runs for a noise floor', () => {
    const aa = aaCheck([run('base-1', 100)], gate);
    assert.deepEqual(noiseFloorOf(aa), {});
    assert.deepEqual(aa.halves[1], []);
  });
});

describe('evaluateAb', () => {
  it('compares paired runs in mode ab, puts the A/A floor into the comparison and the comment', () => {
    const base = [100, 101, 99].map((m, i) => run(`base-${i + 1}`, m));
    const head = [90, 91, 89.5].map((m, i) => run(`head-${i + 1}`, m));
    const e = evaluateAb({ baseRuns: base, headRuns: head, gate, notes: ['a note'] });
    assert.equal(e.comparison.mode, 'ab');
    assert.equal(e.comparison.noiseFloor?.m, noiseFloorOf(e.aa).m);
    assert.equal(e.comparison.configs[0]!.verdict, 'regression');
    assert.match(e.markdown, /A\/A check: base against base/);
    assert.match(e.markdown, /a note/);
    assert.match(e.terminal(false), /A\/A check \(base against base\)/);
    assert.throws(() => evaluateAb({ baseRuns: base, headRuns: head.slice(1), gate }), /as many base runs/);
  });

  it('keeps the comment within the length limit with the A/A section', () => {
    const base = [100, 101, 99].map((m, i) => run(`base-${i + 1}`, m));
    const e = evaluateAb({ baseRuns: base, headRuns: base, gate, maxLength: 3000 });
    assert.ok(e.markdown.length <= 3000, String(e.markdown.length));
  });
});
