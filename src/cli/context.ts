import type { Cancellation } from '../process/index.js';

// What every CLI command receives: its streams and environment, so tests can run commands in-process.
export interface OutputStream {
  write(chunk: string): unknown;
}

export interface CliContext {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress redraws in place, reports get colour). */
  readonly isTTY: boolean;
  /** Cancellation (SIGINT/SIGTERM) of a command that measures: it stops and keeps what finished. */
  readonly cancellation?: Pick<Cancellation, 'signal' | 'onForcedExit'> | undefined;
}

export type CliCommand = (args: string[], ctx: CliContext) => Promise<number>;

/** Exit codes of every command: the contract scripts and the action rely on. */
export const EXIT = {
  pass: 0,
  gateFailed: 1,
  badInput: 2,
  internal: 3,
} as const;

/** A user error (bad usage, bad file): printed without a stack, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
