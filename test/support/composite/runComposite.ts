// Runs a composite action's action.yml the way the Actions runner does, for the tests: each step in
// order, `if:` conditions and `${{ }}` templates evaluated with the runner's expression semantics
// (see expressions.ts), `run:` scripts through `bash --noprofile --norc -eo pipefail` with the
// runner's environment for composite steps (GITHUB_ACTION_PATH; no INPUT_* and no
// ACTIONS_RUNTIME_TOKEN / cache service variables), `uses:` steps through stand-ins run as
// JavaScript actions (INPUT_* from `with:`, plus the runtime variables), and the GITHUB_OUTPUT,
// GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY files read back after every step. Anything it
// does not model (a step key, an expression, a nested action) throws instead of being skipped.
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { evaluateCondition, evaluateTemplate, type ExpressionScope } from './expressions.js';
import { STAND_INS } from './standIns.js';

export interface RunnerContext {
  /** The github context fields the model holds (event_name, ref, sha, repository, token, ...). */
  readonly github: Record<string, unknown>;
  /** The runner context: os, arch, temp, tool_cache, debug, environment. */
  readonly runner: Record<string, string>;
  /** What the runner gives every step (PATH, HOME, GITHUB_* and RUNNER_* variables). */
  readonly env: Record<string, string>;
  /** Only for JavaScript actions: ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL, ACTIONS_CACHE_SERVICE_V2. */
  readonly runtimeEnv: Record<string, string>;
  /** Per-step limit. */
  readonly stepTimeoutMs?: number;
}

export interface StepRecord {
  readonly id: string;
  readonly name: string;
  readonly outcome: 'success' | 'failure' | 'skipped';
  readonly log: string;
  readonly ms: number;
}

export interface CompositeRun {
  readonly conclusion: 'success' | 'failure';
  readonly outputs: Record<string, string>;
  readonly steps: readonly StepRecord[];
  /** Every step's stdout and stderr, in order. */
  readonly log: string;
  readonly summary: string;
  /** What the steps appended to GITHUB_ENV and GITHUB_PATH (seen by the workflow's later steps). */
  readonly jobEnv: Record<string, string>;
  readonly jobPath: readonly string[];
}

interface Step {
  id?: string;
  name?: string;
  if?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  uses?: string;
  with?: Record<string, string>;
}

interface Manifest {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  outputs?: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const STEP_KEYS = new Set(['id', 'name', 'if', 'run', 'shell', 'env', 'working-directory', 'uses', 'with']);

class Unmodelled extends Error {
  constructor(message: string) {
    super(`${message} (the composite runner in test/support/composite does not model it)`);
  }
}

/** GITHUB_OUTPUT / GITHUB_ENV syntax: `name=value` lines and `name<<DELIMITER` heredocs. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq < 0 || heredoc[1]!.length < eq)) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[2]} heredoc for ${heredoc[1]}`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    else throw new Error(`invalid line in a runner file: ${line}`);
  }
  return out;
}

function exec(
  file: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number | null; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
  });
}

class JobState {
  readonly steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  readonly records: StepRecord[] = [];
  readonly env: Record<string, string> = {};
  readonly path: string[] = [];
  summary = '';
  failed = false;

  constructor(
    readonly ctx: RunnerContext,
    readonly actionPath: string,
    readonly inputs: Record<string, string>,
    readonly dir: string,
  ) {}

  scope(): ExpressionScope {
    const github = { ...this.ctx.github, action_path: this.actionPath };
    return {
      contexts: { inputs: this.inputs, github, runner: this.ctx.runner, steps: this.steps },
      failed: this.failed,
    };
  }

  /** The environment every step starts from: the runner's, GITHUB_ENV additions, GITHUB_PATH first. */
  baseEnv(files: Record<string, string>): Record<string, string> {
    const env: Record<string, string> = { ...this.ctx.env, ...this.env, ...files, GITHUB_ACTION_PATH: this.actionPath };
    env.PATH = [...this.path, this.ctx.env.PATH ?? ''].join(path.delimiter);
    return env;
  }
}

async function stepFiles(job: JobState, index: number): Promise<Record<string, string>> {
  const names = {
    GITHUB_OUTPUT: 'output',
    GITHUB_ENV: 'env',
    GITHUB_PATH: 'path',
    GITHUB_STEP_SUMMARY: 'summary',
    GITHUB_STATE: 'state',
  };
  const files: Record<string, string> = {};
  for (const [variable, name] of Object.entries(names)) {
    files[variable] = path.join(job.dir, `step${index}.${name}`);
    await writeFile(files[variable]!, '');
  }
  return files;
}

