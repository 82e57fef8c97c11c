// Runs one child process for an engine: its own process group (so a timeout or an abort kills the
// whole tree, shell and grandchildren included), stdout delivered line by line, stderr kept as a
// tail for error reports. Never rejects for the child's own failure: the caller decides what a
// non-zero exit, a signal or a timeout means.
import { spawn } from 'node:child_process';
import { LineTail, DEFAULT_TAIL_LINES } from './stderrTail.js';

export interface ChildSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Each complete stdout line, without its newline. */
  readonly onStdoutLine?: (line: string) => void;
  /** Called once the child is running, with its pid (telemetry attributes GPU memory by pid). */
  readonly onSpawn?: (pid: number) => void;
  readonly tailLines?: number;
  /** Time between SIGTERM and SIGKILL of the process group. */
  readonly killGraceMs?: number;
}

export interface ChildOutcome {
  /** Exit code, or null when the child ended by a signal or never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** Set when the program could not be started (e.g. ENOENT). */
  readonly spawnError?: NodeJS.ErrnoException;
  readonly stderrTail: string;
  readonly pid?: number;
}

export function runChild(spec: ChildSpec): Promise<ChildOutcome> {
  const stderr = new LineTail(spec.tailLines ?? DEFAULT_TAIL_LINES);
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let closeTimer: NodeJS.Timeout | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A new process group: kill(-pid) then reaches everything the program started.
      detached: true,
    });

    const killGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // The group is already gone.
      }
    };
    const stop = (): void => {
      killGroup('SIGTERM');
      killTimer ??= setTimeout(() => killGroup('SIGKILL'), spec.killGraceMs ?? 3000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = (): void => {
      aborted = true;
      stop();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (spawnError?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(closeTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      // Leftovers of a finished benchmark (a server it started, a stuck worker) would load the
      // machine during the next benchmark.
      killGroup('SIGKILL');
      flushStdout();
      resolve({
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        aborted,
        ...(spawnError ? { spawnError } : {}),
        stderrTail: stderr.text(),
        ...(child.pid !== undefined ? { pid: child.pid } : {}),
      });
    };

    let pending = '';
    const flushStdout = (): void => {
      if (pending !== '') spec.onStdoutLine?.(pending);
      pending = '';
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (pending + chunk).split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const line of lines) spec.onStdoutLine?.(line);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => stderr.push(chunk));

    child.on('spawn', () => {
      if (child.pid !== undefined) spec.onSpawn?.(child.pid);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      // Only a failure to start ends the run here; after a spawn, 'exit'/'close' follow.
      if (child.pid === undefined) finish(err);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A grandchild that escaped the group could hold the pipes open: do not wait for it forever.
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 2000);
    });
    child.on('close', () => finish());
  });
}
