// Same-runner A/B mode with randomized interleaved trials (RMIT): the base commit (a temporary git
// worktree) and the head (the current tree) each get W persistent workers per config; every trial
// runs one measured iteration on each worker in a fresh seeded order; all workers are replaced
// between blocks; each config stops when its gated metrics are decided or its budget is spent.
// Writes trials.json, comparison.json and report.md. Collaborators (git, workers) are injected.
import { access, copyFile, mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/loadConfig.js';
import { gateSchema, type FailOn, type GateConfig } from '../config/schema.js';
import { decideAndRender, type GateEvaluation } from '../report/evaluate.js';
import { expandBenchmarks, type PlannedBenchmark } from '../protocol/expandBenchmarks.js';
import { usesGpu } from '../protocol/runBenchmarks.js';
import type { BenchmarkError, Environment } from '../result/schema.js';
import { DEFAULT_MAX_LENGTH } from '../report/renderMarkdown.js';
import type { Comparison } from '../stats/types.js';
import { collectEnvironment } from '../telemetry/environment.js';
import { acquireGpuLock } from '../telemetry/gpuLock.js';
import type { AnalyzeTrials } from '../trials/analysis.js';
import { TRIALS_FORMAT, TRIALS_VERSION, trialSetSchema, type TrialConfig, type TrialSet } from '../trials/trialSet.js';
import { resolveCommits, withBaseWorktree, type ResolvedCommits } from './baseWorktree.js';
import type { DeviceMemoryProbe } from './deviceMemory.js';
import type { GitRunner } from './gitRunner.js';
import { renderTrialMarkdown, renderTrialText } from './renderTrialSection.js';
import { sideDocs } from './sideDocs.js';
import { runConfigTrials, type TrialSettings } from './runTrials.js';
import { analyzeTrials as defaultAnalyze, DEFAULT_AB_MARGIN } from '../stats/trialAnalysis.js';
import { analyzeMetric, metricPlan, testAlpha, trialComparison, type AaResult } from './trialComparison.js';
import type { WorkerStarter } from './workerStarter.js';
import { METRIC_INFO } from '../metrics.js';

export const DEFAULT_WORKERS = 3;
export const DEFAULT_BUDGET_S = 600;
/** Trials per block: the workers are replaced after each (h13-design: short epochs beat long ones). */
export const DEFAULT_BLOCK_TRIALS = 4;
export const DEFAULT_MAX_TRIALS = 500;

export interface AbOptions {
  /** Where the command runs; the config path is taken relative to this. */
  readonly cwd: string;
  /** The config as the user names it; it must lie inside the repository. */
  readonly config: string;
  /** The base to compare with: a branch, tag or commit (e.g. origin/main, the PR's base sha). */
  readonly baseRef: string;
  /** Folder for trials.json, comparison.json and report.md. */
  readonly outDir: string;
  readonly workersPerSide?: number;
  /** Seconds per config (restarts included). */
  readonly budgetS?: number;
  readonly blockTrials?: number;
  /** Keep the same worker processes for the whole run (no epochs). */
  readonly noRestart?: boolean;
  /** Run exactly this many trials per config (recordings); still bounded by the budget. */
  readonly trials?: number;
  readonly seed?: number;
  readonly filter?: string;
  readonly failOn?: FailOn;
  readonly accepted?: boolean;
  readonly acceptLabel?: string;
  readonly marker?: string;
  readonly maxLength?: number;
}

export interface AbDeps {
  readonly git: GitRunner;
  readonly startWorker: WorkerStarter;
  readonly analyze?: AnalyzeTrials;
  /** Device memory for the residency check of GPU configs. */
  readonly memory?: DeviceMemoryProbe;
  readonly environment?: () => Promise<Environment>;
  readonly log?: (line: string) => void;
  /** Where the base worktree's temp folder is made (default: the OS temp folder). */
  readonly tempRoot?: string;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Whether GPU configs take the host's GPU lock (default true). */
  readonly gpuLock?: boolean;
  /** The GPU whose lock is taken: two A/B runs on two GPUs of one host do not wait for each other. */
  readonly gpuIndex?: number;
}

/** Which config file the base runs used. */
export type ConfigSource = 'base' | 'head';

export interface AbEvaluation extends GateEvaluation {
  readonly aa: readonly AaResult[];
}

export interface AbOutcome {
  readonly evaluation: AbEvaluation;
  readonly trials: TrialSet;
  readonly commits: ResolvedCommits;
  readonly configRel: string;
  readonly configSource: ConfigSource;
  readonly notes: readonly string[];
  readonly files: { readonly trials: string; readonly comparison: string; readonly report: string };
}

/** Bad input for A/B mode (exit 2): config outside the repo, too few workers, unknown base ref. */
export class AbUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbUsageError';
  }
}

