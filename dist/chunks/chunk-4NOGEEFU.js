import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);

// src/telemetry/environment.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat, writeFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

// src/telemetry/execCommand.ts
import { spawn as nodeSpawn } from "node:child_process";
var MAX_OUTPUT = 1 << 20;
async function terminate(child, graceMs = 1e3) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", () => resolve()));
  const wait = (ms) => Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), ms).unref())]);
  child.kill("SIGTERM");
  if (await wait(graceMs)) return;
  child.kill("SIGKILL");
  if (await wait(graceMs)) return;
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}
async function execCommand(command, args, options) {
  const spawn = options.spawn ?? nodeSpawn;
  let child;
  try {
    child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
  } catch (err) {
    return { code: null, stdout: "", stderr: "", failure: "spawn-error", message: String(err) };
  }
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d) => {
    if (stdout.length < MAX_OUTPUT) stdout += d;
  });
  child.stderr?.setEncoding("utf8").on("data", (d) => {
    if (stderr.length < MAX_OUTPUT) stderr += d;
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      void terminate(child, 500);
      finish({
        code: null,
        stdout,
        stderr,
        failure: "timeout",
        message: `${command} did not finish within ${options.timeoutMs} ms`
      });
    }, options.timeoutMs);
    child.once("error", (err) => {
      const failure = err.code === "ENOENT" ? "not-found" : "spawn-error";
      finish({ code: null, stdout, stderr, failure, message: err.message });
    });
    child.once("close", (code) => finish({ code, stdout, stderr }));
  });
}

// src/telemetry/nvidiaSmi.ts
var GPU_SAMPLE_FIELDS = [
  "index",
  "uuid",
  "timestamp",
  "clocks.sm",
  "clocks.mem",
  "temperature.gpu",
  "power.draw",
  "utilization.gpu",
  "memory.used",
  "clocks_event_reasons.active"
];
var LEGACY_REASONS_FIELD = "clocks_throttle_reasons.active";
var GPU_INFO_FIELDS = ["index", "name", "memory.total", "driver_version", "uuid"];
var COMPUTE_APPS_FIELDS = ["pid", "used_memory", "gpu_uuid"];
var CLOCK_EVENT_REASONS = [
  { bit: 0x1n, name: "gpu_idle", label: "GPU idle" },
  { bit: 0x2n, name: "applications_clocks_setting", label: "applications clocks setting" },
  { bit: 0x4n, name: "sw_power_cap", label: "SW power cap" },
  { bit: 0x8n, name: "hw_slowdown", label: "HW slowdown" },
  { bit: 0x10n, name: "sync_boost", label: "sync boost" },
  { bit: 0x20n, name: "sw_thermal_slowdown", label: "SW thermal slowdown" },
  { bit: 0x40n, name: "hw_thermal_slowdown", label: "HW thermal slowdown" },
  { bit: 0x80n, name: "hw_power_brake_slowdown", label: "HW power brake slowdown" },
  { bit: 0x100n, name: "display_clock_setting", label: "display clock setting" }
];
function cells(line) {
  return line.split(",").map((c) => c.trim());
}
function num(cell) {
  if (cell === void 0 || cell === "" || cell.startsWith("[") || cell === "N/A") return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}
