// One config's randomized interleaved trials (RMIT) on persistent workers: W workers a side, each
// trial one measured iteration on every worker in a fresh seeded order, in blocks; all workers are
// replaced between blocks (an epoch each) so the per-process offset averages out, and the config
// stops when its gated metrics are decided, its budget is spent, or --trials is reached.
import type { MemoryPeak } from '../result/schema.js';
import { EngineError } from '../engines/types.js';
import type { EngineWorker } from '../engines/worker/workerClient.js';
import type { TrialAnalysis } from '../trials/analysis.js';
import type { Trial, TrialConfig, TrialLook, TrialSide, WorkerInfo } from '../trials/trialSet.js';
import type { DeviceMemoryProbe } from './deviceMemory.js';
import { stopReason, type StopInput, type StopReason } from './stopRule.js';
import { residency, rotationGroups, sideOf, startOrder, trialOrder, workerIds } from './trialPlan.js';

export interface TrialSettings {
  readonly workersPerSide: number;
  /** Trials per block; the workers are replaced after every block when `restart` is on. */
  readonly blockTrials: number;
  readonly restart: boolean;
  readonly budgetS: number;
  readonly fixedTrials?: number;
  readonly maxTrials: number;
  readonly seed: number;
}

export interface TrialDeps {
  /** Starts one worker of a side (its own tree's code and config), resolved once it is ready. */
  readonly start: (side: TrialSide, id: string) => Promise<EngineWorker>;
  /** The gated metrics' analyses of the trials so far. */
  readonly analyze: (config: TrialConfig) => readonly TrialAnalysis[];
  /** Device memory (GPU configs); undefined: no residency limit. */
  readonly memory?: DeviceMemoryProbe;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface ConfigTrials {
  readonly config: TrialConfig;
  /** Set when the config could not run at all (a worker failed to start). */
  readonly error?: EngineError;
  readonly residency: string;
}

interface Slot {
  readonly id: string;
  readonly side: TrialSide;
  worker?: EngineWorker | undefined;
  info?: WorkerInfo;
  processes: number;
  wallMs: number;
  iterations: number;
  loadMs: number[];
  peaks: Map<string, MemoryPeak>;
}

function keepPeaks(slot: Slot, peaks: readonly MemoryPeak[]): void {
  for (const m of peaks) if ((slot.peaks.get(m.metric)?.value_mib ?? -1) < m.value_mib) slot.peaks.set(m.metric, m);
}

/** WorkerInfo of a slot over all its processes: facts of the first, peaks over all. */
function workerInfo(slot: Slot): WorkerInfo {
  const first = slot.info;
  const perTrial = slot.worker?.mode === 'process-per-trial' || first?.engine_info.worker_mode === 'process-per-trial';
  return {
    id: slot.id,
    side: slot.side,
    warmup: first?.warmup ?? 0,
    engine_info: {
      ...(first?.engine_info ?? {}),
      worker_processes: slot.processes,
      ...(slot.loadMs.length > 0 ? { worker_load_ms_max: Math.max(...slot.loadMs) } : {}),
      ...(slot.iterations > 0 ? { trial_wall_ms_mean: slot.wallMs / slot.iterations } : {}),
      ...(perTrial ? { worker_mode: 'process-per-trial' } : {}),
    },
    memory: [...slot.peaks.values()],
  };
}

function newSlot(id: string): Slot {
  return { id, side: sideOf(id), processes: 0, wallMs: 0, iterations: 0, loadMs: [], peaks: new Map() };
}

/** How the workers share the device: all resident, or rotated in groups that fit. */
interface Placement {
  readonly rotated: boolean;
  readonly groups: readonly (readonly string[])[];
  /** For the log and the report's residency line. */
  readonly note: string;
}

export async function runConfigTrials(
  name: string,
  engine: string,
  settings: TrialSettings,
  deps: TrialDeps,
): Promise<ConfigTrials> {
  const now = deps.now ?? (() => performance.now());
  const t0 = now();
  const ids = workerIds(settings.workersPerSide);
  const slots = new Map<string, Slot>(ids.map((id) => [id, newSlot(id)]));
  const trials: Trial[] = [];
  const looks: TrialLook[] = [];
  let placement: Placement = { rotated: false, groups: [ids], note: `all ${ids.length} workers resident` };
  const build = (reason: StopReason): TrialConfig => ({
    name,
    engine,
    workers: ids.map((id) => workerInfo(slots.get(id)!)),
    trials,
    looks: [...looks],
    stop: { reason, trials: trials.length, seconds: (now() - t0) / 1000, rotated: placement.rotated },
  });
  const result = (reason: StopReason, error?: EngineError): ConfigTrials => ({
    config: build(reason),
    ...(error ? { error } : {}),
    residency: placement.note,
  });

  try {
    for (let epoch = 0; ; epoch++) {
      if (deps.signal?.aborted) return result('cancelled');
      const order = startOrder(ids, settings.seed, epoch);
      if (epoch === 0) {
        const first = slots.get(order[0]!)!;
        placement = await placeWorkers(name, first, order, settings.workersPerSide, deps);
        // It starts again with its group, so no more than `resident` are ever alive at once.
        if (placement.rotated) await stopSlot(first, deps);
      }
      const blockStart = now();
      // Rotated workers are new processes every block too.
      const block = newBlock(trials.length, settings, settings.restart || placement.rotated ? epoch : 0);
      const replace = placement.rotated || settings.restart;
      for (const group of placement.groups)
        await runGroup(block, group, order, { slots, settings, deps, now, t0 }, replace);
      // A cancelled block keeps the trials that started.
      trials.push(...block.filter((t) => t.order.length > 0));
      if (deps.signal?.aborted) return result('cancelled');
      const failure = blockFailure(block);
      if (failure !== undefined) return result('failed', new EngineError('crash', failure));
      const reason = look(build, looks, deps, {
        trials: trials.length,
        elapsedS: (now() - t0) / 1000,
        budgetS: settings.budgetS,
        nextBlockS: (now() - blockStart) / 1000,
        maxTrials: settings.maxTrials,
        ...(settings.fixedTrials !== undefined ? { fixedTrials: settings.fixedTrials } : {}),
      });
      deps.log(
        `${name}: ${trials.length} trials, ${((now() - t0) / 1000).toFixed(0)} s${reason ? `, stop: ${reason}` : ''}`,
      );
      if (reason) return result(reason);
    }
  } catch (err) {
    const e =
      err instanceof EngineError ? err : new EngineError('internal', String(err instanceof Error ? err.message : err));
    return result(deps.signal?.aborted ? 'cancelled' : 'failed', e);
  } finally {
    await Promise.all([...slots.values()].map((slot) => stopSlot(slot, deps)));
  }
}

/**
 * One look after a block: recorded first (with whether the budget allows another block, which makes
 * it the alpha-spending plan's last), then the analyses decide whether to stop.
 */
function look(
  build: (reason: StopReason) => TrialConfig,
  looks: TrialLook[],
  deps: TrialDeps,
  input: Omit<StopInput, 'gated'>,
): StopReason | undefined {
  const budget = stopReason({ ...input, gated: [] });
  const fraction = Math.min(1, Math.max(input.elapsedS / input.budgetS, input.trials / input.maxTrials));
  looks.push({ trials: input.trials, seconds: input.elapsedS, fraction, final: budget !== undefined });
  return stopReason({ ...input, gated: deps.analyze(build('decided')) });
}

async function startSlot(slot: Slot, deps: TrialDeps): Promise<void> {
  const worker = await deps.start(slot.side, slot.id);
  slot.worker = worker;
  slot.processes += 1;
  if (worker.ready.load_ms !== undefined) slot.loadMs.push(worker.ready.load_ms);
  keepPeaks(slot, worker.ready.memory);
  slot.info ??= {
    id: slot.id,
    side: slot.side,
    warmup: worker.ready.warmup,
    engine_info: { ...worker.ready.engine_info, worker_mode: worker.mode },
    memory: [],
  };
}

async function stopSlot(slot: Slot, deps: TrialDeps): Promise<void> {
  const w = slot.worker;
  slot.worker = undefined;
  if (!w) return;
  if (!w.alive()) return w.kill();
  // A GPU worker's memory as the driver sees it (CUDA context included), before it exits: the
  // caching allocator keeps what the worker's peak needed, so this is its peak in practice.
  const seen = deps.memory && w.pid !== undefined ? await deps.memory(w.pid).catch(() => undefined) : undefined;
  if (seen?.processMib !== undefined)
    keepPeaks(slot, [
      {
        metric: 'gpu_process_peak_mib',
        value_mib: seen.processMib,
        source: 'nvidia-smi --query-compute-apps used_memory of the worker at the end of its life',
      },
    ]);
  const final = await w.shutdown().catch(() => undefined);
  if (final) keepPeaks(slot, final.memory);
}

/** Starts the first worker alone and measures it, to learn how many fit on the device at once. */
async function placeWorkers(
  name: string,
  first: Slot,
  order: readonly string[],
  workersPerSide: number,
  deps: TrialDeps,
): Promise<Placement> {
  await startSlot(first, deps);
  const fit = await checkResidency(first, workersPerSide, deps);
  deps.log(`${name}: ${fit.reason}`);
  return {
    rotated: fit.rotated,
    groups: fit.rotated ? rotationGroups(order, fit.resident) : [order],
    note: fit.reason,
  };
}

function newBlock(firstTrial: number, settings: TrialSettings, epoch: number): Trial[] {
  const count = Math.min(settings.blockTrials, (settings.fixedTrials ?? Infinity) - firstTrial);
  return Array.from({ length: count }, (_, k): Trial => ({
    index: firstTrial + k,
    order: [],
    outcomes: {},
    started_ms: 0,
    epoch,
  }));
}

interface BlockRun {
  readonly slots: ReadonlyMap<string, Slot>;
  readonly settings: TrialSettings;
  readonly deps: TrialDeps;
  readonly now: () => number;
  readonly t0: number;
}

/** One group's share of a block: its missing workers started, the trials run, the workers stopped if `replace`. */
async function runGroup(
  block: Trial[],
  group: readonly string[],
  order: readonly string[],
  run: BlockRun,
  replace: boolean,
): Promise<void> {
  const { slots, deps } = run;
  // Started together (loading is not measured): six 7B copies load in the time of one or two.
  // allSettled: every start has ended (and is stopped in `finally`) before a failure is thrown.
  const starts = await Promise.allSettled(
    order.filter((id) => group.includes(id) && !slots.get(id)!.worker).map((id) => startSlot(slots.get(id)!, deps)),
  );
  const failed = starts.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  await runBlock(block, group, slots, run.settings.seed, run.now, run.t0, deps.signal);
  if (replace) await Promise.all(group.map((id) => stopSlot(slots.get(id)!, deps)));
}

/** The first error of a block in which every trial has a failed outcome (or that ran none); else undefined. */
function blockFailure(block: readonly Trial[]): string | undefined {
  if (!block.every((t) => Object.values(t.outcomes).some((o) => 'error' in o))) return undefined;
  const first = block.flatMap((t) => Object.values(t.outcomes)).find((o) => 'error' in o);
  return first && 'error' in first ? first.error : 'no trial completed';
}

async function checkResidency(first: Slot, workersPerSide: number, deps: TrialDeps) {
  if (!deps.memory) return residency(workersPerSide);
  const probe = await deps.memory(first.worker?.pid);
  const own = first.worker?.ready.memory.find((m) => m.metric === 'torch_max_reserved_mib')?.value_mib;
  const peak = Math.max(probe.processMib ?? 0, own ?? 0);
  return residency(workersPerSide, peak > 0 ? peak : undefined, probe.freeMib);
}

/** Runs the block's trials on the group's workers, each trial in its own seeded order. */
async function runBlock(
  block: Trial[],
  group: readonly string[],
  slots: ReadonlyMap<string, Slot>,
  seed: number,
  now: () => number,
  t0: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const trial of block) {
    if (signal?.aborted) return;
    const order = trialOrder([...slots.keys()], seed, trial.index).filter((id) => group.includes(id));
    if (trial.order.length === 0) trial.started_ms = now() - t0;
    for (const id of order) {
      const slot = slots.get(id)!;
      trial.order.push(id);
      const worker = slot.worker;
      if (!worker?.alive()) {
        trial.outcomes[id] = { error: `worker ${id} is not running (it ended earlier in this block)` };
        continue;
      }
      try {
        const r = await worker.iterate();
        slot.iterations += 1;
        slot.wallMs += r.ms;
        trial.outcomes[id] = { sample: r.sample };
      } catch (err) {
        trial.outcomes[id] = { error: err instanceof Error ? err.message : String(err) };
      }
    }
  }
}
