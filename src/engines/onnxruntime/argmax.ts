// Greedy choice over one row of logits, float32 or float16 (raw half bits), without converting the
// row: half bits map to integers of the same order, so the comparison stays on integers.

/** Index of the largest of `length` floats starting at `offset` (first one on ties). */
export function argmaxF32(data: Float32Array, offset: number, length: number): number {
  let best = 0;
  let bestV = data[offset]!;
  for (let i = 1; i < length; i++) {
    const v = data[offset + i]!;
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best;
}

/** Same for IEEE half bits. NaN never wins (a NaN row is caught by the caller's finite check). */
export function argmaxF16(data: Uint16Array, offset: number, length: number): number {
  let best = -1;
  let bestKey = -Infinity;
  for (let i = 0; i < length; i++) {
    const h = data[offset + i]!;
    if ((h & 0x7c00) === 0x7c00 && (h & 0x03ff) !== 0) continue; // NaN
    // Positive halves order as their bits; negative ones in reverse.
    const key = h & 0x8000 ? -(h & 0x7fff) : h;
    if (key > bestKey) {
      bestKey = key;
      best = i;
    }
  }
  return best;
}
