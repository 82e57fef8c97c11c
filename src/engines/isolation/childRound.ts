// The child's half of an isolated round: runs the engine in this process, streams progress as JSON
// lines (the transformers harness's event format, so one parser reads both) and hands back the
// EngineOutput. A failure the engine reports becomes an `error` event; a native abort ends the
// process and the parent reports it from the exit signal.
import type { EngineOutput } from '../../result/schema.js';
import type { EngineRegistry } from '../registry.js';
import { EngineError } from '../types.js';
import type { ChildRequest } from './childRequest.js';

/**
 * Test-only: set to a config name, the child of that config aborts natively (SIGABRT) at its first
 * progress event, as onnxruntime does when a provider throws a C++ exception nobody catches.
 */
export const TEST_ABORT_ENV = 'LLM_PERF_GATE_TEST_ABORT_IN_CHILD';

export interface ChildRoundIo {
  /** Writes one event line (without its newline) where the parent reads progress. */
  readonly emit: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** Ends the process natively (process.abort in production). */
  readonly abort: () => void;
}

/** Runs the round; resolves with the output, or undefined after emitting an `error` event. */
export async function runChildRound(
  child: ChildRequest,
  engines: EngineRegistry,
  io: ChildRoundIo,
): Promise<EngineOutput | undefined> {
  const abortHere = io.env[TEST_ABORT_ENV] !== undefined && io.env[TEST_ABORT_ENV] === child.request.name;
  const event = (e: Record<string, unknown>): void => {
    io.emit(JSON.stringify(e));
    if (abortHere) io.abort();
  };
  try {
    const engine = await engines[child.engine]();
    return await engine.run(child.request, {
      onWarmup: (index, total) => event({ event: 'warmup', index, total }),
      onIteration: (index, total, sample) => event({ event: 'iteration', index, total, sample }),
    });
  } catch (err) {
    const e =
      err instanceof EngineError
        ? err
        : new EngineError('internal', `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    io.emit(JSON.stringify({ event: 'error', kind: e.kind, message: e.message }));
    return undefined;
  }
}
