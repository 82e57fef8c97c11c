import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonChunks } from '../../../src/util/jsonChunks.ts';

describe('jsonChunks', () => {
  it('joins to exactly what JSON.stringify(value, null, 2) gives', () => {
    const value = {
      comparison: {
        configs: [
          { name: 'a', metrics: [{ m: 1, ci: [0.1, -0.2] }], skipped: undefined },
          { name: 'b "quoted"', metrics: [], nested: { deep: { deeper: [1, { x: null }] } } },
        ],
        empty: {},
        none: [],
        list: [1, undefined, 'x'],
      },
      decision: { failed: false, failing: [] },
      n: 3,
    };
    assert.equal([...jsonChunks(value)].join(''), JSON.stringify(value, null, 2));
    assert.equal([...jsonChunks([])].join(''), '[]');
    assert.equal([...jsonChunks('x')].join(''), '"x"');
  });
});
