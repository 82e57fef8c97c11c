// Greedy choice must match a plain reference scan exactly: a different token is a different
// generation, and the tokens digest would (rightly) flag it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argmaxF16, argmaxF32 } from '../../../../src/engines/onnxruntime/argmax.js';
import { mulberry32 } from '../../../../src/util/prng.js';

function reference(xs: ArrayLike<number>, offset: number, length: number): number {
  let best = -1;
  for (let i = 0; i < length; i++) {
    const v = xs[offset + i]!;
    if (!Number.isNaN(v) && (best < 0 || v > xs[offset + best]!)) best = i;
  }
  return best;
}

/** IEEE half bits of a float (round to nearest is not needed: the test only needs valid halves). */
function toHalfBits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0]!;
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  if (Number.isNaN(x)) return 0x7e00;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) return sign;
  return sign | (exp << 10) | ((u >>> 13) & 0x3ff);
}

function halfToNumber(h: number): number {
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  if (exp === 0) return sign * frac * 2 ** -24;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

void test('float32: same index as a plain scan on random rows, every length mod 4 and offset', () => {
  const rand = mulberry32(7);
  for (let trial = 0; trial < 400; trial++) {
    const length = 1 + Math.floor(rand() * 70);
    const offset = Math.floor(rand() * 5);
    const data = new Float32Array(offset + length + 3).map(() => (rand() - 0.5) * 20);
    // Ties: copy the maximum to a later position sometimes; the first one must win.
    if (trial % 3 === 0 && length > 2) {
      const at = reference(data, offset, length);
      data[offset + length - 1] = data[offset + at]!;
    }
    assert.equal(argmaxF32(data, offset, length), reference(data, offset, length), `trial ${trial}`);
  }
});

void test('float32: values outside the row are ignored; -Infinity and NaN rows give 0 (the caller rejects them)', () => {
  const data = new Float32Array([100, 1, 5, 2, 9, 3, 100]);
  assert.equal(argmaxF32(data, 1, 5), 3);
  assert.equal(argmaxF32(new Float32Array([-Infinity, -Infinity]), 0, 2), 0);
  assert.equal(argmaxF32(new Float32Array([NaN, NaN, NaN, NaN, NaN]), 0, 5), 0);
  assert.equal(argmaxF32(new Float32Array([NaN, 1, NaN, 3, NaN, 2]), 0, 6), 3);
});

void test('float16 bits: same index as a plain scan over the decoded values', () => {
  const rand = mulberry32(11);
  for (let trial = 0; trial < 300; trial++) {
    const length = 1 + Math.floor(rand() * 50);
    const bits = new Uint16Array(length).map(() => toHalfBits((rand() - 0.5) * 100));
    if (trial % 5 === 0) bits[Math.floor(rand() * length)] = 0x7e00; // a NaN somewhere
    const values = Array.from(bits, halfToNumber);
    const expected = reference(values, 0, length);
    assert.equal(argmaxF16(bits, 0, length), expected, `trial ${trial}`);
  }
});
