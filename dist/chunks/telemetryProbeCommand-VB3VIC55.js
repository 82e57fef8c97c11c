import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  MACHINE_FIELDS,
  PYTHON_FIELDS,
  acquireGpuLock,
  collectEnvironment,
  startTelemetry
} from "./chunk-JPISD55V.js";
import {
  EXIT,
  UsageError,
  parseArgs
} from "./chunk-ZOUG6ZSL.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-7XMN4UL4.js";

// src/telemetry/fingerprintDiff.ts
var ORDER = [...MACHINE_FIELDS, ...PYTHON_FIELDS];
function text(env, key) {
  const v = env.fields[key];
  return typeof v === "string" && v.trim().length > 0 ? v.trim() : void 0;
}
function count(env, key) {
  const v = env.fields[key];
  return typeof v === "number" && Number.isFinite(v) ? v : void 0;
}
function machineLine(env) {
  const cpuModel = text(env, "cpu_model") ?? "unknown CPU";
  const cores = count(env, "cpu_cores");
  const ram = count(env, "ram_gib");
  const gpuName = text(env, "gpu_name");
  const gpuCount = count(env, "gpu_count") ?? 0;
  if (gpuName === void 0 || gpuCount === 0) {
    const detail = [cores !== void 0 ? `${cores} cores` : void 0, ram !== void 0 ? `${ram} GiB` : void 0].filter((s) => s !== void 0).join(", ");
    return `CPU-only \xB7 ${cpuModel}${detail ? ` (${detail})` : ""}`;
  }
  const parts = [`${gpuName} \xD7${gpuCount}`];
  const driver = text(env, "gpu_driver");
  if (driver) parts.push(`driver ${driver}`);
  const cuda = text(env, "cuda_version");
  if (cuda) parts.push(`CUDA ${cuda}`);
  parts.push(cores !== void 0 ? `${cpuModel} (${cores} cores)` : cpuModel);
  return parts.join(" \xB7 ");
}

// src/cli/telemetryProbeCommand.ts
var TELEMETRY_PROBE_USAGE = `usage: llm-perf-gate telemetry-probe [options]

  --seconds N       how long to sample (default 3)
  --wait            sleep instead of keeping one CPU busy
  --no-gpu          host telemetry only
  --gpu-index N     nvidia-smi index of the GPU to watch and lock (default 0)
  --pid N           attribute GPU memory to this pid (repeatable: --pid 1 2)
  --engines LIST    engines whose versions to collect (default onnxruntime,transformers)
  --python PATH     interpreter of the transformers engine (default python3)
  --lock-dir DIR    folder of the GPU lock files`;
var SPEC = {
  seconds: { type: "string" },
  wait: { type: "boolean" },
  "no-gpu": { type: "boolean" },
  "gpu-index": { type: "string" },
  pid: { type: "list" },
  engines: { type: "string" },
  python: { type: "string" },
  "lock-dir": { type: "string" },
  help: { type: "boolean" }
};
function nonNegativeNumber(flag, value, fallback) {
  if (value === void 0) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`telemetry-probe: --${flag} needs a number \u2265 0, got "${value}"`);
  return n;
}
async function burn(ms) {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) {
    const slice = performance.now() + 20;
    while (performance.now() < slice) x = (x * 1103515245 + 12345) % 2147483648;
    await new Promise((r) => setImmediate(r));
  }
  if (x < 0) throw new Error("unreachable");
}
var telemetryProbeCommand = async (args, ctx) => {
  const flags = parseArgs("telemetry-probe", args, SPEC);
  if (flags.help) {
    ctx.stdout.write(`${TELEMETRY_PROBE_USAGE}
`);
    return EXIT.pass;
  }
  const seconds = nonNegativeNumber("seconds", flags.seconds, 3);
  const gpuIndex = nonNegativeNumber("gpu-index", flags["gpu-index"], 0);
  const pids = (flags.pid ?? []).map((p) => nonNegativeNumber("pid", p, 0));
  const engines = (flags.engines ?? "onnxruntime,transformers").split(",").map((e) => e.trim());
  const gpu = !flags["no-gpu"];
  const lockStart = performance.now();
  const lock = await acquireGpuLock({
    gpuIndex,
    timeoutMs: 6e4,
    lockDir: flags["lock-dir"],
    holderInfo: `llm-perf-gate telemetry-probe (pid ${process.pid})`,
    onWait: (holder) => ctx.stderr.write(`waiting for GPU ${gpuIndex}: held by ${holder}
`)
  });
  const lockMs = Math.round(performance.now() - lockStart);
  try {
    const envStart = performance.now();
    const environment = await collectEnvironment({ engines, configHash: "telemetry-probe", python: flags.python });
    const envMs = Math.round(performance.now() - envStart);
    const telemetryStart = performance.now();
    const session = await startTelemetry({ gpu, gpuIndex });
    const startMs = Math.round(performance.now() - telemetryStart);
    if (flags.wait) await new Promise((r) => setTimeout(r, seconds * 1e3));
    else await burn(seconds * 1e3);
    const stopStart = performance.now();
    const { telemetry, gpuProcessPeakMiB } = await session.stop(pids);
    const stopMs = Math.round(performance.now() - stopStart);
    const doc = {
      machine: machineLine(environment),
      environment,
      telemetry,
      gpu_process_peak_mib: gpuProcessPeakMiB ?? null,
      timings_ms: { lock: lockMs, environment: envMs, telemetry_start: startMs, telemetry_stop: stopMs }
    };
    ctx.stdout.write(`${JSON.stringify(doc, null, 2)}
`);
    return EXIT.pass;
  } finally {
    await lock.release();
  }
};
export {
  TELEMETRY_PROBE_USAGE,
  telemetryProbeCommand
};