function decodeClockEventReasons(mask) {
  if (mask === null || !/^0x[0-9a-f]+$/i.test(mask)) return [];
  const value = BigInt(mask);
  return CLOCK_EVENT_REASONS.filter((r) => (value & r.bit) !== 0n).map((r) => r.name);
}
function reasonLabel(reason) {
  return CLOCK_EVENT_REASONS.find((r) => r.name === reason)?.label ?? reason;
}
function parseGpuSampleLine(line, tMs) {
  const c = cells(line);
  if (c.length !== GPU_SAMPLE_FIELDS.length) return void 0;
  const index = num(c[0]);
  if (index === null || !Number.isInteger(index) || !c[1]?.startsWith("GPU-")) return void 0;
  const rawMask = c[9] ?? "";
  const mask = /^0x[0-9a-f]+$/i.test(rawMask) ? rawMask : null;
  return {
    t_ms: tMs,
    index,
    uuid: c[1],
    timestamp: c[2] ?? "",
    sm_mhz: num(c[3]),
    mem_mhz: num(c[4]),
    temperature_c: num(c[5]),
    power_w: num(c[6]),
    utilization_pct: num(c[7]),
    memory_used_mib: num(c[8]),
    reasons_mask: mask,
    reasons: decodeClockEventReasons(mask)
  };
}
function parseGpuInfo(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const c = cells(line);
    if (c.length !== GPU_INFO_FIELDS.length) continue;
    const index = num(c[0]);
    if (index === null || !c[4]?.startsWith("GPU-")) continue;
    out.push({
      index,
      name: c[1] ?? "",
      memory_total_mib: num(c[2]),
      driver_version: c[3] ?? "",
      uuid: c[4]
    });
  }
  return out;
}
function parseComputeApps(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const c = cells(line);
    if (c.length !== COMPUTE_APPS_FIELDS.length) continue;
    const pid = num(c[0]);
    if (pid === null || !Number.isInteger(pid) || pid <= 0) continue;
    out.push({ pid, used_mib: num(c[1]), gpu_uuid: c[2] ?? "" });
  }
  return out;
}
function parseCudaVersion(header) {
  return /CUDA Version:\s*([0-9][0-9.]*)/.exec(header)?.[1] ?? null;
}
function saysNoDevices(text) {
  return /No devices were found/i.test(text);
}
function saysInvalidField(text) {
  return /is not a valid field to query/i.test(text);
}

