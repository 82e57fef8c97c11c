// Turns a failed child run into the per-config error the report shows. Shared by the engines that
// run a subprocess, so a timeout or a crash reads the same whichever engine it came from.
import { EngineError } from '../types.js';
import type { ChildExit } from '../../process/index.js';

/** Lines of a child's stderr kept in a per-config error (the process module bounds their size). */
export const STDERR_TAIL_LINES = 40;

/** The last lines of what the child wrote to stderr, or undefined when it wrote nothing. */
export function stderrTail(outcome: ChildExit): string | undefined {
  if (outcome.stderrTail === '') return undefined;
  return outcome.stderrTail.split('\n').slice(-STDERR_TAIL_LINES).join('\n');
}

/** Phrases that PyTorch, CUDA and common serving engines print when device memory runs out. */
const OOM_PATTERNS = [/OutOfMemoryError/, /CUDA out of memory/i, /CUDA error: out of memory/i, /\bOOM\b/];

export function looksLikeOutOfMemory(text: string): boolean {
  return OOM_PATTERNS.some((re) => re.test(text));
}

/**
 * The error for a child that did not succeed, or undefined when it exited with code 0.
 * `what` names the program in messages (e.g. 'command "bench.sh"'), `config` the benchmark.
 */
export function childFailure(
  outcome: ChildExit,
  what: string,
  config: string,
  timeoutS: number,
): EngineError | undefined {
  const tail = stderrTail(outcome);
  if (outcome.reason === 'spawn-error') {
    const err: Partial<NodeJS.ErrnoException> = outcome.error ?? {};
    const kind = err.code === 'ENOENT' || err.code === 'EACCES' ? 'dependency-missing' : 'crash';
    const why = err.code === 'ENOENT' ? 'not found' : err.code === 'EACCES' ? 'not executable' : String(err.message);
    return new EngineError(kind, `${what} could not be started for config "${config}": ${why}`, tail);
  }
  if (outcome.reason === 'timeout') {
    return new EngineError(
      'timeout',
      `${what} did not finish within ${timeoutS} s (timeout_s) for config "${config}"; its process group was killed`,
      tail,
    );
  }
  if (outcome.reason === 'cancelled') {
    return new EngineError('internal', `${what} was stopped for config "${config}": the run was cancelled`, tail);
  }
  if (outcome.code === 0) return undefined;
  const how = outcome.signal !== null ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  if (looksLikeOutOfMemory(outcome.stderrTail)) {
    return new EngineError('out-of-memory', `${what} ran out of memory for config "${config}" (${how})`, tail);
  }
  const hint = outcome.signal === 'SIGKILL' ? ' (the kernel OOM killer sends SIGKILL when host memory runs out)' : '';
  const notFound = outcome.code === 127 ? ' (exit 127: the shell did not find a program)' : '';
  return new EngineError(
    outcome.code === 127 ? 'dependency-missing' : 'crash',
    `${what} ${how}${hint}${notFound} for config "${config}"`,
    tail,
  );
}
