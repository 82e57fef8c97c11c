// Which execution provider actually ran the model. onnxruntime assigns each graph node to the first
// provider that has a kernel for it and quietly runs the rest on the CPU, so asking for CUDA proves
// nothing by itself. Its profiler names the provider of every kernel it ran; these functions read
// that record. Pure.
import type { OnnxOptions } from './options.js';

/** onnxruntime's names for the providers this engine can ask for. */
const PROVIDER_NAMES: Record<OnnxOptions['provider'], string> = {
  cpu: 'CPUExecutionProvider',
  cuda: 'CUDAExecutionProvider',
  webgpu: 'WebGpuExecutionProvider',
};

/** Below this share of kernels on the requested provider, a run counts as a CPU fall-back. */
export const MIN_PROVIDER_SHARE = 0.5;

export interface ProviderUsage {
  readonly requested: OnnxOptions['provider'];
  /** Kernels run per provider, e.g. { CUDAExecutionProvider: 120, CPUExecutionProvider: 6 }. */
  readonly kernels: Readonly<Record<string, number>>;
  /** Share of the kernels that ran on the requested provider (0 when none ran). */
  readonly share: number;
}

interface ProfileEvent {
  readonly cat?: unknown;
  readonly name?: unknown;
  readonly args?: { readonly provider?: unknown };
}

/** Counts the kernels of one profiled run (onnxruntime's profile: a JSON array of trace events). */
export function providerUsage(profile: unknown, requested: OnnxOptions['provider']): ProviderUsage {
  if (!Array.isArray(profile)) throw new Error('onnxruntime profile is not a JSON array of events');
  const kernels: Record<string, number> = {};
  for (const e of profile as ProfileEvent[]) {
    if (e.cat !== 'Node' || typeof e.name !== 'string' || !e.name.endsWith('_kernel_time')) continue;
    const provider = typeof e.args?.provider === 'string' ? e.args.provider : 'unknown';
    kernels[provider] = (kernels[provider] ?? 0) + 1;
  }
  const total = Object.values(kernels).reduce((a, b) => a + b, 0);
  return { requested, kernels, share: total > 0 ? (kernels[PROVIDER_NAMES[requested]] ?? 0) / total : 0 };
}

/** "CUDAExecutionProvider 120, CPUExecutionProvider 6", most kernels first. */
export function describeUsage(usage: ProviderUsage): string {
  const parts = Object.entries(usage.kernels)
    .sort(([, a], [, b]) => b - a)
    .map(([name, n]) => `${name} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'no kernels recorded';
}
