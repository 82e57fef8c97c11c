// The protocol runner: for each planned config, run the engine (warm-up + measured iterations) with
// telemetry around it, record every sample, and — when baselines are given — sample more where the
// verdict is inconclusive and the config's budget allows (adaptive sampling).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { LoadedConfig } from '../config/loadConfig.js';
import { defaultEngines, type EngineRegistry } from '../engines/registry.js';
import { EngineError, type Engine, type EngineRequest } from '../engines/types.js';
import { latencySeries } from '../metrics.js';
import type {
  BenchmarkResult,
  EngineOutput,
  Environment,
  IterationSample,
  MemoryPeak,
  ResultDoc,
} from '../result/schema.js';
import { RESULT_FORMAT, RESULT_VERSION } from '../result/schema.js';
import { configsNeedingMoreSamples } from '../stats/adaptive.js';
import { compareRuns } from '../stats/compareRuns.js';
import { median } from '../stats/descriptive.js';
import { collectEnvironment } from '../telemetry/environment.js';
import { acquireGpuLock, GpuLockCancelledError, type GpuLock } from '../telemetry/gpuLock.js';
import { startTelemetry, type TelemetrySession } from '../telemetry/telemetrySession.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { expandBenchmarks, selectShard, type PlannedBenchmark } from './expandBenchmarks.js';
import { plannedResult } from './plannedResult.js';
import { silentProgress, type ProgressReporter } from './progress.js';

export interface RunOptions {
  readonly progress?: ProgressReporter;
  readonly filter?: (name: string) => boolean;
  readonly shard?: { readonly index: number; readonly total: number } | undefined;
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
  /**
   * Cancellation (SIGINT/SIGTERM): the running config is stopped, no other starts, and the document
   * comes back with what finished and `run.cancelled` set.
   */
  readonly signal?: AbortSignal | undefined;
  /** Told the document so far after each config, so a forced exit can still write it. */
  readonly onSnapshot?: (doc: ResultDoc) => void;
}

/** Whether a config measures on a GPU (decides telemetry and the GPU lock). */
export function usesGpu(b: PlannedBenchmark): boolean {
  if (b.engine === 'onnxruntime') return (b.options as { provider?: string }).provider !== 'cpu';
  if (b.engine === 'transformers')
    return !String((b.options as { device?: string }).device ?? 'cuda').startsWith('cpu');
  return false;
}

/**
 * How far a round may overrun its budget before it is stopped: engines stop starting iterations
 * when the budget runs out, so only a single iteration (or a program that ignores the budget) goes
 * over. Twice the budget plus half a minute leaves room for one slow iteration and a model load.
 */
export function hardStopMs(budgetMs: number): number {
  return Math.round(2 * budgetMs + 30_000);
}

function request(
  loaded: LoadedConfig,
  b: PlannedBenchmark,
  iterations: number,
  round: number,
  limits: { budgetMs: number; signal: AbortSignal },
): EngineRequest {
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
    budgetMs: limits.budgetMs,
    signal: limits.signal,
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
  /** Its planned round ended (measured, failed or cancelled); until then it is not in a valid result. */
  done: boolean;
}

/** The highest peak per metric and round. */
function mergeMemory(a: readonly MemoryPeak[], b: readonly MemoryPeak[]): MemoryPeak[] {
  const out = new Map<string, MemoryPeak>();
  for (const m of [...a, ...b]) {
    const key = `${m.metric}@${m.round ?? 0}`;
    const prev = out.get(key);
    if (!prev || m.value_mib > prev.value_mib) out.set(key, m);
  }
  return [...out.values()];
}

/** What one round needs besides its slot and engine. */
interface RoundContext {
  readonly loaded: LoadedConfig;
  readonly progress: ProgressReporter;
  readonly telemetryOn: boolean;
  readonly cancel: AbortSignal | undefined;
}

