// Runs one side's benchmark run of A/B mode. The default runs each as a separate process of this
// CLI (`llm-perf-gate run`), never in-process: the onnxruntime engine keeps native sessions, thread
// pools and allocator arenas in the process, the JIT and module caches warm up, and a GPU context
// persists; any of that carried from one side's run into the next would favour whichever side runs
// second. A fresh process per run is also how stored baselines are produced, so both modes measure
// the same thing, and a crash in one run cannot take the orchestration down.
import { runChild } from '../process/index.js';
import { readResult } from '../result/readResult.js';
import type { ResultDoc } from '../result/schema.js';

export type AbSide = 'base' | 'head';

export interface AbRunRequest {
  readonly side: AbSide;
  /** 1-based pair number. */
  readonly pair: number;
  /** Root of the tree this side runs from (the base worktree or the head checkout). */
  readonly treeRoot: string;
  /** Absolute path of the config inside that tree. */
  readonly configPath: string;
  /** Where the run's result file goes. */
  readonly outFile: string;
  /** e.g. "base-2". */
  readonly label: string;
  readonly git: { readonly sha: string; readonly ref?: string };
  /** Name filter passed to `run --filter`. */
  readonly filter?: string;
}

export interface RunExecutor {
  run(request: AbRunRequest): Promise<ResultDoc>;
}

/** A run of one side that produced no result file: the A/B job cannot go on (exit 2). */
export class AbRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbRunError';
  }
}

export interface ProcessExecutorOptions {
  /** Program and leading arguments of the CLI, e.g. [process.execPath, 'dist/cli.js']. */
  readonly cli: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** Where the child's stderr lines (progress, warnings) go; the last lines are kept for errors. */
  readonly onStderrLine?: (line: string) => void;
  readonly timeoutMs?: number;
}

/** Environment of a side's run: the commit it measures, and which side/run it is (engines may read it). */
export function sideEnv(base: NodeJS.ProcessEnv, request: AbRunRequest): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    GITHUB_SHA: request.git.sha,
    LLM_PERF_GATE_AB_SIDE: request.side,
    LLM_PERF_GATE_AB_RUN: request.label,
  };
  if (request.git.ref) env.GITHUB_REF = request.git.ref;
  else delete env.GITHUB_REF;
  return env;
}

export function runArgs(request: AbRunRequest): string[] {
  return [
    'run',
    '--config',
    request.configPath,
    '--out',
    request.outFile,
    '--label',
    request.label,
    '--format',
    'json',
    '--quiet',
    ...(request.filter !== undefined ? ['--filter', request.filter] : []),
  ];
}

export function processRunExecutor(options: ProcessExecutorOptions): RunExecutor {
  const [file, ...lead] = options.cli;
  if (!file) throw new Error('processRunExecutor: cli must name a program');
  return {
    async run(request) {
      const exit = await runChild({
        command: file,
        args: [...lead, ...runArgs(request)],
        cwd: request.treeRoot,
        env: sideEnv(options.env ?? process.env, request),
        onStderrLine: options.onStderrLine,
        tailBytes: 4000,
        timeoutMs: options.timeoutMs,
      });
      if (exit.reason === 'spawn-error') {
        throw new AbRunError(`${request.label}: could not start ${file}: ${exit.error?.message ?? 'unknown error'}`);
      }
      // Exit 0 with a result file is the only success: `run` without --baseline never gates.
      if (exit.code !== 0) {
        const how = exit.reason === 'timeout' ? `did not finish within ${options.timeoutMs} ms` : exitedWith(exit);
        const tail = exit.stderrTail.trim();
        throw new AbRunError(
          `${request.label} (${request.side} at ${request.git.sha.slice(0, 12)}) ${how}${tail ? `:\n${tail}` : ''}`,
        );
      }
      try {
        return await readResult(request.outFile, request.label);
      } catch (err) {
        throw new AbRunError(`${request.label}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

function exitedWith(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return `exited with ${exit.signal ? `signal ${exit.signal}` : `code ${String(exit.code)}`}`;
}
