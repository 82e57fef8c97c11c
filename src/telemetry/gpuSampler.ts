// GPU telemetry during a benchmark: ONE long-lived `nvidia-smi --query-gpu ... -lms N` process for
// clocks, temperature, power and clock-event reasons (a spawn per sample would cost more than it
// measures), plus a low-rate one-shot `--query-compute-apps` poll for per-process memory. The loop
// form of --query-compute-apps prints no sample boundaries (an empty list prints nothing), so it
// cannot tell "no other process" from "no sample yet"; one-shot polls can.
import { startChild, type ManagedChild } from '../process/index.js';
import { execCommand, type ExecResult, type StartChild } from './execCommand.js';
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

export type { StartChild } from './execCommand.js';

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
  intervalMs?: number | undefined;
  /** Period of the per-process memory poll (default 1000 ms). */
  appsIntervalMs?: number;
  /** Starts nvidia-smi (default: the process module; tests swap in a fake). */
  start?: StartChild;
  /** nvidia-smi's index of the GPU to watch (default 0). */
  gpuIndex?: number | undefined;
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
  const smi = nvidiaSmi(options);
  const probed = await probeGpu(smi, options.gpuIndex ?? 0);
  if (typeof probed === 'string') {
    options.onUnavailable?.(probed);
    return undefined;
  }
  const intervalMs = Math.max(50, Math.round(options.intervalMs ?? 200));
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const errors = new Set<string>();
  const loop = startSampleLoop(smi, [...probed.queryArgs, '-lms', String(intervalMs)], elapsed, errors);
  const poller = startAppsPoller(smi, probed.gpu.uuid, Math.max(intervalMs, options.appsIntervalMs ?? 1000), {
    elapsed,
    errors,
    ownPids: options.ownPids,
    pidVisible: options.pidVisible ?? pidExists,
  });
  let result: Promise<GpuTelemetry> | undefined;
  const stop = async (): Promise<GpuTelemetry> => {
    await poller.stop();
    await loop.stop();
    if (loop.samples.length === 0) errors.add(`${smi.command} sampling loop produced no samples`);
    const { gpu } = probed;
    return {
      gpu,
      interval_ms: intervalMs,
      duration_ms: elapsed(),
      samples: loop.samples,
      apps: poller.apps,
      errors: [...errors],
    };
  };
  return {
    gpu: probed.gpu,
    stop: () => (result ??= stop()),
    progress: () => ({ samples: loop.samples.length, polls: poller.apps.length }),
    deviceMemoryRiseMiB: () => deviceMemoryRise(probed.first, loop.samples),
    peakProcessMemoryMiB: (pids) => peakProcessMemory(poller.apps, pids),
  };
}

/** How nvidia-smi is run: its name, one-shot calls with a timeout, and long-lived starts. */
interface NvidiaSmi {
  readonly command: string;
  exec(args: string[]): Promise<ExecResult>;
  start(args: string[], onLine: (line: string) => void): ManagedChild;
}

function nvidiaSmi(options: GpuSamplerOptions): NvidiaSmi {
  const command = options.command ?? 'nvidia-smi';
  const start = options.start ?? startChild;
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  return {
    command,
    exec: (args) => execCommand(command, args, { timeoutMs, start, env: options.env }),
    // A loop that ignores SIGTERM (a driver stuck in the kernel) is killed after a second.
    start: (args, onLine) => start({ command, args, env: options.env, killGraceMs: 1000, onStdoutLine: onLine }),
  };
}

interface ProbedGpu {
  readonly gpu: GpuTelemetry['gpu'];
  readonly first: GpuSample;
  /** The --query-gpu arguments that worked (the field names this driver knows). */
  readonly queryArgs: readonly string[];
}

