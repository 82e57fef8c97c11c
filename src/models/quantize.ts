// Weight conversions for the lower-precision models (pure functions over typed arrays).

/** float32 → IEEE half bits, round-to-nearest-even, saturating to ±65504 (weights never need inf). */
export function toFloat16Bits(src: Float32Array): Uint16Array {
  const out = new Uint16Array(src.length);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < src.length; i++) {
    f[0] = Math.max(-65504, Math.min(65504, src[i]!));
    const x = u[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7e00; // NaN (weights never are; keep it well defined)
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7bff;
      continue;
    }
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign;
        continue;
      }
      mant |= 0x800000;
      const shift = 14 - e;
      let half = mant >>> shift;
      const rem = mant & ((1 << shift) - 1);
      const mid = 1 << (shift - 1);
      if (rem > mid || (rem === mid && (half & 1) === 1)) half++;
      out[i] = sign | half;
      continue;
    }
    let half = (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
    if (half >= 0x7c00) half = 0x7bff;
    out[i] = sign | half;
  }
  return out;
}

export interface Int8Weights {
  /** Row-major [K, N] int8, symmetric (zero point 0). */
  readonly q: Int8Array;
  /** Per output column scale [N]. */
  readonly scale: Float32Array;
}

/** Per-column symmetric int8 of a row-major [K, N] matrix (as ORT quantize_dynamic with per_channel). */
export function quantizeInt8PerColumn(w: Float32Array, k: number, n: number): Int8Weights {
  const scale = new Float32Array(n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) scale[c] = Math.max(scale[c]!, Math.abs(w[row + c]!));
  }
  for (let c = 0; c < n; c++) scale[c] = scale[c]! > 0 ? scale[c]! / 127 : 1;
  const q = new Int8Array(k * n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) q[row + c] = Math.max(-127, Math.min(127, Math.round(w[row + c]! / scale[c]!)));
  }
  return { q, scale };
}

export interface Int4Weights {
  /** MatMulNBits B: [N, blocks, block/2] uint8, two 4-bit values per byte (low nibble first). */
  readonly packed: Uint8Array;
  /** [N * blocks] float scales. */
  readonly scales: Float32Array;
  readonly blocks: number;
}

/**
 * Blockwise symmetric 4-bit of a row-major [K, N] matrix along K, in MatMulNBits layout (transposed:
 * one row per output column). The zero point is the default 8, so value = (q - 8) * scale.
 */
export function quantizeInt4Blockwise(w: Float32Array, k: number, n: number, block: number): Int4Weights {
  const blocks = Math.ceil(k / block);
  const blob = block / 2;
  const packed = new Uint8Array(n * blocks * blob);
  const scales = new Float32Array(n * blocks);
  for (let c = 0; c < n; c++) {
    for (let b = 0; b < blocks; b++) {
      let amax = 0;
      let signed = 0;
      for (let j = b * block; j < Math.min(k, (b + 1) * block); j++) {
        const v = w[j * n + c]!;
        if (Math.abs(v) > amax) {
          amax = Math.abs(v);
          signed = v;
        }
      }
      // As ORT's quantizer: the extreme value maps to -8, so the full [-8, 7] range is used.
      const scale = amax === 0 ? 1 : signed / -8;
      scales[c * blocks + b] = scale;
      const base = (c * blocks + b) * blob;
      for (let j = 0; j < block; j++) {
        const kk = b * block + j;
        const q = kk < k ? Math.max(0, Math.min(15, Math.round(w[kk * n + c]! / scale) + 8)) : 8;
        packed[base + (j >> 1)]! |= (j & 1) === 0 ? q : q << 4;
      }
    }
  }
  return { packed, scales, blocks };
}