// src/telemetry/environment.ts
var MACHINE_FIELDS = [
  "gpu_name",
  "gpu_count",
  "gpu_memory_mib",
  "gpu_driver",
  "cuda_version",
  "cpu_model",
  "cpu_cores",
  "cpu_limit",
  "ram_gib",
  "os",
  "arch",
  "node_major",
  "onnxruntime_node_version"
];
var PYTHON_FIELDS = ["python_version", "torch_version", "transformers_version"];
var NVIDIA_SMI_TIMEOUT_MS = 1e4;
var PYTHON_TIMEOUT_MS = 3e4;
var PYTHON_SCRIPT = [
  "import json, platform",
  "from importlib import metadata",
  "def v(n):",
  "    try:",
  "        return metadata.version(n)",
  "    except Exception:",
  "        return None",
  'print(json.dumps({"python": platform.python_version(), "torch": v("torch"), "transformers": v("transformers")}))'
].join("\n");
function createEnvironmentProbe(options = {}) {
  const digests = /* @__PURE__ */ new Map();
  let loaded = false;
  const loadCache = async () => {
    if (loaded || !options.digestCacheFile) return;
    loaded = true;
    try {
      const raw = JSON.parse(await readFile(options.digestCacheFile, "utf8"));
      for (const [k, v] of Object.entries(raw)) digests.set(k, v);
    } catch {
    }
  };
  const saveCache = async () => {
    if (!options.digestCacheFile) return;
    try {
      await mkdir(path.dirname(options.digestCacheFile), { recursive: true });
      await writeFile(options.digestCacheFile, JSON.stringify(Object.fromEntries(digests)));
    } catch {
    }
  };
  return {
    exec: (command, args, timeoutMs) => execCommand(command, args, { timeoutMs }),
    async readFile(p) {
      try {
        return await readFile(p, "utf8");
      } catch {
        return void 0;
      }
    },
    host: () => ({
      cpuModel: os.cpus()[0]?.model.trim() || null,
      cpuCores: os.cpus().length,
      totalMemBytes: os.totalmem(),
      platform: os.platform(),
      release: os.release(),
      arch: os.arch(),
      nodeVersion: process.versions.node,
      env: process.env
    }),
    async packageVersion(name) {
      try {
        const require2 = createRequire(import.meta.url);
        let dir = path.dirname(require2.resolve(name));
        for (let i = 0; i < 6; i++) {
          try {
            const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
            if (pkg.name === name) return pkg.version ?? null;
          } catch {
          }
          dir = path.dirname(dir);
        }
        return null;
      } catch {
        return null;
      }
    },
    async digestFile(p) {
      await loadCache();
      try {
        const s = await stat(p);
        const cached = digests.get(p);
        if (cached && cached.mtimeMs === s.mtimeMs && cached.size === s.size) return cached.digest;
        const hash = createHash("sha256");
        for await (const chunk of createReadStream(p)) hash.update(chunk);
        const digest = `sha256:${hash.digest("hex")}`;
        digests.set(p, { mtimeMs: s.mtimeMs, size: s.size, digest });
        await saveCache();
        return digest;
      } catch {
        return null;
      }
    }
  };
}
var sharedProbe;
function visibleGpus(gpus, cudaVisibleDevices) {
  if (cudaVisibleDevices === void 0) return [...gpus];
  const wanted = cudaVisibleDevices.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const out = [];
  for (const w of wanted) {
    const gpu = /^\d+$/.test(w) ? gpus.find((g) => g.index === Number(w)) : gpus.find((g) => w.startsWith("GPU-") && g.uuid.startsWith(w));
    if (!gpu) break;
    if (!out.includes(gpu)) out.push(gpu);
  }
  return out;
}
async function gpuFields(probe, env) {
  const [info, header] = await Promise.all([
    probe.exec(
      "nvidia-smi",
      [`--query-gpu=${GPU_INFO_FIELDS.join(",")}`, "--format=csv,noheader,nounits"],
      NVIDIA_SMI_TIMEOUT_MS
    ),
    probe.exec("nvidia-smi", [], NVIDIA_SMI_TIMEOUT_MS)
  ]);
  const gpus = info.code === 0 ? visibleGpus(parseGpuInfo(info.stdout), env.CUDA_VISIBLE_DEVICES) : [];
  const names = [...new Set(gpus.map((g) => g.name))];
  const memories = gpus.map((g) => g.memory_total_mib).filter((m) => m !== null);
  const drivers = [...new Set(gpus.map((g) => g.driver_version))];
  return {
    gpu_name: names.length > 0 ? names.join(" + ") : null,
    gpu_count: gpus.length,
    gpu_memory_mib: memories.length > 0 ? Math.min(...memories) : null,
    gpu_driver: drivers.length > 0 ? drivers.join(" + ") : null,
    cuda_version: gpus.length > 0 && header.code === 0 ? parseCudaVersion(header.stdout) : null
  };
}
async function cpuLimit(probe) {
  const text = await probe.readFile("/sys/fs/cgroup/cpu.max");
  const m = text === void 0 ? null : /^(\d+)\s+(\d+)/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) / Number(m[2]) * 100) / 100;
}
async function pythonFields(probe, python) {
  const r = await probe.exec(python, ["-c", PYTHON_SCRIPT], PYTHON_TIMEOUT_MS);
  let parsed = {};
  if (r.code === 0) {
    try {
      parsed = JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}");
    } catch {
      parsed = {};
    }
  }
  const str = (v) => typeof v === "string" && v.length > 0 ? v : null;
  return {
    python_version: str(parsed.python),
    torch_version: str(parsed.torch),
    transformers_version: str(parsed.transformers)
  };
}
function digestKeys(files) {
  const base = files.map((f) => path.basename(f));
  return files.map(
    (f, i) => base.filter((b) => b === base[i]).length > 1 ? `model_sha256:${path.relative(process.cwd(), f) || f}` : `model_sha256:${base[i]}`
  );
}
function hashFields(fields, comparable) {
  const canonical = JSON.stringify([...comparable].sort().map((k) => [k, fields[k] ?? null]));
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}
async function collectEnvironment(options) {
  const probe = options.probe ?? (sharedProbe ??= createEnvironmentProbe());
  const host = probe.host();
  const wantsPython = options.engines.includes("transformers");
  const files = options.modelFiles ?? [];
  const [gpu, limit, ortVersion, py, digests] = await Promise.all([
    gpuFields(probe, host.env),
    cpuLimit(probe),
    probe.packageVersion("onnxruntime-node"),
    wantsPython ? pythonFields(probe, options.python ?? "python3") : Promise.resolve(void 0),
    Promise.all(files.map((f) => probe.digestFile(f)))
  ]);
  const fields = {
    ...gpu,
    cpu_model: host.cpuModel,
    cpu_cores: host.cpuCores,
    cpu_limit: limit,
    ram_gib: Math.round(host.totalMemBytes / 2 ** 30),
    os: `${host.platform} ${host.release}`,
    arch: host.arch,
    node_version: host.nodeVersion,
    node_major: Number(host.nodeVersion.split(".")[0]),
    onnxruntime_node_version: ortVersion,
    ...py
  };
  digestKeys(files).forEach((key, i) => fields[key] = digests[i] ?? null);
  fields.config_hash = options.configHash;
  const comparable = [...MACHINE_FIELDS, ...wantsPython ? PYTHON_FIELDS : []];
  return { fields, comparable, hash: hashFields(fields, comparable) };
}