/** The first GPU named in CUDA_VISIBLE_DEVICES by index (what the workers will use), if any. */
export function visibleGpuIndex(env: NodeJS.ProcessEnv): number | undefined {
  const first = env.CUDA_VISIBLE_DEVICES?.split(',')[0]?.trim();
  return first !== undefined && /^\d+$/.test(first) ? Number(first) : undefined;
}

/** Fewest workers a side: with one, the code's effect cannot be told from that process's own speed. */
export const MIN_WORKERS = 2;

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * Puts the config the base runs use at `rel` in the base tree: the base commit's own if it has a
 * valid one; else a copy of the head's, so its relative paths (models, engine scripts) still
 * resolve inside the base tree.
 */
async function prepareBaseConfig(
  tree: string,
  rel: string,
  headConfig: string,
): Promise<{ source: ConfigSource; note?: string }> {
  const target = path.join(tree, rel);
  if (await exists(target)) {
    try {
      await loadConfig(target);
      return { source: 'base' };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      await copyFile(headConfig, target);
      return {
        source: 'head',
        note: `The base commit's ${rel} is not valid for this version of llm-perf-gate, so the base ran the head's ${rel}, with its paths resolved in the base tree.`,
      };
    }
  }
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(headConfig, target);
  return {
    source: 'head',
    note: `The base commit has no ${rel}, so the base ran the head's ${rel}, with its paths resolved in the base tree.`,
  };
}

function effectiveGate(gate: GateConfig, failOn: FailOn | undefined): GateConfig {
  return failOn ? gateSchema.parse({ ...gate, fail_on: failOn }) : gate;
}

function settingsOf(options: AbOptions): TrialSettings {
  const workersPerSide = options.workersPerSide ?? DEFAULT_WORKERS;
  if (!Number.isInteger(workersPerSide) || workersPerSide < MIN_WORKERS)
    throw new AbUsageError(
      `workers must be an integer ≥ ${MIN_WORKERS} a side (with one, the code's effect cannot be told from that process's own speed), got ${workersPerSide}`,
    );
  const budgetS = options.budgetS ?? DEFAULT_BUDGET_S;
  if (!(budgetS > 0)) throw new AbUsageError(`the budget must be a positive number of seconds, got ${budgetS}`);
  const blockTrials = options.blockTrials ?? DEFAULT_BLOCK_TRIALS;
  if (!Number.isInteger(blockTrials) || blockTrials < 1)
    throw new AbUsageError(`the block size must be a whole number ≥ 1, got ${blockTrials}`);
  if (options.trials !== undefined && (!Number.isInteger(options.trials) || options.trials < 1))
    throw new AbUsageError(`--trials must be a whole number ≥ 1, got ${options.trials}`);
  return {
    workersPerSide,
    blockTrials,
    restart: !options.noRestart,
    budgetS,
    maxTrials: options.trials ?? DEFAULT_MAX_TRIALS,
    seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
    ...(options.trials !== undefined ? { fixedTrials: options.trials } : {}),
  };
}

