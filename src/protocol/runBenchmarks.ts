// The protocol runner: for each planned config, run the engine (warm-up + measured iterations) with
// telemetry around it, record every sample, and — when baselines are given — sample more where the
// verdict is inconclusive and the config's budget allows (adaptive sampling).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { LoadedConfig } from '../config/loadConfig.js';
import { defaultEngines, type EngineRegistry } from '../engines/registry.js';
import { EngineError, type Engine, type EngineRequest } from '../engines/types.js';
import { latencySeries } from '../metrics.js';
import type { BenchmarkResult, Environment, MemoryPeak, ResultDoc } from '../result/schema.js';
import { RESULT_FORMAT, RESULT_VERSION } from '../result/schema.js';
import { configsNeedingMoreSamples } from '../stats/adaptive.js';
import { compareRuns } from '../stats/compareRuns.js';
import { median } from '../stats/descriptive.js';
import { collectEnvironment } from '../telemetry/environment.js';
import { acquireGpuLock } from '../telemetry/gpuLock.js';
import { startTelemetry } from '../telemetry/telemetrySession.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { expandBenchmarks, selectShard, type PlannedBenchmark } from './expandBenchmarks.js';
import { plannedResult } from './plannedResult.js';
import { silentProgress, type ProgressReporter } from './progress.js';

export interface RunOptions {
  readonly progress?: ProgressReporter;
  readonly filter?: (name: string) => boolean;
  readonly shard?: { readonly index: number; readonly total: number };
  readonly label?: string;
  readonly git?: { readonly sha?: string; readonly ref?: string };
  /** Enables adaptive sampling: configs whose verdict against these is inconclusive get more rounds. */
  readonly baselines?: readonly ResultDoc[];
  readonly engines?: EngineRegistry;
  readonly environment?: () => Promise<Environment>;
  /** Whether to sample GPU/host telemetry around each config (off in unit tests). */
  readonly telemetry?: boolean;
  readonly now?: () => Date;
  /** How long to wait for another run's host-level GPU lock before giving up (default 30 minutes). */
  readonly gpuLockTimeoutMs?: number;
}

/** Whether a config measures on a GPU (decides telemetry and the GPU lock). */
export function usesGpu(b: PlannedBenchmark): boolean {
  if (b.engine === 'onnxruntime') return (b.options as { provider?: string }).provider !== 'cpu';
  if (b.engine === 'transformers')
    return !String((b.options as { device?: string }).device ?? 'cuda').startsWith('cpu');
  return false;
}

function request(loaded: LoadedConfig, b: PlannedBenchmark, iterations: number, round: number): EngineRequest {
  const p = b.protocol;
  return {
    name: b.name,
    options: b.options,
    warmup: p.warmup,
    iterations,
    maxNewTokens: p.max_new_tokens,
    batchSize: p.batch_size,
    prompt: p.prompt,
    ...(p.prompt_tokens !== undefined ? { promptTokens: p.prompt_tokens } : {}),
    seed: p.seed,
    configDir: loaded.dir,
    round,
  };
}

function modelFiles(loaded: LoadedConfig, planned: readonly PlannedBenchmark[]): string[] {
  return planned
    .filter((b) => b.engine === 'onnxruntime')
    .map((b) => path.resolve(loaded.dir, (b.options as { model: string }).model));
}

interface Slot {
  readonly plan: PlannedBenchmark;
  result: BenchmarkResult;
  seconds: number;
}

function mergeMemory(a: readonly MemoryPeak[], b: readonly MemoryPeak[]): MemoryPeak[] {
  const out = new Map<string, MemoryPeak>();
  for (const m of [...a, ...b]) {
    const prev = out.get(m.metric);
    if (!prev || m.value_mib > prev.value_mib) out.set(m.metric, m);
  }
  return [...out.values()];
}