/** The GPU to watch, probed with the exact query the loop will run; a string says why not. */
async function probeGpu(smi: NvidiaSmi, gpuIndex: number): Promise<ProbedGpu | string> {
  let fields: string[] = [...GPU_SAMPLE_FIELDS];
  const queryArgs = () => [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits', '-i', String(gpuIndex)];
  let probe = await smi.exec(queryArgs());
  if (probe.code !== 0 && saysInvalidField(probe.stdout + probe.stderr)) {
    // Drivers before 535 know the clock-event reasons under their old name.
    fields = fields.map((f) => (f === 'clocks_event_reasons.active' ? LEGACY_REASONS_FIELD : f));
    probe = await smi.exec(queryArgs());
  }
  if (probe.code !== 0) return describeFailure(smi.command, probe);
  const first = probe.stdout
    .split('\n')
    .map((l) => parseGpuSampleLine(l, 0))
    .find((s) => s !== undefined);
  if (!first) return `${smi.command} printed no GPU line for index ${gpuIndex}`;
  const nameProbe = await smi.exec(['--query-gpu=name', '--format=csv,noheader,nounits', '-i', String(gpuIndex)]);
  const gpu = { index: gpuIndex, uuid: first.uuid, name: nameProbe.code === 0 ? nameProbe.stdout.trim() : '' };
  return { gpu, first, queryArgs: queryArgs() };
}

/** The long-lived `--query-gpu ... -lms N` process, its samples parsed as lines arrive. */
function startSampleLoop(
  smi: NvidiaSmi,
  args: string[],
  elapsed: () => number,
  errors: Set<string>,
): { readonly samples: GpuSample[]; stop(): Promise<void> } {
  const samples: GpuSample[] = [];
  let stopping = false;
  const loop = smi.start(args, (line) => {
    const s = parseGpuSampleLine(line, elapsed());
    if (s) samples.push(s);
  });
  void loop.exited.then((exit) => {
    if (stopping) return;
    if (exit.reason === 'spawn-error') {
      errors.add(`${smi.command} sampling loop failed: ${exit.error?.message ?? 'could not start'}`);
      return;
    }
    const why = exit.stderrTail.trim().split('\n')[0] ?? '';
    errors.add(
      `${smi.command} sampling loop exited early (${exit.signal ?? `code ${exit.code}`})${why ? `: ${why}` : ''}`,
    );
  });
  return {
    samples,
    stop: async () => {
      stopping = true;
      await loop.stop();
    },
  };
}

interface PollContext {
  readonly elapsed: () => number;
  readonly errors: Set<string>;
  readonly ownPids: (() => readonly number[]) | undefined;
  readonly pidVisible: (pid: number) => boolean;
}

/** One-shot `--query-compute-apps` polls every `periodMs`, and one last poll at stop. */
function startAppsPoller(
  smi: NvidiaSmi,
  uuid: string,
  periodMs: number,
  ctx: PollContext,
): { readonly apps: GpuAppsSample[]; stop(): Promise<void> } {
  const apps: GpuAppsSample[] = [];
  const poll = async (): Promise<void> => {
    const t = ctx.elapsed();
    const r = await smi.exec([
      `--query-compute-apps=${COMPUTE_APPS_FIELDS.join(',')}`,
      '--format=csv,noheader,nounits',
    ]);
    if (r.code !== 0) {
      ctx.errors.add(`process poll: ${describeFailure(smi.command, r)}`);
      return;
    }
    let own: readonly number[] = [];
    try {
      own = [...(ctx.ownPids?.() ?? [])];
    } catch {
      // A failing pid callback must not stop the sampling.
    }
    const onThisGpu = parseComputeApps(r.stdout).filter((a) => a.gpu_uuid === uuid);
    apps.push({
      t_ms: t,
      apps: onThisGpu.map((a) => ({ pid: a.pid, used_mib: a.used_mib, visible: ctx.pidVisible(a.pid) })),
      own,
    });
  };
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> | undefined = poll();
  const schedule = (): void => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = poll().finally(() => {
        inflight = undefined;
        schedule();
      });
    }, periodMs);
    timer.unref();
  };
  void inflight.finally(schedule);
  return {
    apps,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      await inflight;
      // One last poll, so even a run shorter than the poll period has its memory seen.
      await poll();
    },
  };
}

/** Highest device-wide memory.used seen minus its value before sampling started. */
export function deviceMemoryRise(first: GpuSample, samples: readonly GpuSample[]): number | undefined {
  const used = answered(samples.map((s) => s.memory_used_mib));
  if (first.memory_used_mib === null || used.length === 0) return undefined;
  return Math.max(0, Math.max(...used) - first.memory_used_mib);
}

/** Highest per-poll sum of the GPU memory used by `pids`, or undefined if never seen. */
export function peakProcessMemory(apps: readonly GpuAppsSample[], pids: readonly number[]): number | undefined {
  const wanted = new Set(pids);
  let peak: number | undefined;
  for (const s of apps) {
    const mine = s.apps.filter((a) => wanted.has(a.pid) && a.used_mib !== null);
    if (mine.length === 0) continue;
    const sum = mine.reduce((acc, a) => acc + (a.used_mib ?? 0), 0);
    peak = Math.max(peak ?? 0, sum);
  }
  return peak;
}
