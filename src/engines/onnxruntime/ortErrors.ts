// Sorts onnxruntime's error messages into the benchmark error kinds. Pure.
import type { ErrorKind } from '../types.js';

const OOM =
  /out of memory|failed to allocate|bad_alloc|std::bad_alloc|cudaErrorMemoryAllocation|OrtMemoryAllocation|allocation failed/i;
const PROVIDER =
  /Failed to load (shared )?library|backend not found|no available backend|WebGPU adapter|Failed to get a WebGPU|provider.*not (available|supported|registered)|libcudart|libcudnn/i;
const SHAPE =
  /invalid dimensions|shape mismatch|Invalid rank|dimension|out of range|indices element out of data bounds/i;

export function classifyOrtError(message: string, phase: 'load' | 'run'): ErrorKind {
  if (OOM.test(message)) return 'out-of-memory';
  if (phase === 'load' && PROVIDER.test(message)) return 'provider-unavailable';
  if (phase === 'load') return 'model';
  return 'crash';
}

/** A short reason for a run-time failure, for the message. */
export function describeRunError(message: string): string {
  if (OOM.test(message)) return 'out of memory';
  if (SHAPE.test(message)) return 'shape mismatch or index out of range';
  return 'inference failed';
}

/** The first lines of an ORT message, without its long source paths. */
export function trimOrtMessage(message: string, max = 600): string {
  const one = message
    .replace(/\/onnxruntime_src\/\S+:\d+ /g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