// src/telemetry/gpuSampler.ts
import { spawn as nodeSpawn2 } from "node:child_process";
function pidExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function describeFailure(command, r) {
  if (r.failure === "not-found") return `${command} not found`;
  if (r.failure === "timeout") return `${command} did not answer within the timeout`;
  if (r.failure === "spawn-error") return `${command} could not start: ${r.message ?? ""}`;
  if (saysNoDevices(r.stdout + r.stderr)) return "no NVIDIA GPU found";
  const text = (r.stderr || r.stdout).trim().split("\n")[0] ?? "";
  return `${command} exited with code ${r.code}${text ? `: ${text}` : ""}`;
}
async function startGpuSampler(options = {}) {
  const command = options.command ?? "nvidia-smi";
  const spawn = options.spawn ?? nodeSpawn2;
  const intervalMs = Math.max(50, Math.round(options.intervalMs ?? 200));
  const appsIntervalMs = Math.max(intervalMs, options.appsIntervalMs ?? 1e3);
  const timeoutMs = options.probeTimeoutMs ?? 5e3;
  const gpuIndex = options.gpuIndex ?? 0;
  const pidVisible = options.pidVisible ?? pidExists;
  const exec = (args) => execCommand(command, args, { timeoutMs, spawn, env: options.env });
  const unavailable = (reason) => {
    options.onUnavailable?.(reason);
    return void 0;
  };
  let fields = [...GPU_SAMPLE_FIELDS];
  const probeArgs = () => [`--query-gpu=${fields.join(",")}`, "--format=csv,noheader,nounits", "-i", String(gpuIndex)];
  let probe = await exec(probeArgs());
  if (probe.code !== 0 && saysInvalidField(probe.stdout + probe.stderr)) {
    fields = fields.map((f) => f === "clocks_event_reasons.active" ? LEGACY_REASONS_FIELD : f);
    probe = await exec(probeArgs());
  }
  if (probe.code !== 0) return unavailable(describeFailure(command, probe));
  const first = probe.stdout.split("\n").map((l) => parseGpuSampleLine(l, 0)).find((s) => s !== void 0);
  if (!first) return unavailable(`${command} printed no GPU line for index ${gpuIndex}`);
  const nameProbe = await exec(["--query-gpu=name", "--format=csv,noheader,nounits", "-i", String(gpuIndex)]);
  const gpu = { index: gpuIndex, uuid: first.uuid, name: nameProbe.code === 0 ? nameProbe.stdout.trim() : "" };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const samples = [];
  const apps = [];
  const errors = /* @__PURE__ */ new Set();
  let loop;
  try {
    loop = spawn(command, [...probeArgs(), "-lms", String(intervalMs)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: options.env ?? process.env
    });
  } catch (err) {
    return unavailable(`${command} could not start: ${String(err)}`);
  }
  let stopping = false;
  let pending = "";
  let stderr = "";
  loop.stdout?.setEncoding("utf8").on("data", (chunk) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const s = parseGpuSampleLine(line, elapsed());
      if (s) samples.push(s);
    }
  });
  loop.stderr?.setEncoding("utf8").on("data", (d) => {
    if (stderr.length < 4096) stderr += d;
  });
  loop.once("error", (err) => errors.add(`${command} sampling loop failed: ${err.message}`));
  loop.once("exit", (code, signal) => {
    if (!stopping) {
      const why = stderr.trim().split("\n")[0] ?? "";
      errors.add(`${command} sampling loop exited early (${signal ?? `code ${code}`})${why ? `: ${why}` : ""}`);
    }
  });
  const pollApps = async () => {
    const t = elapsed();
    const r = await exec([`--query-compute-apps=${COMPUTE_APPS_FIELDS.join(",")}`, "--format=csv,noheader,nounits"]);
    if (r.code !== 0) {
      errors.add(`process poll: ${describeFailure(command, r)}`);
      return;
    }
    let own = [];
    try {
      own = [...options.ownPids?.() ?? []];
    } catch {
    }
    apps.push({
      t_ms: t,
      apps: parseComputeApps(r.stdout).filter((a) => a.gpu_uuid === gpu.uuid).map((a) => ({ pid: a.pid, used_mib: a.used_mib, visible: pidVisible(a.pid) })),
      own
    });
  };
  let timer;
  let inflight = pollApps();
  const schedule = () => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = pollApps().finally(() => {
        inflight = void 0;
        schedule();
      });
    }, appsIntervalMs);
    timer.unref();
  };
  void inflight.finally(schedule);
  let result;
  const stop = async () => {
    stopping = true;
    clearTimeout(timer);
    await inflight;
    await pollApps();
    if (loop) await terminate(loop);
    if (samples.length === 0) errors.add(`${command} sampling loop produced no samples`);
    return {
      gpu,
      interval_ms: intervalMs,
      duration_ms: elapsed(),
      samples,
      apps,
      errors: [...errors]
    };
  };
  return {
    gpu,
    stop: () => result ??= stop(),
    progress: () => ({ samples: samples.length, polls: apps.length }),
    peakProcessMemoryMiB(pids) {
      const wanted = new Set(pids);
      let peak;
      for (const s of apps) {
        const mine = s.apps.filter((a) => wanted.has(a.pid) && a.used_mib !== null);
        if (mine.length === 0) continue;
        const sum = mine.reduce((acc, a) => acc + (a.used_mib ?? 0), 0);
        peak = Math.max(peak ?? 0, sum);
      }
      return peak;
    }
  };
}

