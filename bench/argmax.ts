// Greedy argmax over one GPT-2 logits row (50,257 floats): the engine's lane scan (argmaxF32)
// against a plain one-pass scan, alternating rounds so drift hits both. Prints µs per call.
//   npx tsx bench/argmax.ts [--rounds 10] [--calls 2000]
import { parseArgs } from 'node:util';
import { argmaxF32 } from '../src/engines/onnxruntime/argmax.js';
import { mulberry32 } from '../src/util/prng.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, calls: { type: 'string', default: '2000' } },
});
const rounds = Number(values.rounds);
const calls = Number(values.calls);
const V = 50257;
const rand = mulberry32(3);
const rows = Array.from({ length: 8 }, () => new Float32Array(V).map(() => (rand() - 0.5) * 20));

function plainScan(data: Float32Array, offset: number, length: number): number {
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

function time(f: typeof argmaxF32): number {
  let sink = 0;
  const t0 = performance.now();
  for (let k = 0; k < calls; k++) sink += f(rows[k % rows.length]!, 0, V);
  const us = ((performance.now() - t0) / calls) * 1000;
  if (sink < 0) throw new Error('unreachable');
  return us;
}

for (const row of rows) if (plainScan(row, 0, V) !== argmaxF32(row, 0, V)) throw new Error('scans disagree');
time(plainScan);
time(argmaxF32); // warm both up
const plain: number[] = [];
const lanes: number[] = [];
for (let r = 0; r < rounds; r++) {
  plain.push(time(plainScan));
  lanes.push(time(argmaxF32));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`plain scan   ${med(plain).toFixed(1)} µs per row (median of ${rounds} rounds of ${calls})`);
console.log(`argmaxF32    ${med(lanes).toFixed(1)} µs per row`);
console.log(`ratio        ${(med(plain) / med(lanes)).toFixed(2)}x faster`);
