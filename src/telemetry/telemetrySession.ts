// Telemetry around one benchmark's engine run: GPU sampler (when asked for and available) and host
// load sampler started together, stopped together, judged by runValidity. Never throws: a machine
// without nvidia-smi or /proc gets a telemetry block that says so.
import type { Telemetry } from '../result/schema.js';
import { startGpuSampler, type GpuSampler, type GpuSamplerOptions } from './gpuSampler.js';
import { startHostLoadSampler, type HostLoadSampler, type ProcReader } from './hostLoad.js';
import { assessRunValidity } from './runValidity.js';

export interface TelemetrySession {
  /**
   * Stops sampling. `pids`: the processes whose GPU memory is the benchmark's (the engine's reported
   * pid, or this process for an in-process engine; empty means this process).
   */
  stop(pids: number[]): Promise<{ telemetry: Telemetry; gpuProcessPeakMiB?: number; gpuDeviceRiseMiB?: number }>;
}

export interface TelemetryOptions {
  gpu: boolean;
  /** Extra pids that belong to this run (asked at every process poll). */
  ownPids?: () => number[];
  gpuIndex?: number;
  intervalMs?: number;
  hostIntervalMs?: number;
  /** Collaborators for tests. */
  gpuSampler?: Omit<GpuSamplerOptions, 'ownPids' | 'onUnavailable' | 'gpuIndex' | 'intervalMs'>;
  procReader?: ProcReader;
}

export async function startTelemetry(options: TelemetryOptions): Promise<TelemetrySession> {
  const notes: string[] = [];
  // Host first (one /proc scan): its process tree tells the GPU sampler which pids are ours.
  const host: HostLoadSampler | undefined = await startHostLoadSampler({
    intervalMs: options.hostIntervalMs,
    reader: options.procReader,
    rootPids: () => [process.pid],
  }).catch(() => undefined);
  const own = (): number[] => {
    let extra: number[] = [];
    try {
      extra = options.ownPids?.() ?? [];
    } catch {
      // The caller's callback failing must not end telemetry.
    }
    return [process.pid, ...(host?.treePids() ?? []), ...extra];
  };
  const gpu: GpuSampler | undefined = options.gpu
    ? await startGpuSampler({
        ...options.gpuSampler,
        gpuIndex: options.gpuIndex,
        intervalMs: options.intervalMs,
        ownPids: own,
        onUnavailable: (reason) => notes.push(`GPU telemetry off: ${reason}`),
      }).catch((err: unknown) => {
        notes.push(`GPU telemetry off: ${String(err)}`);
        return undefined;
      })
    : undefined;

  let stopped: ReturnType<TelemetrySession['stop']> | undefined;
  const stop = async (pids: number[]) => {
    const attributed = pids.length > 0 ? pids : [process.pid];
    const [gpuTelemetry, hostSummary] = await Promise.all([
      gpu?.stop().catch(() => undefined),
      host?.stop().catch(() => undefined),
    ]);
    const telemetry = assessRunValidity({
      gpu: gpuTelemetry,
      host: hostSummary,
      ownPids: [...attributed, process.pid],
      notes,
    });
    const peak = gpu?.peakProcessMemoryMiB(attributed);
    if (peak !== undefined) return { telemetry, gpuProcessPeakMiB: peak };
    // No per-process figure (a Vulkan/WebGPU process is not a compute app): the device-wide rise.
    const rise = gpu?.deviceMemoryRiseMiB();
    return rise === undefined ? { telemetry } : { telemetry, gpuDeviceRiseMiB: rise };
  };
  // A second stop (an error path after the first) gets the first answer.
  return { stop: (pids) => (stopped ??= stop(pids)) };
}
