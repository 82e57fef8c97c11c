// Runs an in-process engine's round in a child process of this program (`__engine-round`), so a
// native abort — onnxruntime's WebGPU provider throwing a C++ exception nobody catches, a driver
// fault — fails that config only instead of killing the whole run. The child streams progress as
// JSON lines and writes the EngineOutput to a file; a child that dies without output becomes
// EngineError('crash') naming the model, the signal or exit code, and the child's stderr tail.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EngineName } from '../../config/schema.js';
import { runChild, type ChildExit } from '../../process/index.js';
import type { EngineOutput } from '../../result/schema.js';
import { childFailure, stderrTail } from '../process/childFailure.js';
import { withTempDir } from '../../process/tempDir.js';
import { parseEngineOutput, readOutputFile, withRound } from '../process/validateOutput.js';
import { progressLineHandler } from '../transformers/harnessEvents.js';
import { EngineError, type Engine, type EngineRequest, type IterationObserver } from '../types.js';
import { engineChildCommand, type ChildCommand } from './childCommand.js';
import { toChildRequest } from './childRequest.js';

export interface IsolationDeps {
  /** How to start `__engine-round`; defaults to this program's CLI entry. */
  readonly command?: () => ChildCommand;
  /** Environment of the child; defaults to this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface IsolationPolicy<Options> {
  /** Whether this round runs in a child process. */
  readonly isolate: (request: EngineRequest<Options>) => boolean;
  /** What the round runs, for messages: e.g. "model /path/model.onnx". */
  readonly describe: (request: EngineRequest<Options>) => string;
}

/** `inner`, except that rounds the policy picks run in a child process executing the same engine. */
export function isolatedWhen<Options>(
  inner: Engine<Options>,
  policy: IsolationPolicy<Options>,
  deps: IsolationDeps = {},
): Engine<Options> {
  return {
    name: inner.name,
    run: (request, observer) =>
      policy.isolate(request)
        ? runIsolated(inner.name, request, observer, policy.describe(request), deps)
        : inner.run(request, observer),
  };
}

/** Runs one round of `engine` in a child process and returns its output. */
export async function runIsolated(
  engine: EngineName,
  request: EngineRequest,
  observer: IterationObserver,
  subject: string,
  deps: IsolationDeps = {},
): Promise<EngineOutput> {
  const label = `the ${engine} child process for ${subject}`;
  const command = (deps.command ?? engineChildCommand)();
  return withTempDir(async (dir) => {
    const requestPath = path.join(dir, 'request.json');
    const outputPath = path.join(dir, 'output.json');
    await writeFile(requestPath, JSON.stringify(toChildRequest(engine, request)));
    let reported: { kind: EngineError['kind']; message: string } | undefined;
    const outcome = await runChild({
      command: command.file,
      args: [...command.args, '--request', requestPath, '--output', outputPath],
      // The temporary folder: a core file of a crashed child goes away with it.
      cwd: dir,
      env: deps.env ?? process.env,
      signal: request.signal,
      onSpawn: (pid) => observer.onProcess?.(pid),
      onStdoutLine: progressLineHandler(observer, request.round, (ev) => (reported = ev)),
    });
    const tail = stderrTail(outcome);
    // The engine's own diagnosis, made in the child, reads as it would in-process.
    if (reported && outcome.reason === 'exit') throw new EngineError(reported.kind, reported.message, tail);
    const text =
      outcome.reason !== 'exit' ? undefined : await readOutputFile(outputPath, `the output of ${label}`, tail);
    if (text === undefined) throw crashError(outcome, label, request.name);
    const output = withRound(parseEngineOutput(text, `the output of ${label}`, tail), request.round);
    return {
      ...output,
      // The method, recorded with each figure: this peak belongs to this config's process alone.
      memory: output.memory.map((m) => ({ ...m, source: `${m.source}; in a process of this config's own` })),
      engine_info: {
        ...output.engine_info,
        isolation: 'child process',
        // Telemetry attributes GPU memory to this pid rather than to the runner's.
        ...(outcome.pid !== undefined ? { pid: outcome.pid } : {}),
        // A complete output followed by a crash at teardown: the samples stand, the exit is recorded.
        ...(outcome.code !== 0 ? { child_exit: exitText(outcome) } : {}),
      },
    };
  });
}

/** The per-config error of a child that produced no output (exported for tests). */
export function crashError(outcome: ChildExit, label: string, config: string): EngineError {
  const failure =
    // In-process engines have no timeout of their own, so neither has their child.
    childFailure(outcome, label, config, Number.POSITIVE_INFINITY) ??
    new EngineError('crash', `${label} exited with code 0 but wrote no output for config "${config}"`);
  const said = lastStatement(outcome.stderrTail);
  return new EngineError(
    failure.kind,
    said === undefined ? failure.message : `${failure.message}: ${said}`,
    failure.stderrTail,
  );
}

/** Stack frames and the banners Node prints around them on an abort. */
const STACK_LINE = /^(\d+: |at |-----|#\d+ )/;

/**
 * The last line of the child's stderr that is not part of a stack trace: what it said before it
 * died (e.g. "terminate called after throwing an instance of 'char const*'"), usually the cause.
 */
export function lastStatement(stderrTail: string): string | undefined {
  return stderrTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !STACK_LINE.test(l))
    .at(-1);
}

function exitText(outcome: ChildExit): string {
  return outcome.signal !== null ? `killed by ${outcome.signal} after writing its output` : `exit code ${outcome.code}`;
}