export async function runAb(options: AbOptions, deps: AbDeps): Promise<AbOutcome> {
  const settings = settingsOf(options);
  const log = deps.log ?? (() => undefined);
  const commits = await resolveCommits(deps.git, options.cwd, options.baseRef).catch((err: unknown) => {
    throw new AbUsageError(err instanceof Error ? err.message : String(err));
  });
  const headLoaded = await loadConfig(options.config, options.cwd);
  const headConfig = await realpath(headLoaded.absPath);
  const rel = path.relative(await realpath(commits.repoRoot), headConfig);
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new AbUsageError(`the config ${options.config} lies outside the repository ${commits.repoRoot}`);
  const gate = effectiveGate(headLoaded.config.gate, options.failOn);
  // A metric's own gate.metrics.<m>.margin overrides it; gate.margin is the stored-baseline rule's (docs/statistics.md).
  const abMargin = DEFAULT_AB_MARGIN;
  await mkdir(options.outDir, { recursive: true });
  log(
    `A/B: base ${options.baseRef} (${commits.baseSha.slice(0, 12)}) vs head ${commits.headSha.slice(0, 12)}: ${settings.workersPerSide} workers a side, blocks of ${settings.blockTrials} trials, ${settings.fixedTrials !== undefined ? `${settings.fixedTrials} trials` : `up to ${settings.budgetS} s`} per config, seed ${settings.seed}`,
  );
  const notes: string[] = [];
  let configSource: ConfigSource = 'base';
  let measured: Measured | undefined;
  await withBaseWorktree(
    deps.git,
    commits.repoRoot,
    commits.baseSha,
    async (tree) => {
      const prepared = await prepareBaseConfig(tree, rel, headConfig);
      configSource = prepared.source;
      if (prepared.note) {
        notes.push(prepared.note);
        log(prepared.note);
      }
      const baseLoaded = await loadConfig(path.join(tree, rel));
      measured = await measureConfigs(baseLoaded, headLoaded, {
        options,
        settings,
        gate,
        abMargin,
        commits,
        deps,
        log,
      });
    },
    deps.tempRoot,
  );
  return finish(measured!, { options, settings, gate, abMargin, commits, deps, log, notes, rel, configSource });
}

interface Context {
  readonly options: AbOptions;
  readonly settings: TrialSettings;
  readonly gate: GateConfig;
  readonly abMargin: number;
  readonly commits: ResolvedCommits;
  readonly deps: AbDeps;
  readonly log: (line: string) => void;
}

interface Measured {
  readonly configs: TrialConfig[];
  readonly uncompared: {
    name: string;
    verdict: 'new' | 'missing' | 'failed';
    error?: BenchmarkError;
    note?: string;
  }[];
  readonly plans: Record<'base' | 'head', Map<string, PlannedBenchmark>>;
  readonly loaded: Record<'base' | 'head', LoadedConfig>;
  readonly environment: Environment;
}

function plansOf(loaded: LoadedConfig, filter: string | undefined): Map<string, PlannedBenchmark> {
  const re = filter !== undefined ? new RegExp(filter) : undefined;
  return new Map(
    expandBenchmarks(loaded.config)
      .filter((b) => !re || re.test(b.name))
      .map((b) => [b.name, b]),
  );
}

