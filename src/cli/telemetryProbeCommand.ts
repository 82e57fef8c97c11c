// Hidden `llm-perf-gate telemetry-probe`: checks the telemetry code against the real machine. Takes
// the GPU lock, collects the environment, samples telemetry while it keeps the CPU busy (or waits),
// and prints everything as one JSON document. scripts/gpu/telemetry-check.sh runs it on the GPU box.
import { collectEnvironment } from '../telemetry/environment.js';
import { machineLine } from '../telemetry/fingerprintDiff.js';
import { acquireGpuLock } from '../telemetry/gpuLock.js';
import { startTelemetry } from '../telemetry/telemetrySession.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const TELEMETRY_PROBE_USAGE = `usage: llm-perf-gate telemetry-probe [options]

  --seconds N       how long to sample (default 3)
  --wait            sleep instead of keeping one CPU busy
  --no-gpu          host telemetry only
  --gpu-index N     nvidia-smi index of the GPU to watch and lock (default 0)
  --pid N           attribute GPU memory to this pid (repeatable: --pid 1 2)
  --engines LIST    engines whose versions to collect (default onnxruntime,transformers)
  --python PATH     interpreter of the transformers engine (default python3)
  --lock-dir DIR    folder of the GPU lock files`;

const SPEC = {
  seconds: { type: 'string' },
  wait: { type: 'boolean' },
  'no-gpu': { type: 'boolean' },
  'gpu-index': { type: 'string' },
  pid: { type: 'list' },
  engines: { type: 'string' },
  python: { type: 'string' },
  'lock-dir': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function nonNegativeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`telemetry-probe: --${flag} needs a number ≥ 0, got "${value}"`);
  return n;
}

/** Keeps one CPU busy in 20 ms slices, yielding so the samplers' timers still run. */
async function burn(ms: number): Promise<void> {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) {
    const slice = performance.now() + 20;
    while (performance.now() < slice) x = (x * 1103515245 + 12345) % 2147483648;
    await new Promise<void>((r) => setImmediate(r));
  }
  if (x < 0) throw new Error('unreachable');
}

export const telemetryProbeCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('telemetry-probe', args, SPEC);
  if (flags.help) {
    ctx.stdout.write(`${TELEMETRY_PROBE_USAGE}\n`);
    return EXIT.pass;
  }
  const seconds = nonNegativeNumber('seconds', flags.seconds, 3);
  const gpuIndex = nonNegativeNumber('gpu-index', flags['gpu-index'], 0);
  const pids = (flags.pid ?? []).map((p) => nonNegativeNumber('pid', p, 0));
  const engines = (flags.engines ?? 'onnxruntime,transformers').split(',').map((e) => e.trim());
  const gpu = !flags['no-gpu'];

  const lockStart = performance.now();
  const lock = await acquireGpuLock({
    gpuIndex,
    timeoutMs: 60_000,
    lockDir: flags['lock-dir'],
    holderInfo: `llm-perf-gate telemetry-probe (pid ${process.pid})`,
    onWait: (holder) => ctx.stderr.write(`waiting for GPU ${gpuIndex}: held by ${holder}\n`),
  });
  const lockMs = Math.round(performance.now() - lockStart);
  try {
    const envStart = performance.now();
    const environment = await collectEnvironment({ engines, configHash: 'telemetry-probe', python: flags.python });
    const envMs = Math.round(performance.now() - envStart);
    const telemetryStart = performance.now();
    const session = await startTelemetry({ gpu, gpuIndex });
    const startMs = Math.round(performance.now() - telemetryStart);
    if (flags.wait) await new Promise<void>((r) => setTimeout(r, seconds * 1000));
    else await burn(seconds * 1000);
    const stopStart = performance.now();
    const { telemetry, gpuProcessPeakMiB } = await session.stop(pids);
    const stopMs = Math.round(performance.now() - stopStart);
    const doc = {
      machine: machineLine(environment),
      environment,
      telemetry,
      gpu_process_peak_mib: gpuProcessPeakMiB ?? null,
      timings_ms: { lock: lockMs, environment: envMs, telemetry_start: startMs, telemetry_stop: stopMs },
    };
    ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return EXIT.pass;
  } finally {
    await lock.release();
  }
};
