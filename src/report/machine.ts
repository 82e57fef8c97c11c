// A short human name for the machine a run used, from the environment fingerprint. Telemetry may
// record any subset of fields (a CPU-only runner has no GPU), so every field is optional here.
import type { ResultDoc } from '../result/schema.js';

type Fields = ResultDoc['environment']['fields'];

const GPU_KEYS = ['gpu_name', 'gpu_model', 'gpu', 'device_name'] as const;
const CPU_KEYS = ['cpu_model', 'cpu_name', 'cpu'] as const;
const COUNT_KEYS = ['gpu_count', 'gpus'] as const;

function firstText(fields: Fields, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const v = fields[key];
    if (typeof v === 'string' && v.trim().length > 0) return v.trim();
  }
  return undefined;
}

function firstCount(fields: Fields, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const v = fields[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return undefined;
}

/** "2× NVIDIA H100 80GB HBM3", or the CPU model on a GPU-less machine, or undefined. Raw text. */
export function describeMachine(fields: Fields | undefined): string | undefined {
  if (fields === undefined) return undefined;
  const gpu = firstText(fields, GPU_KEYS);
  if (gpu !== undefined) {
    const count = firstCount(fields, COUNT_KEYS);
    return count !== undefined && count > 1 ? `${count}× ${gpu}` : gpu;
  }
  return firstText(fields, CPU_KEYS);
}
