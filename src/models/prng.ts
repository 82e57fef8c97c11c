// Deterministic pseudo-random numbers for model weights: the same seed gives the same bytes on every
// machine (no Math.random, no platform-dependent maths beyond IEEE-754 basics).

import { mulberry32 } from '../util/prng.js';

/** 32-bit FNV-1a of a string, mixed with a seed: gives each tensor its own stream. */
function hashSeed(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Fills `out` with normal(mean, std) samples (Box-Muller) from the stream named `name`. */
export function fillNormal(out: Float32Array, seed: number, name: string, std: number, mean = 0): Float32Array {
  const rand = mulberry32(hashSeed(seed, name));
  for (let i = 0; i < out.length; i += 2) {
    const u1 = 1 - rand(); // (0, 1]: log stays finite
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    out[i] = mean + r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < out.length) out[i + 1] = mean + r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}