async function readBack(job: JobState, id: string, files: Record<string, string>): Promise<void> {
  job.steps[id]!.outputs = parseKeyValueFile(await readFile(files.GITHUB_OUTPUT!, 'utf8'));
  Object.assign(job.env, parseKeyValueFile(await readFile(files.GITHUB_ENV!, 'utf8')));
  const added = (await readFile(files.GITHUB_PATH!, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  job.path.unshift(...added.reverse());
  job.summary += await readFile(files.GITHUB_STEP_SUMMARY!, 'utf8');
}

async function runScript(job: JobState, step: Step, files: Record<string, string>, index: number) {
  const scope = job.scope();
  if (step.shell !== 'bash') throw new Unmodelled(`step ${index}: shell "${step.shell ?? '(none)'}"`);
  const script = path.join(job.dir, `step${index}.sh`);
  await writeFile(script, evaluateTemplate(step.run ?? '', scope));
  const env = job.baseEnv(files);
  for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluateTemplate(String(v), scope);
  const cwd = step['working-directory']
    ? path.resolve(String(job.ctx.env.GITHUB_WORKSPACE), evaluateTemplate(step['working-directory'], scope))
    : String(job.ctx.env.GITHUB_WORKSPACE);
  return exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    env,
    timeoutMs: job.ctx.stepTimeoutMs ?? 300_000,
  });
}

async function runUses(job: JobState, step: Step, files: Record<string, string>, index: number) {
  const standIn = STAND_INS[step.uses ?? ''];
  if (!standIn) throw new Unmodelled(`step ${index}: uses "${step.uses}"`);
  const scope = job.scope();
  const given = step.with ?? {};
  for (const key of Object.keys(given))
    if (!(key in standIn.inputs)) throw new Error(`step ${index}: ${step.uses} has no input "${key}"`);
  const env = { ...job.baseEnv(files), ...job.ctx.runtimeEnv };
  for (const [name, fallback] of Object.entries(standIn.inputs)) {
    const value = given[name] !== undefined ? String(given[name]) : fallback;
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = evaluateTemplate(value, scope);
  }
  return exec(process.execPath, [standIn.script], {
    cwd: String(job.ctx.env.GITHUB_WORKSPACE),
    env,
    timeoutMs: job.ctx.stepTimeoutMs ?? 300_000,
  });
}

async function runStep(job: JobState, step: Step, index: number): Promise<void> {
  for (const key of Object.keys(step)) if (!STEP_KEYS.has(key)) throw new Unmodelled(`step ${index}: key "${key}"`);
  if ((step.run === undefined) === (step.uses === undefined))
    throw new Error(`step ${index}: needs exactly one of run and uses`);
  const id = step.id ?? `__step${index}`;
  const name = step.name ?? id;
  if (!evaluateCondition(step.if, job.scope())) {
    job.steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
    job.records.push({ id, name, outcome: 'skipped', log: '', ms: 0 });
    return;
  }
  const started = Date.now();
  const files = await stepFiles(job, index);
  job.steps[id] = { outputs: {}, outcome: 'success', conclusion: 'success' };
  const { code, log } =
    step.run !== undefined ? await runScript(job, step, files, index) : await runUses(job, step, files, index);
  await readBack(job, id, files);
  // A JavaScript action fails through core.setFailed (exit code 1), like a script's exit code.
  const outcome = code === 0 ? 'success' : 'failure';
  job.steps[id] = { ...job.steps[id]!, outcome, conclusion: outcome };
  if (outcome === 'failure') job.failed = true;
  job.records.push({ id, name, outcome, log, ms: Date.now() - started });
}

function resolveInputs(
  manifest: Manifest,
  given: Record<string, string>,
  job: Pick<JobState, 'ctx'>,
): Record<string, string> {
  const declared = manifest.inputs ?? {};
  for (const key of Object.keys(given))
    if (!(key in declared)) throw new Error(`the action has no input "${key}" (the runner would warn and ignore it)`);
  const scope: ExpressionScope = { contexts: { github: job.ctx.github, runner: job.ctx.runner }, failed: false };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared))
    inputs[name] = given[name] ?? (spec.default === undefined ? '' : evaluateTemplate(String(spec.default), scope));
  return inputs;
}

/** Runs `actionPath/action.yml` as the step `uses: <action> with: <inputs>` of a job. */
export async function runComposite(
  actionPath: string,
  inputs: Record<string, string>,
  ctx: RunnerContext,
): Promise<CompositeRun> {
  const manifest = parse(await readFile(path.join(actionPath, 'action.yml'), 'utf8')) as Manifest;
  if (manifest.runs.using !== 'composite') throw new Unmodelled(`runs.using "${manifest.runs.using}"`);
  const dir = await mkdtemp(path.join(ctx.runner.temp ?? '/tmp', 'composite-'));
  const job = new JobState(ctx, actionPath, resolveInputs(manifest, inputs, { ctx }), dir);
  for (const [index, step] of manifest.runs.steps.entries()) await runStep(job, step, index);
  const outputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.outputs ?? {}))
    outputs[name] = evaluateTemplate(spec.value, job.scope());
  const log = job.records.map((r) => `## ${r.name} (${r.outcome})\n${r.log}`).join('\n');
  await appendFile(path.join(dir, 'job.log'), log);
  return {
    conclusion: job.failed ? 'failure' : 'success',
    outputs,
    steps: job.records,
    log,
    summary: job.summary,
    jobEnv: job.env,
    jobPath: job.path,
  };
}