async function runRound(
  ctx: RoundContext,
  slot: Slot,
  engine: Engine,
  iterations: number,
  round: number,
): Promise<void> {
  const started = performance.now();
  const budgetMs = Math.max(0, slot.plan.protocol.budget.max_seconds * 1000 - slot.seconds * 1000);
  const overrun = AbortSignal.timeout(hardStopMs(budgetMs));
  const signal = ctx.cancel ? AbortSignal.any([ctx.cancel, overrun]) : overrun;
  const telemetry = ctx.telemetryOn ? await startTelemetry({ gpu: usesGpu(slot.plan) }) : undefined;
  const streamed: IterationSample[] = [];
  const tokS: number[] = [];
  const childPids: number[] = [];
  try {
    const out = await engine.run(request(ctx.loaded, slot.plan, iterations, round, { budgetMs, signal }), {
      onProcess: (pid) => childPids.push(pid),
      onWarmup: (i, n) => ctx.progress.warmup(i, n),
      onIteration: (i, n, s) => {
        streamed.push(s);
        const v = latencySeries('e2e_tok_s', [s])[0];
        if (v !== undefined) tokS.push(v);
        ctx.progress.iteration(i, n, tokS.length > 0 ? median(tokS) : undefined);
      },
    });
    recordOutput(slot, out, round);
    if (telemetry) await recordTelemetry(slot, out, round, telemetry, childPids);
    else if (out.telemetry) slot.result.telemetry = out.telemetry;
  } catch (err) {
    if (telemetry) await telemetry.stop([]).catch(() => undefined);
    recordFailure(slot, err, { round, streamed, cancelled: ctx.cancel?.aborted === true, overrun: overrun.aborted });
  } finally {
    slot.seconds += (performance.now() - started) / 1000;
  }
  const ranOut = performance.now() - started >= budgetMs;
  const short = slot.result.iterations.length < iterationsBefore(slot, round) + iterations;
  if (slot.result.status === 'ok' && ranOut && short) noteBudgetStop(slot, round, iterations);
}

/** Iterations the slot had before this round (its samples tagged with earlier rounds). */
function iterationsBefore(slot: Slot, round: number): number {
  return slot.result.iterations.filter((s) => (s.round ?? 0) < round).length;
}

function noteBudgetStop(slot: Slot, round: number, planned: number): void {
  const done = slot.result.iterations.length - iterationsBefore(slot, round);
  slot.result.stopped ??= {
    reason: 'budget',
    planned_iterations: planned,
    message:
      `budget.max_seconds (${slot.plan.protocol.budget.max_seconds} s) ran out after ${done} of ${planned} ` +
      `iterations${round > 0 ? ` in adaptive round ${round}` : ''}; the iterations done are kept`,
  };
}

function recordOutput(slot: Slot, out: EngineOutput, round: number): void {
  const r = slot.result;
  r.iterations.push(...out.iterations.map((s) => (round > 0 ? { ...s, round } : s)));
  // Every round is a separate process, so each has its own memory peaks (a run, as for throughput).
  r.memory = mergeMemory(r.memory, tagRound(out.memory, round));
  r.engine_info = { ...r.engine_info, ...out.engine_info };
  if (r.tokens_digest !== undefined && out.tokens_digest !== undefined && r.tokens_digest !== out.tokens_digest) {
    throw new EngineError('invalid-output', 'generated tokens differ between rounds of the same config');
  }
  if (out.tokens_digest !== undefined) r.tokens_digest = out.tokens_digest;
}

async function recordTelemetry(
  slot: Slot,
  out: EngineOutput,
  round: number,
  telemetry: TelemetrySession,
  childPids: readonly number[],
): Promise<void> {
  const r = slot.result;
  // GPU memory belongs to the engine's child processes, or to this process for in-process engines.
  const reported = typeof out.engine_info.pid === 'number' ? [out.engine_info.pid] : [];
  const pids = [...new Set([...childPids, ...reported])];
  const t = await telemetry.stop(pids.length > 0 ? pids : [process.pid]);
  r.telemetry = out.telemetry ?? t.telemetry;
  if (t.gpuProcessPeakMiB !== undefined) {
    r.memory = mergeMemory(
      r.memory,
      tagRound(
        [
          {
            metric: 'gpu_process_peak_mib',
            value_mib: t.gpuProcessPeakMiB,
            source: 'nvidia-smi --query-compute-apps=pid,used_memory (sampled)',
          },
        ],
        round,
      ),
    );
  } else if (t.gpuDeviceRiseMiB !== undefined) {
    r.memory = mergeMemory(
      r.memory,
      tagRound(
        [
          {
            metric: 'gpu_device_rise_mib',
            value_mib: t.gpuDeviceRiseMiB,
            source:
              'nvidia-smi memory.used of the whole GPU (sampled): peak during the config minus before it; ' +
              'the engine was not listed by --query-compute-apps, and other processes count too',
          },
        ],
        round,
      ),
    );
  }
}

