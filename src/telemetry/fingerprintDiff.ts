// Pure: compare two environment fingerprints field by field, and name a machine in one line.
import type { Environment } from '../result/schema.js';
import type { FingerprintDifference } from '../stats/types.js';
import { MACHINE_FIELDS, PYTHON_FIELDS } from './environment.js';

const ORDER: readonly string[] = [...MACHINE_FIELDS, ...PYTHON_FIELDS];

function order(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  if (ia !== ib) return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Differences over the fields either side calls comparable. A field one side never collected (the
 * Python stack of a run without the transformers engine) is skipped: its benchmarks have no
 * counterpart to compare. A field collected as null (torch not installed) is compared.
 */
export function diffEnvironments(a: Environment, b: Environment): FingerprintDifference[] {
  const fields = [...new Set([...a.comparable, ...b.comparable])].sort(order);
  const out: FingerprintDifference[] = [];
  for (const field of fields) {
    if (!(field in a.fields) || !(field in b.fields)) continue;
    const x = a.fields[field] ?? null;
    const y = b.fields[field] ?? null;
    if (x !== y) out.push({ field, baseline: x, candidate: y });
  }
  return out;
}

function text(env: Environment, key: string): string | undefined {
  const v = env.fields[key];
  return typeof v === 'string' && v.trim().length > 0 ? v.trim() : undefined;
}

function count(env: Environment, key: string): number | undefined {
  const v = env.fields[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * "NVIDIA H100 80GB HBM3 ×1 · driver 580.65 · CUDA 13.0 · AMD EPYC 9454 (16 cores)", or
 * "CPU-only · Intel Xeon … (2 cores, 24 GiB)". Raw text: the report escapes it.
 */
export function machineLine(env: Environment): string {
  const cpuModel = text(env, 'cpu_model') ?? 'unknown CPU';
  const cores = count(env, 'cpu_cores');
  const ram = count(env, 'ram_gib');
  const gpuName = text(env, 'gpu_name');
  const gpuCount = count(env, 'gpu_count') ?? 0;
  if (gpuName === undefined || gpuCount === 0) {
    const detail = [cores !== undefined ? `${cores} cores` : undefined, ram !== undefined ? `${ram} GiB` : undefined]
      .filter((s) => s !== undefined)
      .join(', ');
    return `CPU-only · ${cpuModel}${detail ? ` (${detail})` : ''}`;
  }
  const parts = [`${gpuName} ×${gpuCount}`];
  const driver = text(env, 'gpu_driver');
  if (driver) parts.push(`driver ${driver}`);
  const cuda = text(env, 'cuda_version');
  if (cuda) parts.push(`CUDA ${cuda}`);
  parts.push(cores !== undefined ? `${cpuModel} (${cores} cores)` : cpuModel);
  return parts.join(' · ');
}