async function measureConfigs(baseLoaded: LoadedConfig, headLoaded: LoadedConfig, ctx: Context): Promise<Measured> {
  const plans = { base: plansOf(baseLoaded, ctx.options.filter), head: plansOf(headLoaded, ctx.options.filter) };
  const loaded = { base: baseLoaded, head: headLoaded };
  const environment = await (
    ctx.deps.environment ??
    (() =>
      collectEnvironment({
        engines: [...new Set([...plans.head.values()].map((b) => b.engine))],
        configHash: headLoaded.hash,
      }))
  )();
  const configs: TrialConfig[] = [];
  const uncompared: Measured['uncompared'] = [...plans.base.keys()]
    .filter((n) => !plans.head.has(n))
    .map((name) => ({ name, verdict: 'missing' as const }));
  const runnable = [...plans.head.values()].filter((h) => {
    const b = plans.base.get(h.name);
    if (b && b.configHash === h.configHash) return true;
    uncompared.push({
      name: h.name,
      verdict: 'new',
      note: b ? 'settings changed since the base (config hash differs)' : 'not in the base config',
    });
    return false;
  });
  const lock =
    runnable.some(usesGpu) && ctx.deps.gpuLock !== false
      ? await acquireGpuLock({
          timeoutMs: 30 * 60_000,
          holderInfo: `llm-perf-gate ab (pid ${process.pid})`,
          onWait: (h) => ctx.log(`waiting for the GPU, held by ${h}`),
        })
      : undefined;
  try {
    for (const head of runnable) {
      const result = await runOne(head, plans.base.get(head.name)!, loaded, runnable.length, ctx);
      configs.push(result.config);
      if (result.error)
        uncompared.push({
          name: head.name,
          verdict: 'failed',
          error: {
            kind: result.error.kind,
            message: result.error.message,
            ...(result.error.stderrTail ? { stderr_tail: result.error.stderrTail } : {}),
          },
        });
    }
  } finally {
    await lock?.release();
  }
  return { configs, uncompared, plans, loaded, environment };
}

async function runOne(
  head: PlannedBenchmark,
  base: PlannedBenchmark,
  loaded: Record<'base' | 'head', LoadedConfig>,
  configCount: number,
  ctx: Context,
) {
  const analyze = ctx.deps.analyze ?? defaultAnalyze;
  const plan = metricPlan(ctx.gate, ctx.abMargin).filter((p) => p.gating && METRIC_INFO[p.metric].kind === 'latency');
  const alpha = testAlpha(ctx.gate, metricPlan(ctx.gate, ctx.abMargin), configCount, true);
  const request = (side: 'base' | 'head') => {
    const b = side === 'base' ? base : head;
    const p = b.protocol;
    return {
      name: b.name,
      options: b.options,
      warmup: p.warmup,
      iterations: 1,
      maxNewTokens: p.max_new_tokens,
      batchSize: p.batch_size,
      prompt: p.prompt,
      ...(p.prompt_tokens !== undefined ? { promptTokens: p.prompt_tokens } : {}),
      seed: p.seed,
      configDir: loaded[side].dir,
      round: 0,
      ...(ctx.deps.signal ? { signal: ctx.deps.signal } : {}),
    };
  };
  const git = { base: { sha: ctx.commits.baseSha, ref: ctx.options.baseRef }, head: { sha: ctx.commits.headSha } };
  return runConfigTrials(head.name, head.engine, ctx.settings, {
    start: (side, id) =>
      ctx.deps.startWorker({ side, id, engine: head.engine, request: request(side), git: git[side] }),
    analyze: (config) => plan.map((p) => analyzeMetric(analyze, config, p, alpha)),
    ...(usesGpu(head) && ctx.deps.memory ? { memory: ctx.deps.memory } : {}),
    log: ctx.log,
    ...(ctx.deps.signal ? { signal: ctx.deps.signal } : {}),
    ...(ctx.deps.now ? { now: ctx.deps.now } : {}),
  });
}

