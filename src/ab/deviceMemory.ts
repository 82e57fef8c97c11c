// What the residency check needs from the device: the first worker's GPU memory (nvidia-smi's
// per-process figure, which includes the CUDA context the engine's own peaks leave out) and the
// free memory of the GPU the workers see. Never throws: without nvidia-smi there is no limit.
import { execCommand } from '../telemetry/execCommand.js';
import { visibleGpus } from '../telemetry/environment.js';
import { GPU_INFO_FIELDS, parseComputeApps, parseGpuInfo, COMPUTE_APPS_FIELDS } from '../telemetry/nvidiaSmi.js';

const TIMEOUT_MS = 10_000;

export interface DeviceMemory {
  /** MiB the process with this pid uses on the GPU, when nvidia-smi lists it. */
  readonly processMib?: number;
  /** Free MiB on the first GPU the workers see. */
  readonly freeMib?: number;
}

export type DeviceMemoryProbe = (pid: number | undefined) => Promise<DeviceMemory>;

export function nvidiaSmiMemoryProbe(env: NodeJS.ProcessEnv = process.env): DeviceMemoryProbe {
  return async (pid) => {
    const smi = (args: string[]) =>
      execCommand('nvidia-smi', [...args, '--format=csv,noheader,nounits'], { timeoutMs: TIMEOUT_MS });
    const info = await smi([`--query-gpu=${GPU_INFO_FIELDS.join(',')}`]);
    const gpu = info.code === 0 ? visibleGpus(parseGpuInfo(info.stdout), env.CUDA_VISIBLE_DEVICES)[0] : undefined;
    if (!gpu) return {};
    const [free, apps] = await Promise.all([
      smi(['-i', String(gpu.index), '--query-gpu=memory.free']),
      smi([`--query-compute-apps=${COMPUTE_APPS_FIELDS.join(',')}`]),
    ]);
    const freeMib = free.code === 0 ? Number(free.stdout.trim().split('\n')[0]) : NaN;
    const app =
      apps.code === 0 && pid !== undefined ? parseComputeApps(apps.stdout).find((a) => a.pid === pid) : undefined;
    return {
      ...(Number.isFinite(freeMib) ? { freeMib } : {}),
      ...(app?.used_mib != null ? { processMib: app.used_mib } : {}),
    };
  };
}