async function runRound(
  loaded: LoadedConfig,
  slot: Slot,
  engine: Engine,
  iterations: number,
  round: number,
  progress: ProgressReporter,
  telemetryOn: boolean,
): Promise<void> {
  const started = performance.now();
  const gpu = usesGpu(slot.plan);
  const telemetry = telemetryOn ? await startTelemetry({ gpu }) : undefined;
  const tokS: number[] = [];
  const childPids: number[] = [];
  try {
    const out = await engine.run(request(loaded, slot.plan, iterations, round), {
      onProcess: (pid) => childPids.push(pid),
      onWarmup: (i, n) => progress.warmup(i, n),
      onIteration: (i, n, s) => {
        const v = latencySeries('e2e_tok_s', [s])[0];
        if (v !== undefined) tokS.push(v);
        progress.iteration(i, n, tokS.length > 0 ? median(tokS) : undefined);
      },
    });
    const r = slot.result;
    r.iterations.push(...out.iterations.map((s) => (round > 0 ? { ...s, round } : s)));
    // Memory peaks come from the planned round only: a later round's process differs (a child, or
    // one that already holds a session), and the baseline measured the planned round alone.
    if (round === 0) r.memory = mergeMemory(r.memory, out.memory);
    r.engine_info = { ...r.engine_info, ...out.engine_info };
    if (r.tokens_digest !== undefined && out.tokens_digest !== undefined && r.tokens_digest !== out.tokens_digest) {
      throw new EngineError('invalid-output', 'generated tokens differ between rounds of the same config');
    }
    if (out.tokens_digest !== undefined) r.tokens_digest = out.tokens_digest;
    if (telemetry) {
      // GPU memory belongs to the engine's child processes, or to this process for in-process engines.
      const reported = typeof out.engine_info.pid === 'number' ? [out.engine_info.pid] : [];
      const pids = [...new Set([...childPids, ...reported])];
      const t = await telemetry.stop(pids.length > 0 ? pids : [process.pid]);
      r.telemetry = out.telemetry ?? t.telemetry;
      if (t.gpuProcessPeakMiB !== undefined && round === 0) {
        r.memory = mergeMemory(r.memory, [
          {
            metric: 'gpu_process_peak_mib',
            value_mib: t.gpuProcessPeakMiB,
            source: 'nvidia-smi --query-compute-apps=pid,used_memory (sampled)',
          },
        ]);
      } else if (t.gpuDeviceRiseMiB !== undefined && round === 0) {
        r.memory = mergeMemory(r.memory, [
          {
            metric: 'gpu_device_rise_mib',
            value_mib: t.gpuDeviceRiseMiB,
            source:
              'nvidia-smi memory.used of the whole GPU (sampled): peak during the config minus before it; ' +
              'the engine was not listed by --query-compute-apps, and other processes count too',
          },
        ]);
      }
    } else if (out.telemetry) r.telemetry = out.telemetry;
  } catch (err) {
    if (telemetry) await telemetry.stop([]).catch(() => undefined);
    const e =
      err instanceof EngineError
        ? err
        : new EngineError('internal', `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    slot.result = {
      ...slot.result,
      status: 'failed',
      error: { kind: e.kind, message: e.message, ...(e.stderrTail ? { stderr_tail: e.stderrTail } : {}) },
    };
  } finally {
    slot.seconds += (performance.now() - started) / 1000;
  }
}

function describeOutcome(r: BenchmarkResult): string {
  if (r.status === 'failed') return `failed: ${r.error?.message ?? 'unknown error'}`;
  const tok = latencySeries('e2e_tok_s', r.iterations);
  return `${r.iterations.length} iterations, median ${tok.length > 0 ? median(tok).toFixed(1) : '?'} tok/s`;
}

export async function runBenchmarks(loaded: LoadedConfig, options: RunOptions = {}): Promise<ResultDoc> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const progress = options.progress ?? silentProgress;
  const registry = options.engines ?? defaultEngines();
  let planned = expandBenchmarks(loaded.config);
  if (options.filter) planned = planned.filter((b) => options.filter!(b.name));
  if (options.shard) planned = selectShard(planned, options.shard);

  const environment = await (
    options.environment ??
    (() =>
      collectEnvironment({
        engines: [...new Set(planned.map((b) => b.engine))],
        modelFiles: modelFiles(loaded, planned),
        configHash: loaded.hash,
      }))
  )();

  const engines = new Map<string, Engine>();
  const slots: Slot[] = planned.map((plan) => ({ plan, result: plannedResult(plan), seconds: 0 }));
  const telemetryOn = options.telemetry ?? true;

  const engineFor = async (slot: Slot): Promise<Engine | undefined> => {
    const name = slot.plan.engine;
    try {
      if (!engines.has(name)) engines.set(name, await registry[name]());
      return engines.get(name);
    } catch (err) {
      slot.result = {
        ...slot.result,
        status: 'failed',
        error: { kind: 'dependency-missing', message: `engine "${name}" could not be loaded: ${String(err)}` },
      };
      return undefined;
    }
  };

  const buildDoc = (): ResultDoc => ({
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    run: {
      id: randomUUID(),
      started_at: startedAt,
      finished_at: now().toISOString(),
      ...(options.label ? { label: options.label } : {}),
      ...(options.git ? { git: { ...options.git } } : {}),
      ...(options.shard ? { shard: { ...options.shard } } : {}),
    },
    config: { path: loaded.path, hash: loaded.hash, resolved: loaded.config as unknown as Record<string, unknown> },
    environment,
    benchmarks: slots.map((s) => ({ ...s.result, duration_s: Math.round(s.seconds * 1000) / 1000 })),
  });

  // One GPU, one benchmark: never measure while another runner instance measures on this host's GPU.
  const lock = slots.some((s) => usesGpu(s.plan))
    ? await acquireGpuLock({
        timeoutMs: options.gpuLockTimeoutMs ?? 30 * 60_000,
        holderInfo: `llm-perf-gate run (pid ${process.pid}) of ${loaded.path}`,
        onWait: (holder) => progress.note(`waiting for the GPU, held by ${holder}`),
      })
    : undefined;
  try {
    for (const [i, slot] of slots.entries()) {
      progress.benchmarkStart(i, slots.length, slot.plan.name);
      const engine = await engineFor(slot);
      if (engine) {
        await runRound(loaded, slot, engine, slot.plan.protocol.iterations, 0, progress, telemetryOn);
      }
      progress.benchmarkEnd(slot.plan.name, { ok: slot.result.status === 'ok', summary: describeOutcome(slot.result) });
    }
    await sampleMore();
  } finally {
    await lock?.release();
  }
  return buildDoc();

  async function sampleMore(): Promise<void> {
    if (!options.baselines || options.baselines.length === 0) return;
    // Adaptive sampling: while a verdict is inconclusive for want of samples and budget remains,
    // run another round (a fresh session: between-round noise is part of what we measure).
    for (let round = 1; ; round++) {
      const cmp = compareRuns(options.baselines!, [buildDoc()], { gate: loaded.config.gate });
      const wanted = new Set(configsNeedingMoreSamples(cmp));
      const todo = slots.filter((s) => {
        const budget = s.plan.protocol.budget;
        return (
          wanted.has(s.plan.name) &&
          s.result.status === 'ok' &&
          s.result.iterations.length < budget.max_iterations &&
          s.seconds < budget.max_seconds
        );
      });
      if (todo.length === 0) break;
      for (const slot of todo) {
        const budget = slot.plan.protocol.budget;
        const n = Math.min(slot.plan.protocol.iterations, budget.max_iterations - slot.result.iterations.length);
        const confirming = cmp.configs
          .find((c) => c.name === slot.plan.name)
          ?.metrics.some((m) => m.gating && m.awaitingConfirmation === true);
        const why = confirming ? 'a change to confirm' : 'inconclusive';
        progress.benchmarkStart(slots.indexOf(slot), slots.length, slot.plan.name);
        progress.note(`${why}: one more run of ${n} iterations (adaptive round ${round})`);
        const engine = await engineFor(slot);
        if (engine) await runRound(loaded, slot, engine, n, round, progress, telemetryOn);
        progress.benchmarkEnd(slot.plan.name, {
          ok: slot.result.status === 'ok',
          summary: describeOutcome(slot.result),
        });
        slot.result.adaptive = {
          rounds: round,
          iterations: slot.result.iterations.length,
          reason: confirming
            ? 'a change against the baseline, confirmed by more candidate runs'
            : 'inconclusive against the baseline',
        };
      }
    }
  }
}