async function finish(
  m: Measured,
  ctx: Context & { notes: string[]; rel: string; configSource: ConfigSource },
): Promise<AbOutcome> {
  const { options, settings, commits } = ctx;
  const set: TrialSet = trialSetSchema.parse({
    format: TRIALS_FORMAT,
    version: TRIALS_VERSION,
    created_at: new Date().toISOString(),
    design: 'rmit',
    seed: settings.seed,
    workers_per_side: settings.workersPerSide,
    arrangement: commits.baseSha === commits.headSha ? 'aa' : 'ab',
    commits: { base: commits.baseSha, head: commits.headSha },
    ...(typeof m.environment.fields.gpu_name === 'string' ? { machine: m.environment.fields.gpu_name } : {}),
    configs: m.configs,
  });
  const labels = Object.fromEntries([...m.plans.head.values()].flatMap((b) => (b.labels ? [[b.name, b.labels]] : [])));
  const { comparison, aa } = trialComparison({
    configs: m.configs.filter((c) => !m.uncompared.some((u) => u.name === c.name)),
    uncompared: m.uncompared,
    gate: ctx.gate,
    abMargin: ctx.abMargin,
    analyze: ctx.deps.analyze ?? defaultAnalyze,
    commits: { base: commits.baseSha, head: commits.headSha },
    labels,
  });
  const docs = sideDocs(set, m.plans, m.loaded, m.environment, commits, options.baseRef);
  const evaluation = render(comparison, aa, set, docs, ctx);
  const files = {
    trials: path.join(options.outDir, 'trials.json'),
    comparison: path.join(options.outDir, 'comparison.json'),
    report: path.join(options.outDir, 'report.md'),
  };
  await writeFile(files.trials, `${JSON.stringify(set, null, 2)}\n`);
  await writeFile(
    files.comparison,
    `${JSON.stringify(
      {
        mode: 'ab',
        design: 'rmit',
        base: { ref: options.baseRef, sha: commits.baseSha },
        head: { sha: commits.headSha },
        seed: settings.seed,
        workers_per_side: settings.workersPerSide,
        config: ctx.rel,
        config_source: ctx.configSource,
        comparison,
        decision: evaluation.decision,
        aa: aa.map((a) => ({ config: a.config, side: a.side, ...a.analysis, ...(a.noise ? { noise: a.noise } : {}) })),
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(files.report, `${evaluation.markdown}\n`);
  return {
    evaluation,
    trials: set,
    commits,
    configRel: ctx.rel,
    configSource: ctx.configSource,
    notes: ctx.notes,
    files,
  };
}

function render(
  comparison: Comparison,
  aa: readonly AaResult[],
  set: TrialSet,
  docs: ReturnType<typeof sideDocs>,
  ctx: Context & { notes: string[]; rel: string },
): AbEvaluation {
  const { options, settings } = ctx;
  const section = renderTrialMarkdown(set, aa, ctx.notes);
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const main = decideAndRender(comparison, [docs.base], [docs.head], {
    gate: ctx.gate,
    configPath: ctx.rel,
    reproduceCommand: [
      `npx llm-perf-gate ab --config ${ctx.rel} --base ${options.baseRef} --workers ${settings.workersPerSide}`,
      options.budgetS !== undefined ? `--budget-s ${options.budgetS}` : '',
      options.blockTrials !== undefined ? `--block ${options.blockTrials}` : '',
      options.trials !== undefined ? `--trials ${options.trials}` : '',
      options.noRestart ? '--no-restart' : '',
      options.filter !== undefined ? `--filter '${options.filter.replace(/'/g, `'\\''`)}'` : '',
      `--seed ${settings.seed}`,
    ]
      .filter((x) => x !== '')
      .join(' '),
    ...(options.accepted !== undefined ? { accepted: options.accepted } : {}),
    ...(options.acceptLabel ? { acceptLabel: options.acceptLabel } : {}),
    ...(options.marker ? { marker: options.marker } : {}),
    maxLength: Math.max(1000, maxLength - section.length - 2),
  });
  const markdown =
    main.markdown.length + section.length + 2 <= maxLength ? `${main.markdown}\n\n${section}` : main.markdown;
  return {
    ...main,
    markdown,
    terminal: (color) => `${main.terminal(color)}\n\n${renderTrialText(set, aa, ctx.notes)}`,
    aa,
  };
}
