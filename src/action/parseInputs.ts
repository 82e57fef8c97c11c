// Action inputs: read from the environment (see inputEnvNames), validated, every message naming the
// input it is about, so a typo in a workflow is fixed from the log line alone.
import { DEFAULT_BUDGET_S, DEFAULT_WORKERS, MIN_WORKERS } from '../ab/runAb.js';
import { FAIL_ON, type FailOn } from '../config/schema.js';
import {
  DEFAULT_ACCEPT_LABEL,
  DEFAULT_CONFIG_PATH,
  INPUTS,
  MODES,
  inputEnvNames,
  type ActionMode,
  type InputName,
} from './inputs.js';
import { parseStoreInputs, type StoreInputs } from './storeInputs.js';
import { definedFields } from '../util/definedFields.js';

export class InputError extends Error {
  constructor(
    readonly input: InputName,
    message: string,
  ) {
    super(`input "${input}": ${message}`);
    this.name = 'InputError';
  }
}

export interface ActionInputs extends StoreInputs {
  readonly configPath: string;
  /** Empty when no token was given (no comment, no labels, summary only). */
  readonly token: string;
  readonly mode: ActionMode;
  /** A/B mode: the base to compare with (default: the pull request's base commit). */
  readonly baseRef: string | undefined;
  /** A/B mode: persistent workers per side. */
  readonly workers: number;
  /** A/B mode: most seconds of trials per config. */
  readonly budgetSeconds: number;
  /** Result files or folders of earlier runs (report mode). */
  readonly results: readonly string[];
  readonly shard?: { readonly index: number; readonly total: number };
  /** Undefined: the config's gate.fail_on. */
  readonly failOn?: FailOn;
  /** Empty: the repository's default branch. */
  readonly saveBranches: readonly string[];
  /** Undefined: the config's gate.baseline_runs. */
  readonly baselineRuns?: number;
  readonly baselineFile?: string;
  readonly comment: boolean;
  readonly onnxruntimeCuda: boolean;
  readonly allowFork: boolean;
  readonly acceptLabel: string;
  /** Undefined: a folder under RUNNER_TEMP. */
  readonly outputDir?: string;
}

export function raw(env: NodeJS.ProcessEnv, name: InputName): string {
  for (const key of inputEnvNames(name)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return '';
}

function bool(env: NodeJS.ProcessEnv, name: InputName, fallback: boolean): boolean {
  const v = raw(env, name);
  if (v === '') return fallback;
  // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new InputError(name, `expected true or false, got "${v}"`);
}

/** A list given one per line or comma-separated. */
function list(env: NodeJS.ProcessEnv, name: InputName): string[] {
  return raw(env, name)
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: InputName, allowed: readonly T[]): T | undefined {
  const v = raw(env, name);
  if (v === '') return undefined;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new InputError(name, `expected one of ${allowed.join(', ')}, got "${v}"`);
}

function parseShard(v: string): { index: number; total: number } {
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(v);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || index < 1 || total < 1 || index > total)
    throw new InputError(INPUTS.shard, `expected "i/n" with 1 ≤ i ≤ n (e.g. "2/4"), got "${v}"`);
  return { index, total };
}

export function parseInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const mode = oneOf(env, INPUTS.mode, MODES) ?? 'run';
  const runs = raw(env, INPUTS.baselineRuns);
  let baselineRuns: number | undefined;
  if (runs !== '') {
    baselineRuns = Number(runs);
    if (!Number.isInteger(baselineRuns) || baselineRuns < 1 || baselineRuns > 100)
      throw new InputError(INPUTS.baselineRuns, `expected a whole number from 1 to 100, got "${runs}"`);
  }
  const shardText = raw(env, INPUTS.shard);
  const shard = shardText === '' ? undefined : parseShard(shardText);
  const results = list(env, INPUTS.results);
  if (mode === 'report' && results.length === 0)
    throw new InputError(INPUTS.results, 'mode "report" needs the result files or folders to merge');
  if (mode === 'report' && shard !== undefined)
    throw new InputError(INPUTS.shard, 'only applies to mode "run" (report mode merges the shards)');
  const acceptLabel = raw(env, INPUTS.acceptLabel) || DEFAULT_ACCEPT_LABEL;
  if (/[\r\n]/.test(acceptLabel) || acceptLabel.length > 50)
    throw new InputError(INPUTS.acceptLabel, 'a label name is one line of at most 50 characters');
  const workersText = raw(env, INPUTS.workers);
  const workers = workersText === '' ? DEFAULT_WORKERS : Number(workersText);
  if (!Number.isInteger(workers) || workers < MIN_WORKERS || workers > 16)
    throw new InputError(
      INPUTS.workers,
      `expected a whole number from ${MIN_WORKERS} to 16 (with one worker a side the code cannot be told from the process), got "${workersText}"`,
    );
  const budgetText = raw(env, INPUTS.budgetSeconds);
  const budgetSeconds = budgetText === '' ? DEFAULT_BUDGET_S : Number(budgetText);
  if (!(budgetSeconds > 0) || !Number.isFinite(budgetSeconds))
    throw new InputError(INPUTS.budgetSeconds, `expected a positive number of seconds, got "${budgetText}"`);
  const baseRef = raw(env, INPUTS.baseRef);
  const baselineFile = raw(env, INPUTS.baselineFile);
  const outputDir = raw(env, INPUTS.outputDir);
  return {
    configPath: raw(env, INPUTS.config) || DEFAULT_CONFIG_PATH,
    token: raw(env, INPUTS.githubToken),
    mode,
    results,
    saveBranches: list(env, INPUTS.saveBranches),
    comment: bool(env, INPUTS.comment, true),
    onnxruntimeCuda: bool(env, INPUTS.onnxruntimeCuda, false),
    allowFork: bool(env, INPUTS.allowFork, false),
    acceptLabel,
    baseRef: baseRef === '' ? undefined : baseRef,
    ...definedFields({
      shard,
      failOn: oneOf(env, INPUTS.failOn, FAIL_ON),
      baselineRuns,
      baselineFile: baselineFile === '' ? undefined : baselineFile,
      outputDir: outputDir === '' ? undefined : outputDir,
    }),
    ...parseStoreInputs(env, baselineFile || undefined),
    workers,
    budgetSeconds,
  };
}
