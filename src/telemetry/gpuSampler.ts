// GPU telemetry during a benchmark: ONE long-lived `nvidia-smi --query-gpu ... -lms N` process for
// clocks, temperature, power and clock-event reasons (a spawn per sample would cost more than it
// measures), plus a low-rate one-shot `--query-compute-apps` poll for per-process memory. The loop
// form of --query-compute-apps prints no sample boundaries (an empty list prints nothing), so it
// cannot tell "no other process" from "no sample yet"; one-shot polls can.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { execCommand, terminate, type ExecResult, type SpawnLike } from './execCommand.js';
import {
  answered,
  COMPUTE_APPS_FIELDS,
  GPU_SAMPLE_FIELDS,
  LEGACY_REASONS_FIELD,
  parseComputeApps,
  parseGpuSampleLine,
  saysInvalidField,
  saysNoDevices,
  type GpuSample,
} from './nvidiaSmi.js';

export type { SpawnLike } from './execCommand.js';

export interface GpuAppsSample {
  readonly t_ms: number;
  /** Compute processes on the sampled GPU. `visible`: the pid exists in this pid namespace. */
  readonly apps: readonly { readonly pid: number; readonly used_mib: number | null; readonly visible: boolean }[];
  /** Pids that belonged to this run when the sample was taken (this process tree, the engine). */
  readonly own: readonly number[];
}

export interface GpuTelemetry {
  readonly gpu: { readonly index: number; readonly uuid: string; readonly name: string };
  readonly interval_ms: number;
  readonly duration_ms: number;
  readonly samples: readonly GpuSample[];
  readonly apps: readonly GpuAppsSample[];
  /** Problems met while sampling (a poll that timed out, the loop exiting early). */
  readonly errors: readonly string[];
}

export interface GpuSampler {
  readonly gpu: GpuTelemetry['gpu'];
  /** Stops the loop (killing it if it hangs) after one last process poll. Never rejects. */
  stop(): Promise<GpuTelemetry>;
  /** Samples and process polls so far (for progress displays and tests). */
  progress(): { samples: number; polls: number };
  /** Highest per-sample sum of the GPU memory used by these pids, or undefined if never seen. */
  peakProcessMemoryMiB(pids: readonly number[]): number | undefined;
  /**
   * Highest device-wide memory.used seen minus its value when sampling started, or undefined
   * without samples. For processes nvidia-smi does not list as compute apps (Vulkan/WebGPU ones);
   * it counts every process on the GPU.
   */
  deviceMemoryRiseMiB(): number | undefined;
}

export interface GpuSamplerOptions {
  /** Period of the clocks/temperature loop (default 200 ms). */
  intervalMs?: number;
  /** Period of the per-process memory poll (default 1000 ms). */
  appsIntervalMs?: number;
  spawn?: SpawnLike;
  /** nvidia-smi's index of the GPU to watch (default 0). */
  gpuIndex?: number;
  command?: string;
  /** Limit for each one-shot nvidia-smi call (default 5000 ms). */
  probeTimeoutMs?: number;
  /** Pids of this run, asked at every process poll. */
  ownPids?: () => readonly number[];
  /** Whether a pid exists here; nvidia-smi in a container may report the host's pids. */
  pidVisible?: (pid: number) => boolean;
  /** Told why there is no sampler (nvidia-smi missing, no GPU, hanging). */
  onUnavailable?: (reason: string) => void;
  env?: NodeJS.ProcessEnv;
}

export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeFailure(command: string, r: ExecResult): string {
  if (r.failure === 'not-found') return `${command} not found`;
  if (r.failure === 'timeout') return `${command} did not answer within the timeout`;
  if (r.failure === 'spawn-error') return `${command} could not start: ${r.message ?? ''}`;
  if (saysNoDevices(r.stdout + r.stderr)) return 'no NVIDIA GPU found';
  const text = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
  return `${command} exited with code ${r.code}${text ? `: ${text}` : ''}`;
}

