// Several runs of one side (stored baseline runs, A/B repetitions) as one document for the tables
// that describe a side rather than compare two: iterations pooled per benchmark, memory peaks maxed.
import type { BenchmarkResult, MemoryPeak, ResultDoc } from '../result/schema.js';

function mergeBenchmark(a: BenchmarkResult, b: BenchmarkResult): BenchmarkResult {
  if (a.status !== 'ok') return b;
  if (b.status !== 'ok') return a;
  const memory = new Map<string, MemoryPeak>();
  for (const m of [...a.memory, ...b.memory]) {
    const prev = memory.get(m.metric);
    if (prev === undefined || m.value_mib > prev.value_mib) memory.set(m.metric, m);
  }
  return { ...a, iterations: [...a.iterations, ...b.iterations], memory: [...memory.values()] };
}

/** The first document with every benchmark's iterations pooled across all documents (first-seen order). */
export function mergeRuns(docs: readonly ResultDoc[]): ResultDoc | undefined {
  const [first, ...rest] = docs;
  if (first === undefined) return undefined;
  const byName = new Map<string, BenchmarkResult>(first.benchmarks.map((b) => [b.name, b]));
  for (const doc of rest)
    for (const b of doc.benchmarks) {
      const prev = byName.get(b.name);
      byName.set(b.name, prev === undefined ? b : mergeBenchmark(prev, b));
    }
  return { ...first, benchmarks: [...byName.values()] };
}
