// The first stage of every mode: inputs, the token masked, the event, the fork policy, the config
// and where this run's files go. Returns the run's context, or the outcome when it stops here.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, type LoadedConfig } from '../config/loadConfig.js';
import type { GateConfig } from '../config/schema.js';
import type { GitHubClient } from '../github/client.js';
import { mdText } from '../report/escape.js';
import type { ActionDeps, ActionOutcome } from './deps.js';
import { describeEvent, readEventPayload, type RunEvent } from './event.js';
import { InputError, parseInputs, type ActionInputs } from './parseInputs.js';
import { decideSafety, type SafetyDecision } from './safety.js';

export interface ActionContext {
  readonly inputs: ActionInputs;
  readonly event: RunEvent;
  readonly safety: SafetyDecision;
  readonly loaded: LoadedConfig;
  /** The config's gate with the inputs' overrides applied. */
  readonly gate: GateConfig;
  /** Baseline runs kept and compared with (K). */
  readonly keep: number;
  readonly workspace: string;
  readonly outDir: string;
  readonly resultsPath: string;
  readonly reportPath: string;
  /** The GitHub client, when there is a token and an API to talk to. */
  readonly client: () => GitHubClient | undefined;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '') || 'config';
}

export async function prepareRun(deps: ActionDeps): Promise<ActionContext | ActionOutcome> {
  const { env, io } = deps;
  let inputs: ActionInputs;
  try {
    inputs = parseInputs(env);
  } catch (err) {
    if (err instanceof InputError) return { failed: true, message: err.message };
    throw err;
  }
  // Mask first, before anything can print it.
  if (inputs.token) io.setSecret(inputs.token);

  const event = describeEvent(env, await readEventPayload(env));
  const safety = decideSafety(event, {
    runnerEnvironment: env.RUNNER_ENVIRONMENT,
    allowFork: inputs.allowFork,
    saveBranches: inputs.saveBranches,
  });
  if (safety.refuse) {
    await io.writeSummary(`## llm-perf-gate\n\n:no_entry: ${mdText(safety.refuse)}\n`);
    return { failed: true, message: safety.refuse };
  }

  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  let loaded: LoadedConfig;
  try {
    loaded = await deps.pipeline.loadConfig(inputs.configPath, workspace);
  } catch (err) {
    if (err instanceof ConfigError) return { failed: true, message: err.message };
    throw err;
  }
  const gate = { ...loaded.config.gate, fail_on: inputs.failOn ?? loaded.config.gate.fail_on };
  const outDir = path.resolve(
    workspace,
    inputs.outputDir ?? path.join(env.RUNNER_TEMP ?? os.tmpdir(), 'llm-perf-gate', slug(inputs.configPath)),
  );
  await mkdir(outDir, { recursive: true });
  const shard = inputs.shard;
  let client: GitHubClient | undefined;
  return {
    inputs,
    event,
    safety,
    loaded,
    gate,
    keep: inputs.baselineRuns ?? gate.baseline_runs,
    workspace,
    outDir,
    resultsPath: path.join(outDir, shard ? `results.shard-${shard.index}-of-${shard.total}.json` : 'results.json'),
    reportPath: path.join(outDir, 'report.md'),
    client: () =>
      (client ??=
        inputs.token && env.GITHUB_API_URL !== ''
          ? deps.createClient(inputs.token, env.GITHUB_API_URL ?? 'https://api.github.com', io)
          : undefined),
  };
}
