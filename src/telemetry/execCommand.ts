// Runs a short command with a hard timeout. Telemetry must never hang or fail a benchmark, so this
// never rejects: a missing program, a crash or a hang all come back as data. The process itself is
// run by the process module (its own group, killed on timeout).
import { startChild, type ChildSpec, type ManagedChild } from '../process/index.js';

/** How a child is started: the process module's startChild, or a stand-in that rewrites the spec (tests). */
export type StartChild = (spec: ChildSpec) => ManagedChild;

export interface ExecResult {
  /** Exit code, or null when the program did not finish (see `failure`). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why there is no exit code: the program is missing, could not start, or timed out. */
  readonly failure?: 'not-found' | 'spawn-error' | 'timeout';
  readonly message?: string;
}

/** Output kept per stream: nvidia-smi's answers are far smaller. */
const MAX_OUTPUT = 1 << 20;
/** A telemetry probe that ignores SIGTERM is not worth waiting for long. */
const KILL_GRACE_MS = 500;

export async function execCommand(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; start?: StartChild | undefined; env?: NodeJS.ProcessEnv | undefined },
): Promise<ExecResult> {
  const start = options.start ?? startChild;
  const exit = await start({
    command,
    args,
    env: options.env,
    timeoutMs: options.timeoutMs,
    tailBytes: MAX_OUTPUT,
    killGraceMs: KILL_GRACE_MS,
  }).exited;
  const out = { stdout: exit.stdoutTail, stderr: exit.stderrTail };
  if (exit.reason === 'spawn-error') {
    const failure = exit.error?.code === 'ENOENT' ? 'not-found' : 'spawn-error';
    return { code: null, ...out, failure, message: exit.error?.message ?? 'could not start' };
  }
  if (exit.reason === 'timeout') {
    return {
      code: null,
      ...out,
      failure: 'timeout',
      message: `${command} did not finish within ${options.timeoutMs} ms`,
    };
  }
  return { code: exit.code, ...out };
}
