import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  configsNeedingMoreSamples
} from "./chunk-SRWI2EM7.js";
import {
  compareRuns,
  median
} from "./chunk-5SMNJ6R7.js";
import {
  defaultEngines
} from "./chunk-YACFOET2.js";
import {
  acquireGpuLock,
  collectEnvironment,
  startTelemetry
} from "./chunk-JPISD55V.js";
import {
  EngineError
} from "./chunk-4TRCKOUO.js";
import {
  expandBenchmarks,
  plannedResult,
  selectShard
} from "./chunk-6DDORJZV.js";
import {
  RESULT_FORMAT,
  RESULT_VERSION
} from "./chunk-6X43IM6E.js";
import {
  latencySeries
} from "./chunk-JKIUB3YX.js";

// src/version.ts
var TOOL_NAME = "llm-perf-gate";
var TOOL_VERSION = true ? "0.1.0" : "0.0.0-dev";

// src/protocol/runBenchmarks.ts
import { randomUUID } from "node:crypto";
import path from "node:path";

// src/protocol/progress.ts
var silentProgress = {
  benchmarkStart() {
  },
  warmup() {
  },
  iteration() {
  },
  benchmarkEnd() {
  },
  note() {
  }
};

// src/protocol/runBenchmarks.ts
function usesGpu(b) {
  if (b.engine === "onnxruntime") return b.options.provider !== "cpu";
  if (b.engine === "transformers")
    return !String(b.options.device ?? "cuda").startsWith("cpu");
  return false;
}
function request(loaded, b, iterations, round) {
  const p = b.protocol;
  return {
    name: b.name,
    options: b.options,
    warmup: p.warmup,
    iterations,
    maxNewTokens: p.max_new_tokens,
    batchSize: p.batch_size,
    prompt: p.prompt,
    ...p.prompt_tokens !== void 0 ? { promptTokens: p.prompt_tokens } : {},
    seed: p.seed,
    configDir: loaded.dir,
    round
  };
}
function modelFiles(loaded, planned) {
  return planned.filter((b) => b.engine === "onnxruntime").map((b) => path.resolve(loaded.dir, b.options.model));
}
function mergeMemory(a, b) {
  const out = /* @__PURE__ */ new Map();
  for (const m of [...a, ...b]) {
    const prev = out.get(m.metric);
    if (!prev || m.value_mib > prev.value_mib) out.set(m.metric, m);
  }
  return [...out.values()];
}
async function runRound(loaded, slot, engine, iterations, round, progress, telemetryOn) {
  const started = performance.now();
  const gpu = usesGpu(slot.plan);
  const telemetry = telemetryOn ? await startTelemetry({ gpu }) : void 0;
  const tokS = [];
  const childPids = [];
  try {
    const out = await engine.run(request(loaded, slot.plan, iterations, round), {
      onProcess: (pid) => childPids.push(pid),
      onWarmup: (i, n) => progress.warmup(i, n),
      onIteration: (i, n, s) => {
        const v = latencySeries("e2e_tok_s", [s])[0];
        if (v !== void 0) tokS.push(v);
        progress.iteration(i, n, tokS.length > 0 ? median(tokS) : void 0);
      }
    });
    const r = slot.result;
    r.iterations.push(...out.iterations.map((s) => round > 0 ? { ...s, round } : s));
    if (round === 0) r.memory = mergeMemory(r.memory, out.memory);
    r.engine_info = { ...r.engine_info, ...out.engine_info };
    if (r.tokens_digest !== void 0 && out.tokens_digest !== void 0 && r.tokens_digest !== out.tokens_digest) {
      throw new EngineError("invalid-output", "generated tokens differ between rounds of the same config");
    }
    if (out.tokens_digest !== void 0) r.tokens_digest = out.tokens_digest;
    if (telemetry) {
      const reported = typeof out.engine_info.pid === "number" ? [out.engine_info.pid] : [];
      const pids = [.../* @__PURE__ */ new Set([...childPids, ...reported])];
      const t = await telemetry.stop(pids.length > 0 ? pids : [process.pid]);
      r.telemetry = out.telemetry ?? t.telemetry;
      if (t.gpuProcessPeakMiB !== void 0 && round === 0) {
        r.memory = mergeMemory(r.memory, [
          {
            metric: "gpu_process_peak_mib",
            value_mib: t.gpuProcessPeakMiB,
            source: "nvidia-smi --query-compute-apps=pid,used_memory (sampled)"
          }
        ]);
      } else if (t.gpuDeviceRiseMiB !== void 0 && round === 0) {
        r.memory = mergeMemory(r.memory, [
          {
            metric: "gpu_device_rise_mib",
            value_mib: t.gpuDeviceRiseMiB,
            source: "nvidia-smi memory.used of the whole GPU (sampled): peak during the config minus before it; the engine was not listed by --query-compute-apps, and other processes count too"
          }
        ]);
      }
    } else if (out.telemetry) r.telemetry = out.telemetry;
  } catch (err) {
    if (telemetry) await telemetry.stop([]).catch(() => void 0);
    const e = err instanceof EngineError ? err : new EngineError("internal", `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    slot.result = {
      ...slot.result,
      status: "failed",
      error: { kind: e.kind, message: e.message, ...e.stderrTail ? { stderr_tail: e.stderrTail } : {} }
    };
  } finally {
    slot.seconds += (performance.now() - started) / 1e3;
  }
}
function describeOutcome(r) {
  if (r.status === "failed") return `failed: ${r.error?.message ?? "unknown error"}`;
  const tok = latencySeries("e2e_tok_s", r.iterations);
  return `${r.iterations.length} iterations, median ${tok.length > 0 ? median(tok).toFixed(1) : "?"} tok/s`;
}
async function runBenchmarks(loaded, options = {}) {
  const now = options.now ?? (() => /* @__PURE__ */ new Date());
  const startedAt = now().toISOString();
  const progress = options.progress ?? silentProgress;
  const registry = options.engines ?? defaultEngines();
  let planned = expandBenchmarks(loaded.config);
  if (options.filter) planned = planned.filter((b) => options.filter(b.name));
  if (options.shard) planned = selectShard(planned, options.shard);
  const environment = await (options.environment ?? (() => collectEnvironment({
    engines: [...new Set(planned.map((b) => b.engine))],
    modelFiles: modelFiles(loaded, planned),
    configHash: loaded.hash
  })))();
  const engines = /* @__PURE__ */ new Map();
  const slots = planned.map((plan) => ({ plan, result: plannedResult(plan), seconds: 0 }));
  const telemetryOn = options.telemetry ?? true;
  const engineFor = async (slot) => {
    const name = slot.plan.engine;
    try {
      if (!engines.has(name)) engines.set(name, await registry[name]());
      return engines.get(name);
    } catch (err) {
      slot.result = {
        ...slot.result,
        status: "failed",
        error: { kind: "dependency-missing", message: `engine "${name}" could not be loaded: ${String(err)}` }
      };
      return void 0;
    }
  };
  const buildDoc = () => ({
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    run: {
      id: randomUUID(),
      started_at: startedAt,
      finished_at: now().toISOString(),
      ...options.label ? { label: options.label } : {},
      ...options.git ? { git: { ...options.git } } : {},
      ...options.shard ? { shard: { ...options.shard } } : {}
    },
    config: { path: loaded.path, hash: loaded.hash, resolved: loaded.config },
    environment,
    benchmarks: slots.map((s) => ({ ...s.result, duration_s: Math.round(s.seconds * 1e3) / 1e3 }))
  });
  const lock = slots.some((s) => usesGpu(s.plan)) ? await acquireGpuLock({
    timeoutMs: options.gpuLockTimeoutMs ?? 30 * 6e4,
    holderInfo: `llm-perf-gate run (pid ${process.pid}) of ${loaded.path}`,
    onWait: (holder) => progress.note(`waiting for the GPU, held by ${holder}`)
  }) : void 0;
  try {
    for (const [i, slot] of slots.entries()) {
      progress.benchmarkStart(i, slots.length, slot.plan.name);
      const engine = await engineFor(slot);
      if (engine) {
        await runRound(loaded, slot, engine, slot.plan.protocol.iterations, 0, progress, telemetryOn);
      }
      progress.benchmarkEnd(slot.plan.name, { ok: slot.result.status === "ok", summary: describeOutcome(slot.result) });
    }
    await sampleMore();
  } finally {
    await lock?.release();
  }
  return buildDoc();
  async function sampleMore() {
    if (!options.baselines || options.baselines.length === 0) return;
    for (let round = 1; ; round++) {
      const cmp = compareRuns(options.baselines, [buildDoc()], { gate: loaded.config.gate });
      const wanted = new Set(configsNeedingMoreSamples(cmp));
      const todo = slots.filter((s) => {
        const budget = s.plan.protocol.budget;
        return wanted.has(s.plan.name) && s.result.status === "ok" && s.result.iterations.length < budget.max_iterations && s.seconds < budget.max_seconds;
      });
      if (todo.length === 0) break;
      for (const slot of todo) {
        const budget = slot.plan.protocol.budget;
        const n = Math.min(slot.plan.protocol.iterations, budget.max_iterations - slot.result.iterations.length);
        const confirming = cmp.configs.find((c) => c.name === slot.plan.name)?.metrics.some((m) => m.gating && m.awaitingConfirmation === true);
        const why = confirming ? "a change to confirm" : "inconclusive";
        progress.benchmarkStart(slots.indexOf(slot), slots.length, slot.plan.name);
        progress.note(`${why}: one more run of ${n} iterations (adaptive round ${round})`);
        const engine = await engineFor(slot);
        if (engine) await runRound(loaded, slot, engine, n, round, progress, telemetryOn);
        progress.benchmarkEnd(slot.plan.name, {
          ok: slot.result.status === "ok",
          summary: describeOutcome(slot.result)
        });
        slot.result.adaptive = {
          rounds: round,
          iterations: slot.result.iterations.length,
          reason: confirming ? "a change against the baseline, confirmed by more candidate runs" : "inconclusive against the baseline"
        };
      }
    }
  }
}

export {
  TOOL_VERSION,
  silentProgress,
  runBenchmarks
};