// src/telemetry/hostLoad.ts
import { readFile as readFile2, readdir } from "node:fs/promises";
var procReader = {
  async readFile(path2) {
    try {
      return await readFile2(path2, "utf8");
    } catch {
      return void 0;
    }
  },
  async listPids() {
    try {
      return (await readdir("/proc")).filter((n) => /^\d+$/.test(n)).map(Number);
    } catch {
      return [];
    }
  }
};
function parseProcStat(text) {
  const lines = text.split("\n");
  const cpu = lines.find((l) => /^cpu\s/.test(l));
  if (!cpu) return void 0;
  const v = cpu.trim().split(/\s+/).slice(1, 9).map(Number);
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return void 0;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return {
    total,
    busy: user + nice + system + irq + softirq,
    steal,
    cpus: lines.filter((l) => /^cpu\d+\s/.test(l)).length || 1
  };
}
function parsePidStat(text) {
  const close = text.lastIndexOf(")");
  if (close < 0) return void 0;
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const ppid = Number(rest[1]);
  const ticks = [11, 12, 13, 14].reduce((acc, i) => acc + Number(rest[i]), 0);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return void 0;
  return { ppid, ticks };
}
async function readHostSnapshot(reader, rootPids, tMs) {
  const stat2 = await reader.readFile("/proc/stat");
  const cpu = stat2 === void 0 ? void 0 : parseProcStat(stat2);
  if (!cpu) return void 0;
  const pids = await reader.listPids();
  const stats = /* @__PURE__ */ new Map();
  for (let i = 0; i < pids.length; i += 64) {
    await Promise.all(
      pids.slice(i, i + 64).map(async (pid) => {
        const text = await reader.readFile(`/proc/${pid}/stat`);
        const parsed = text === void 0 ? void 0 : parsePidStat(text);
        if (parsed) stats.set(pid, parsed);
      })
    );
  }
  const children = /* @__PURE__ */ new Map();
  for (const [pid, s] of stats) children.set(s.ppid, [...children.get(s.ppid) ?? [], pid]);
  const own = /* @__PURE__ */ new Set();
  const queue = rootPids.filter((p) => stats.has(p));
  while (queue.length > 0) {
    const pid = queue.pop();
    if (own.has(pid)) continue;
    own.add(pid);
    queue.push(...children.get(pid) ?? []);
  }
  let ownTicks = 0;
  for (const pid of own) ownTicks += stats.get(pid)?.ticks ?? 0;
  const loadavg = await reader.readFile("/proc/loadavg");
  const load1 = loadavg === void 0 ? null : Number(loadavg.split(/\s+/)[0]);
  return {
    t_ms: tMs,
    cpu,
    ownTicks,
    ownPids: [...own],
    load1: load1 !== null && Number.isFinite(load1) ? load1 : null
  };
}
function summarizeHostLoad(snapshots) {
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  if (!first || !last || snapshots.length < 2) return void 0;
  const total = last.cpu.total - first.cpu.total;
  if (total <= 0) return void 0;
  let others = 0;
  for (let i = 1; i < snapshots.length; i++) {
    const a = snapshots[i - 1];
    const b = snapshots[i];
    others += Math.max(0, b.cpu.busy - a.cpu.busy - Math.max(0, b.ownTicks - a.ownTicks));
  }
  const cpus = last.cpu.cpus;
  const othersShare = Math.min(1, others / total);
  const stealShare = (last.cpu.steal - first.cpu.steal) / total;
  const othersCpus = othersShare * cpus;
  const loads = snapshots.map((s) => s.load1).filter((l) => l !== null);
  return {
    samples: snapshots.length,
    cpus,
    others_cpus: round(othersCpus, 2),
    others_share: round(othersShare, 3),
    steal_share: round(stealShare, 3),
    load1_max: loads.length > 0 ? Math.max(...loads) : null,
    busy: othersCpus >= Math.max(0.5, 0.1 * cpus) || stealShare >= 0.1
  };
}
function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
async function startHostLoadSampler(options = {}) {
  const reader = options.reader ?? procReader;
  const intervalMs = options.intervalMs ?? 1e3;
  const roots = options.rootPids ?? (() => [process.pid]);
  const started = performance.now();
  const snapshots = [];
  let tree = [];
  const take = async () => {
    try {
      const s = await readHostSnapshot(reader, roots(), Math.round(performance.now() - started));
      if (s) {
        snapshots.push(s);
        tree = s.ownPids;
      }
    } catch {
    }
  };
  await take();
  let stopping = false;
  let inflight;
  let timer;
  const schedule = () => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = take().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    treePids: () => tree,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await inflight;
      await take();
      return summarizeHostLoad(snapshots);
    }
  };
}