/** Starts sampling, or resolves undefined when there is nothing to sample. Never rejects. */
export async function startGpuSampler(options: GpuSamplerOptions = {}): Promise<GpuSampler | undefined> {
  const command = options.command ?? 'nvidia-smi';
  const spawn = options.spawn ?? nodeSpawn;
  const intervalMs = Math.max(50, Math.round(options.intervalMs ?? 200));
  const appsIntervalMs = Math.max(intervalMs, options.appsIntervalMs ?? 1000);
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const gpuIndex = options.gpuIndex ?? 0;
  const pidVisible = options.pidVisible ?? pidExists;
  const exec = (args: string[]) => execCommand(command, args, { timeoutMs, spawn, env: options.env });
  const unavailable = (reason: string) => {
    options.onUnavailable?.(reason);
    return undefined;
  };

  // Probe with the exact query the loop will run, so an unknown field name shows up here.
  let fields: string[] = [...GPU_SAMPLE_FIELDS];
  const probeArgs = () => [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits', '-i', String(gpuIndex)];
  let probe = await exec(probeArgs());
  if (probe.code !== 0 && saysInvalidField(probe.stdout + probe.stderr)) {
    fields = fields.map((f) => (f === 'clocks_event_reasons.active' ? LEGACY_REASONS_FIELD : f));
    probe = await exec(probeArgs());
  }
  if (probe.code !== 0) return unavailable(describeFailure(command, probe));
  const first = probe.stdout
    .split('\n')
    .map((l) => parseGpuSampleLine(l, 0))
    .find((s) => s !== undefined);
  if (!first) return unavailable(`${command} printed no GPU line for index ${gpuIndex}`);
  const nameProbe = await exec(['--query-gpu=name', '--format=csv,noheader,nounits', '-i', String(gpuIndex)]);
  const gpu = { index: gpuIndex, uuid: first.uuid, name: nameProbe.code === 0 ? nameProbe.stdout.trim() : '' };

  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const samples: GpuSample[] = [];
  const apps: GpuAppsSample[] = [];
  const errors = new Set<string>();

  let loop: ChildProcess | undefined;
  try {
    loop = spawn(command, [...probeArgs(), '-lms', String(intervalMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
  } catch (err) {
    return unavailable(`${command} could not start: ${String(err)}`);
  }
  let stopping = false;
  let pending = '';
  let stderr = '';
  loop.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const s = parseGpuSampleLine(line, elapsed());
      if (s) samples.push(s);
    }
  });
  loop.stderr?.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < 4096) stderr += d;
  });
  loop.once('error', (err) => errors.add(`${command} sampling loop failed: ${err.message}`));
  loop.once('exit', (code, signal) => {
    if (!stopping) {
      const why = stderr.trim().split('\n')[0] ?? '';
      errors.add(`${command} sampling loop exited early (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`);
    }
  });

  const pollApps = async (): Promise<void> => {
    const t = elapsed();
    const r = await exec([`--query-compute-apps=${COMPUTE_APPS_FIELDS.join(',')}`, '--format=csv,noheader,nounits']);
    if (r.code !== 0) {
      errors.add(`process poll: ${describeFailure(command, r)}`);
      return;
    }
    let own: readonly number[] = [];
    try {
      own = [...(options.ownPids?.() ?? [])];
    } catch {
      // A failing pid callback must not stop the sampling.
    }
    apps.push({
      t_ms: t,
      apps: parseComputeApps(r.stdout)
        .filter((a) => a.gpu_uuid === gpu.uuid)
        .map((a) => ({ pid: a.pid, used_mib: a.used_mib, visible: pidVisible(a.pid) })),
      own,
    });
  };

  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> | undefined = pollApps();
  const schedule = (): void => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = pollApps().finally(() => {
        inflight = undefined;
        schedule();
      });
    }, appsIntervalMs);
    timer.unref();
  };
  void inflight.finally(schedule);

  let result: Promise<GpuTelemetry> | undefined;
  const stop = async (): Promise<GpuTelemetry> => {
    stopping = true;
    clearTimeout(timer);
    await inflight;
    // One last poll, so even a run shorter than the poll period has its memory seen.
    await pollApps();
    if (loop) await terminate(loop);
    if (samples.length === 0) errors.add(`${command} sampling loop produced no samples`);
    return {
      gpu,
      interval_ms: intervalMs,
      duration_ms: elapsed(),
      samples,
      apps,
      errors: [...errors],
    };
  };

  return {
    gpu,
    stop: () => (result ??= stop()),
    progress: () => ({ samples: samples.length, polls: apps.length }),
    deviceMemoryRiseMiB() {
      const used = answered(samples.map((s) => s.memory_used_mib));
      if (first.memory_used_mib === null || used.length === 0) return undefined;
      return Math.max(0, Math.max(...used) - first.memory_used_mib);
    },
    peakProcessMemoryMiB(pids) {
      const wanted = new Set(pids);
      let peak: number | undefined;
      for (const s of apps) {
        const mine = s.apps.filter((a) => wanted.has(a.pid) && a.used_mib !== null);
        if (mine.length === 0) continue;
        const sum = mine.reduce((acc, a) => acc + (a.used_mib ?? 0), 0);
        peak = Math.max(peak ?? 0, sum);
      }
      return peak;
    },
  };
}