/** Peaks of a later round carry its number; the planned round's stay untagged (older readers). */
function tagRound(peaks: readonly MemoryPeak[], round: number): MemoryPeak[] {
  return peaks.map(({ round: _r, ...m }) => (round > 0 ? { ...m, round } : m));
}

/**
 * A round that threw: cancelled, stopped for overrunning its budget (keeping the iterations it
 * streamed before), or failed.
 */
function recordFailure(
  slot: Slot,
  err: unknown,
  how: { round: number; streamed: readonly IterationSample[]; cancelled: boolean; overrun: boolean },
): void {
  const budget = slot.plan.protocol.budget.max_seconds;
  if (!how.cancelled && how.overrun && how.streamed.length > 0) {
    slot.result.iterations.push(...how.streamed.map((s) => (how.round > 0 ? { ...s, round: how.round } : s)));
    return;
  }
  const e = how.cancelled
    ? new EngineError('cancelled', 'the run was cancelled while this config was measured; its samples were discarded')
    : how.overrun
      ? new EngineError(
          'budget',
          `stopped after overrunning budget.max_seconds (${budget} s) by far without a finished iteration; ` +
            'raise protocol.budget.max_seconds, or lower iterations or max_new_tokens',
        )
      : err instanceof EngineError
        ? err
        : new EngineError('internal', `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
  slot.result = {
    ...slot.result,
    status: 'failed',
    error: { kind: e.kind, message: e.message, ...(e.stderrTail ? { stderr_tail: e.stderrTail } : {}) },
  };
}

/** A config that never ran because the run was cancelled. */
function notRun(result: BenchmarkResult): BenchmarkResult {
  return {
    ...result,
    status: 'failed',
    error: { kind: 'cancelled', message: 'not measured: the run was cancelled before this config started' },
  };
}

function markNotRun(slot: Slot): void {
  slot.result = notRun(slot.result);
  slot.done = true;
}

function describeOutcome(r: BenchmarkResult): string {
  if (r.status === 'failed') return `failed: ${r.error?.message ?? 'unknown error'}`;
  const tok = latencySeries('e2e_tok_s', r.iterations);
  const stopped = r.stopped ? ` (${r.stopped.message})` : '';
  return `${r.iterations.length} iterations, median ${tok.length > 0 ? median(tok).toFixed(1) : '?'} tok/s${stopped}`;
}

export async function runBenchmarks(loaded: LoadedConfig, options: RunOptions = {}): Promise<ResultDoc> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const progress = options.progress ?? silentProgress;
  let planned = expandBenchmarks(loaded.config);
  if (options.filter) planned = planned.filter((b) => options.filter!(b.name));
  if (options.shard) planned = selectShard(planned, options.shard);
  const environment = await (options.environment ?? defaultEnvironment(loaded, planned))();

  const slots: Slot[] = planned.map((plan) => ({ plan, result: plannedResult(plan), seconds: 0, done: false }));
  const runId = randomUUID();
  const buildDoc = (): ResultDoc => ({
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    run: {
      id: runId,
      started_at: startedAt,
      finished_at: now().toISOString(),
      ...(options.label ? { label: options.label } : {}),
      ...(options.git ? { git: { ...options.git } } : {}),
      ...(options.shard ? { shard: { ...options.shard } } : {}),
      ...(options.signal?.aborted ? { cancelled: cancelledNote(options.signal, slots) } : {}),
    },
    config: { path: loaded.path, hash: loaded.hash, resolved: loaded.config as unknown as Record<string, unknown> },
    environment,
    // A snapshot taken mid-run lists the configs not measured yet as such (a forced exit writes it).
    benchmarks: slots.map((s) => ({
      ...(s.done ? s.result : notRun(s.result)),
      duration_s: Math.round(s.seconds * 1000) / 1000,
    })),
  });
  const ctx: RoundContext = { loaded, progress, telemetryOn: options.telemetry ?? true, cancel: options.signal };
  const engineFor = engineLoader(options.engines ?? defaultEngines());

  // One GPU, one benchmark: never measure while another runner instance measures on this host's GPU.
  let lock: GpuLock | undefined;
  try {
    lock = slots.some((s) => usesGpu(s.plan))
      ? await acquireGpuLock({
          timeoutMs: options.gpuLockTimeoutMs ?? 30 * 60_000,
          holderInfo: `llm-perf-gate run (pid ${process.pid}) of ${loaded.path}`,
          onWait: (holder) => progress.note(`waiting for the GPU, held by ${holder}`),
          signal: options.signal,
        })
      : undefined;
  } catch (err) {
    if (!(err instanceof GpuLockCancelledError)) throw err;
    slots.forEach(markNotRun);
    return buildDoc();
  }
  try {
    for (const [i, slot] of slots.entries()) {
      if (options.signal?.aborted) {
        markNotRun(slot);
        continue;
      }
      progress.benchmarkStart(i, slots.length, slot.plan.name);
      const engine = await engineFor(slot);
      if (engine) await runRound(ctx, slot, engine, slot.plan.protocol.iterations, 0);
      slot.done = true;
      progress.benchmarkEnd(slot.plan.name, { ok: slot.result.status === 'ok', summary: describeOutcome(slot.result) });
      options.onSnapshot?.(buildDoc());
    }
    if (options.baselines && options.baselines.length > 0) {
      await sampleMore(ctx, slots, options.baselines, buildDoc, engineFor);
    }
  } finally {
    await lock?.release();
  }
  return buildDoc();
}

function defaultEnvironment(loaded: LoadedConfig, planned: readonly PlannedBenchmark[]): () => Promise<Environment> {
  return () =>
    collectEnvironment({
      engines: [...new Set(planned.map((b) => b.engine))],
      modelFiles: modelFiles(loaded, planned),
      configHash: loaded.hash,
    });
}

function cancelledNote(signal: AbortSignal, slots: readonly Slot[]): { signal: string; message: string } {
  const name = typeof signal.reason === 'string' ? signal.reason : 'cancelled';
  const finished = slots.filter((s) => s.result.status === 'ok').length;
  return {
    signal: name,
    message: `cancelled by ${name}: ${finished} of ${slots.length} configs finished and are kept; the others are failed (kind "cancelled")`,
  };
}

/** Loads each engine once; a config whose engine cannot load fails with `dependency-missing`. */
function engineLoader(registry: EngineRegistry): (slot: Slot) => Promise<Engine | undefined> {
  const engines = new Map<string, Engine>();
  return async (slot) => {
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
}

/**
 * Adaptive sampling: while a verdict is inconclusive for want of samples and budget remains, run
 * another round (a fresh session: between-round noise is part of what we measure).
 */
async function sampleMore(
  ctx: RoundContext,
  slots: readonly Slot[],
  baselines: readonly ResultDoc[],
  buildDoc: () => ResultDoc,
  engineFor: (slot: Slot) => Promise<Engine | undefined>,
): Promise<void> {
  for (let round = 1; !ctx.cancel?.aborted; round++) {
    const cmp = compareRuns(baselines, [buildDoc()], { gate: ctx.loaded.config.gate });
    const wanted = new Set(configsNeedingMoreSamples(cmp));
    const todo = slots.filter((s) => {
      const budget = s.plan.protocol.budget;
      return (
        wanted.has(s.plan.name) &&
        s.result.status === 'ok' &&
        s.result.stopped === undefined &&
        s.result.iterations.length < budget.max_iterations &&
        s.seconds < budget.max_seconds
      );
    });
    if (todo.length === 0) break;
    for (const slot of todo) {
      if (ctx.cancel?.aborted) break;
      const budget = slot.plan.protocol.budget;
      const n = Math.min(slot.plan.protocol.iterations, budget.max_iterations - slot.result.iterations.length);
      const confirming = cmp.configs
        .find((c) => c.name === slot.plan.name)
        ?.metrics.some((m) => m.gating && m.awaitingConfirmation === true);
      const why = confirming ? 'a change to confirm' : 'inconclusive';
      ctx.progress.benchmarkStart(slots.indexOf(slot), slots.length, slot.plan.name);
      ctx.progress.note(`${why}: one more run of ${n} iterations (adaptive round ${round})`);
      const engine = await engineFor(slot);
      if (engine) await runRound(ctx, slot, engine, n, round);
      ctx.progress.benchmarkEnd(slot.plan.name, {
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