// src/telemetry/runValidity.ts
var SEVERE = [
  "hw_slowdown",
  "hw_thermal_slowdown",
  "sw_thermal_slowdown",
  "hw_power_brake_slowdown"
];
var POWER_CAP_SHARE = 0.1;
var BENIGN = [
  "gpu_idle",
  "applications_clocks_setting",
  "sync_boost",
  "display_clock_setting"
];
function median(xs) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
function present(xs) {
  return xs.filter((x) => x !== null);
}
function formatMiB(mib) {
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}
function assessThrottle(gpu, notes, summary) {
  const n = gpu.samples.length;
  const counts = /* @__PURE__ */ new Map();
  for (const s of gpu.samples) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  let throttled = false;
  let throttleSamples = 0;
  for (const s of gpu.samples) {
    if (s.reasons.some((r) => SEVERE.includes(r) || r === "sw_power_cap")) throttleSamples += 1;
  }
  for (const { name } of CLOCK_EVENT_REASONS) {
    const c = counts.get(name) ?? 0;
    if (c === 0 || BENIGN.includes(name)) continue;
    const marks = SEVERE.includes(name) || c / n >= POWER_CAP_SHARE;
    throttled ||= marks;
    notes.push(`GPU ${reasonLabel(name)} in ${c} of ${n} samples${marks ? "" : " (below the 10% that marks a run)"}`);
  }
  summary.throttle_samples = throttleSamples;
  summary.clock_event_reasons = [...counts].map(([r, c]) => `${r}:${c}`).join(", ") || null;
  return throttled;
}
function assessSharing(gpu, extraOwn, notes, summary) {
  const others = /* @__PURE__ */ new Map();
  const unattributed = /* @__PURE__ */ new Map();
  let ownSeen = false;
  let sharedPolls = 0;
  for (const poll of gpu.apps) {
    const own = /* @__PURE__ */ new Set([...poll.own, ...extraOwn]);
    const hasOwn = poll.apps.some((a) => own.has(a.pid));
    ownSeen ||= hasOwn;
    let shared = false;
    for (const a of poll.apps) {
      if (own.has(a.pid)) continue;
      if (a.visible || hasOwn) {
        const o = others.get(a.pid) ?? { polls: 0, peak: 0 };
        others.set(a.pid, { polls: o.polls + 1, peak: Math.max(o.peak, a.used_mib ?? 0) });
        shared = true;
      } else {
        unattributed.set(a.pid, Math.max(unattributed.get(a.pid) ?? 0, a.used_mib ?? 0));
      }
    }
    if (shared) sharedPolls += 1;
  }
  const polls = gpu.apps.length;
  summary.process_polls = polls;
  summary.other_processes = others.size;
  const listed = [...others].sort((a, b) => b[1].peak - a[1].peak).slice(0, 3);
  if (listed.length > 0) {
    const who = listed.map(([pid, o]) => `pid ${pid}, ${formatMiB(o.peak)}`).join("; ");
    const more = others.size > listed.length ? ` and ${others.size - listed.length} more` : "";
    const subject = others.size === 1 ? "another process" : `${others.size} other processes`;
    notes.push(`${subject} (${who}${more}) shared the GPU in ${sharedPolls} of ${polls} process polls`);
  }
  if (unattributed.size > 0 && !ownSeen) {
    const pids = [...unattributed.keys()].slice(0, 3).join(", ");
    notes.push(
      `GPU processes (pid ${pids}) are not visible from this pid namespace, so whether the GPU was shared is unknown`
    );
  }
  return others.size > 0;
}
function assessRunValidity(input) {
  const notes = [...input.notes ?? []];
  const summary = {};
  let throttled = false;
  let shared = false;
  const gpu = input.gpu;
  if (gpu) {
    const s = gpu.samples;
    Object.assign(summary, {
      gpu_name: gpu.gpu.name || null,
      gpu_index: gpu.gpu.index,
      gpu_samples: s.length,
      gpu_interval_ms: gpu.interval_ms,
      sm_clock_mhz_median: median(present(s.map((x) => x.sm_mhz))),
      sm_clock_mhz_min: minOrNull(present(s.map((x) => x.sm_mhz))),
      mem_clock_mhz_median: median(present(s.map((x) => x.mem_mhz))),
      temperature_c_max: maxOrNull(present(s.map((x) => x.temperature_c))),
      power_w_median: median(present(s.map((x) => x.power_w))),
      power_w_max: maxOrNull(present(s.map((x) => x.power_w))),
      utilization_pct_median: median(present(s.map((x) => x.utilization_pct))),
      gpu_memory_used_mib_max: maxOrNull(present(s.map((x) => x.memory_used_mib)))
    });
    if (s.length > 0) throttled = assessThrottle(gpu, notes, summary);
    shared = assessSharing(gpu, input.ownPids ?? [], notes, summary);
    for (const e of gpu.errors) notes.push(`GPU telemetry: ${e}`);
  }
  const host = input.host;
  if (host) {
    Object.assign(summary, {
      host_cpus: host.cpus,
      host_others_cpus: host.others_cpus,
      host_others_share: host.others_share,
      host_steal_share: host.steal_share,
      host_load1_max: host.load1_max,
      host_samples: host.samples
    });
    if (host.busy) {
      const steal = host.steal_share >= 0.1 ? `, hypervisor steal ${Math.round(host.steal_share * 100)}%` : "";
      notes.push(`host busy: other processes used ${host.others_cpus} of ${host.cpus} CPUs on average${steal}`);
    }
  }
  return {
    samples: gpu ? gpu.samples.length : host?.samples ?? 0,
    gpu_throttled: throttled,
    gpu_shared: shared,
    host_busy: host?.busy ?? false,
    notes,
    summary
  };
}
function maxOrNull(xs) {
  return xs.length > 0 ? Math.max(...xs) : null;
}
function minOrNull(xs) {
  return xs.length > 0 ? Math.min(...xs) : null;
}

