// How each engine starts as a persistent worker: the program, its arguments and environment, and
// the request file it reads (the same request a one-shot round gets, so a program needs one parser).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EngineName } from '../../config/schema.js';
import { commandLine, OUTPUT_ENV, REQUEST_ENV } from '../command/commandEngine.js';
import type { CommandOptions } from '../command/options.js';
import { engineChildCommand, type ChildCommand } from '../isolation/childCommand.js';
import { toChildRequest } from '../isolation/childRequest.js';
import { toRequestJson } from '../process/requestJson.js';
import { resolveHarnessPath } from '../transformers/harnessPath.js';
import type { TransformersOptions } from '../transformers/options.js';
import { resolveModel } from '../transformers/transformersEngine.js';
import type { EngineRequest } from '../types.js';
import type { WorkerLaunch } from './workerClient.js';

export const ENGINE_WORKER_COMMAND = '__engine-worker';
/** In-process engines have no timeout option; their worker gets this long to load and per iteration. */
const IN_PROCESS_TIMEOUT_MS = 30 * 60_000;

export interface LaunchDeps {
  /** Environment the worker inherits (before an engine's own env option). */
  readonly env?: NodeJS.ProcessEnv;
  readonly harnessPath?: string;
  readonly childCommand?: () => ChildCommand;
}

export async function workerLaunch(
  engine: EngineName,
  request: EngineRequest,
  deps: LaunchDeps = {},
): Promise<WorkerLaunch> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'llm-perf-gate-worker-'));
  const requestPath = path.join(dir, 'request.json');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const env = deps.env ?? process.env;
  const common = { config: request.name, warmup: request.warmup, cleanup };
  try {
    if (engine === 'command') {
      const opts = request.options as CommandOptions;
      const { command: file, args, label } = commandLine(opts.run);
      const outputPath = path.join(dir, 'output.json');
      // One iteration: what a program that does not opt in runs per trial.
      await writeFile(requestPath, `${JSON.stringify(toRequestJson({ ...request, iterations: 1 }), null, 2)}\n`);
      return {
        ...common,
        command: file,
        args,
        cwd: path.resolve(request.configDir, opts.cwd ?? '.'),
        env: { ...env, ...opts.env, [REQUEST_ENV]: requestPath, [OUTPUT_ENV]: outputPath },
        label,
        timeoutMs: opts.timeout_s * 1000,
        oneShotOutput: outputPath,
      };
    }
    if (engine === 'transformers') {
      const opts = request.options as TransformersOptions;
      const harness = deps.harnessPath ?? resolveHarnessPath(env);
      const options = { ...opts, model: resolveModel(opts.model, request.configDir) };
      await writeFile(
        requestPath,
        `${JSON.stringify(toRequestJson({ ...request, iterations: 1 }, options), null, 2)}\n`,
      );
      return {
        ...common,
        command: opts.python,
        args: [harness, '--worker', '--request', requestPath],
        cwd: request.configDir,
        env: { ...env, PYTHONUNBUFFERED: '1' },
        label: `the transformers harness (${opts.python} ${path.basename(harness)} --worker)`,
        timeoutMs: opts.timeout_s * 1000,
      };
    }
    const cmd = (deps.childCommand ?? (() => engineChildCommand({}, ENGINE_WORKER_COMMAND)))();
    await writeFile(requestPath, JSON.stringify(toChildRequest(engine, { ...request, iterations: 1 })));
    return {
      ...common,
      command: cmd.file,
      args: [...cmd.args, '--request', requestPath],
      cwd: dir,
      env,
      label: `the ${engine} worker (${ENGINE_WORKER_COMMAND})`,
      timeoutMs: IN_PROCESS_TIMEOUT_MS,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
