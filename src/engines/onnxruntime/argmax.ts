// Greedy choice over one row of logits, float32 or float16 (raw half bits), without converting the
// row: half bits map to integers of the same order, so the comparison stays on integers.

/**
 * Index of the largest of `length` floats starting at `offset` (first one on ties; NaN never
 * wins, and a row of NaN gives 0, which the caller's finite check rejects). Four independent
 * lanes, each with its running maximum and where it was, so the CPU can overlap the comparisons;
 * this runs once per generated token over a 50k vocabulary (bench/argmax.ts measures it).
 */
export function argmaxF32(data: Float32Array, offset: number, length: number): number {
  const end = offset + length;
  let m0 = -Infinity;
  let m1 = -Infinity;
  let m2 = -Infinity;
  let m3 = -Infinity;
  let i0 = offset;
  let i1 = offset;
  let i2 = offset;
  let i3 = offset;
  let i = offset;
  for (; i + 3 < end; i += 4) {
    const a = data[i]!;
    const b = data[i + 1]!;
    const c = data[i + 2]!;
    const d = data[i + 3]!;
    if (a > m0) {
      m0 = a;
      i0 = i;
    }
    if (b > m1) {
      m1 = b;
      i1 = i + 1;
    }
    if (c > m2) {
      m2 = c;
      i2 = i + 2;
    }
    if (d > m3) {
      m3 = d;
      i3 = i + 3;
    }
  }
  for (; i < end; i++) {
    if (data[i]! > m0) {
      m0 = data[i]!;
      i0 = i;
    }
  }
  // Lanes hold interleaved indices: on equal maxima the smaller index is the first occurrence.
  let best = i0;
  let bestV = m0;
  for (const [v, at] of [
    [m1, i1],
    [m2, i2],
    [m3, i3],
  ] as const) {
    if (v > bestV || (v === bestV && at < best)) {
      bestV = v;
      best = at;
    }
  }
  return best - offset;
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