// src/telemetry/telemetrySession.ts
async function startTelemetry(options) {
  const notes = [];
  const host = await startHostLoadSampler({
    intervalMs: options.hostIntervalMs,
    reader: options.procReader,
    rootPids: () => [process.pid]
  }).catch(() => void 0);
  const own = () => {
    let extra = [];
    try {
      extra = options.ownPids?.() ?? [];
    } catch {
    }
    return [process.pid, ...host?.treePids() ?? [], ...extra];
  };
  const gpu = options.gpu ? await startGpuSampler({
    ...options.gpuSampler,
    gpuIndex: options.gpuIndex,
    intervalMs: options.intervalMs,
    ownPids: own,
    onUnavailable: (reason) => notes.push(`GPU telemetry off: ${reason}`)
  }).catch((err) => {
    notes.push(`GPU telemetry off: ${String(err)}`);
    return void 0;
  }) : void 0;
  let stopped;
  const stop = async (pids) => {
    const attributed = pids.length > 0 ? pids : [process.pid];
    const [gpuTelemetry, hostSummary] = await Promise.all([
      gpu?.stop().catch(() => void 0),
      host?.stop().catch(() => void 0)
    ]);
    const telemetry = assessRunValidity({
      gpu: gpuTelemetry,
      host: hostSummary,
      ownPids: [...attributed, process.pid],
      notes
    });
    const peak = gpu?.peakProcessMemoryMiB(attributed);
    return peak === void 0 ? { telemetry } : { telemetry, gpuProcessPeakMiB: peak };
  };
  return { stop: (pids) => stopped ??= stop(pids) };
}

export {
  MACHINE_FIELDS,
  PYTHON_FIELDS,
  collectEnvironment,
  startTelemetry
};
