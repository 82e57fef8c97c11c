// Objects built from values that may be missing: the missing fields are absent, not undefined.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definedFields } from '../../../src/util/definedFields.ts';

describe('definedFields', () => {
  it('drops undefined fields and keeps every other value, falsy ones included', () => {
    const out = definedFields({ a: 1, b: undefined, c: 0, d: '', e: null, f: false });
    assert.deepStrictEqual(Object.keys(out), ['a', 'c', 'd', 'e', 'f']);
    assert.equal('b' in out, false);
    assert.equal(JSON.stringify(out), '{"a":1,"c":0,"d":"","e":null,"f":false}');
  });

  it('keeps nested objects as they are (one level only)', () => {
    const inner = { x: undefined };
    const out = definedFields({ inner });
    assert.equal(out.inner, inner);
  });
});
