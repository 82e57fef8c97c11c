// The `transformers` engine: PyTorch + Hugging Face Transformers through the Python harness shipped
// with the package (python/llm_perf_gate_harness.py). One round = one Python process, so every
// round starts from a fresh CUDA context, as the seed's separate runs did.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runChild } from '../../process/index.js';
import type { EngineOutput } from '../../result/schema.js';
import { childFailure, stderrTail } from '../process/childFailure.js';
import { toRequestJson } from '../process/requestJson.js';
import { withTempDir } from '../../process/tempDir.js';
import { parseEngineOutput, readOutputFile, withRound } from '../process/validateOutput.js';
import { EngineError, type Engine, type EngineRequest, type IterationObserver } from '../types.js';
import { progressLineHandler, type HarnessEvent } from './harnessEvents.js';
import { resolveHarnessPath } from './harnessPath.js';
import type { TransformersOptions } from './options.js';

export interface TransformersEngineDeps {
  /** The harness script; defaults to $LLM_PERF_GATE_HARNESS or the one shipped with the package. */
  readonly harnessPath?: string;
  /** Environment of the Python process; defaults to this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The model option as the harness needs it: a local folder resolved against the config file. */
export function resolveModel(model: string, configDir: string): string {
  const local = path.resolve(configDir, model);
  // A hub id ("mistralai/Mistral-7B-v0.1") is passed on unchanged unless such a folder exists.
  return existsSync(local) ? local : model;
}

export function transformersEngine(deps: TransformersEngineDeps = {}): Engine<TransformersOptions> {
  return {
    name: 'transformers',
    run: (request, observer) => runHarness(request, observer, deps),
  };
}

async function runHarness(
  request: EngineRequest<TransformersOptions>,
  observer: IterationObserver,
  deps: TransformersEngineDeps,
): Promise<EngineOutput> {
  const opts = request.options;
  const env = deps.env ?? process.env;
  const harness = deps.harnessPath ?? resolveHarnessPath(env);
  const label = `the transformers harness (${opts.python} ${path.basename(harness)})`;
  const options = { ...opts, model: resolveModel(opts.model, request.configDir) };
  return withTempDir(async (dir) => {
    const requestPath = path.join(dir, 'request.json');
    const outputPath = path.join(dir, 'output.json');
    await writeFile(requestPath, `${JSON.stringify(toRequestJson(request, options), null, 2)}\n`);
    let reported: Extract<HarnessEvent, { event: 'error' }> | undefined;
    const outcome = await runChild({
      command: opts.python,
      args: [harness, '--request', requestPath, '--output', outputPath],
      cwd: request.configDir,
      // Unbuffered, so progress lines arrive as iterations finish rather than at exit.
      env: { ...env, PYTHONUNBUFFERED: '1' },
      timeoutMs: opts.timeout_s * 1000,
      signal: request.signal,
      onSpawn: (pid) => observer.onProcess?.(pid),
      onStdoutLine: progressLineHandler(observer, request.round, (ev) => (reported = ev)),
    });
    const tail = stderrTail(outcome);
    // The harness's own diagnosis (a missing package, an OOM it caught) beats a generic exit code.
    if (reported && outcome.reason === 'exit') {
      throw new EngineError(reported.kind, namingConfig(reported.message, request.name), tail);
    }
    const failure = childFailure(outcome, label, request.name, opts.timeout_s);
    if (failure) throw failure;
    const text = await readOutputFile(outputPath, `the output of ${label} for config "${request.name}"`, tail);
    if (text === undefined) {
      throw new EngineError(
        'invalid-output',
        `${label} exited with code 0 but wrote no output for config "${request.name}"`,
        tail,
      );
    }
    return withRound(
      parseEngineOutput(text, `the output of ${label} for config "${request.name}"`, tail),
      request.round,
    );
  });
}

/** Every per-config error names its config, whatever the harness wrote. */
function namingConfig(message: string, config: string): string {
  return message.includes(`"${config}"`) ? message : `${message} (config "${config}")`;
}
