// The `command` engine: runs any program (vLLM, TensorRT-LLM, llama.cpp, a team's own script) that
// reads the request from $LLM_PERF_GATE_REQUEST and writes its samples to $LLM_PERF_GATE_OUTPUT in
// the engine output format (docs/command-engine.md, schema/engine-output.schema.json).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runChild } from '../../process/index.js';
import type { EngineOutput } from '../../result/schema.js';
import { childFailure, stderrTail } from '../process/childFailure.js';
import { toRequestJson } from '../process/requestJson.js';
import { withTempDir } from '../../process/tempDir.js';
import { parseEngineOutput, readOutputFile, withRound } from '../process/validateOutput.js';
import { EngineError, type Engine, type EngineRequest, type IterationObserver } from '../types.js';
import type { CommandOptions } from './options.js';

export const REQUEST_ENV = 'LLM_PERF_GATE_REQUEST';
export const OUTPUT_ENV = 'LLM_PERF_GATE_OUTPUT';

/** Program and arguments: an array runs without a shell, a string through /bin/sh -c. */
export function commandLine(run: CommandOptions['run']): { command: string; args: string[]; label: string } {
  if (typeof run === 'string') return { command: '/bin/sh', args: ['-c', run], label: `command "${run}"` };
  const [command, ...args] = run as [string, ...string[]];
  return { command, args, label: `command "${run.join(' ')}"` };
}

export interface CommandEngineDeps {
  /**
   * Environment the program inherits (before options.env); defaults to this process's. The runner's
   * secrets (src/process/scrubbedEnv.ts) are removed from it either way.
   */
  readonly env?: NodeJS.ProcessEnv;
}

export function commandEngine(deps: CommandEngineDeps = {}): Engine<CommandOptions> {
  return {
    name: 'command',
    run: (request, observer) => runCommand(request, observer, deps),
  };
}

async function runCommand(
  request: EngineRequest<CommandOptions>,
  observer: IterationObserver,
  deps: CommandEngineDeps,
): Promise<EngineOutput> {
  const opts = request.options;
  const { command, args, label } = commandLine(opts.run);
  const cwd = path.resolve(request.configDir, opts.cwd ?? '.');
  return withTempDir(async (dir) => {
    const requestPath = path.join(dir, 'request.json');
    const outputPath = path.join(dir, 'output.json');
    await writeFile(requestPath, `${JSON.stringify(toRequestJson(request), null, 2)}\n`);
    const outcome = await runChild({
      command,
      args,
      cwd,
      env: { ...(deps.env ?? process.env), ...opts.env, [REQUEST_ENV]: requestPath, [OUTPUT_ENV]: outputPath },
      timeoutMs: opts.timeout_s * 1000,
      signal: request.signal,
    });
    const failure = childFailure(outcome, label, request.name, opts.timeout_s);
    if (failure) throw failure;
    const tail = stderrTail(outcome);
    const text = await readOutputFile(outputPath, `the output of ${label} for config "${request.name}"`, tail);
    if (text === undefined) {
      throw new EngineError(
        'invalid-output',
        `${label} exited with code 0 but wrote no output to $${OUTPUT_ENV} for config "${request.name}"`,
        tail,
      );
    }
    const output = withRound(
      parseEngineOutput(text, `the output of ${label} for config "${request.name}"`, tail),
      request.round,
    );
    // The program reports all samples at once; replay them so progress displays stay uniform.
    output.iterations.forEach((sample, i) => observer.onIteration?.(i, output.iterations.length, sample));
    return output;
  });
}
