// TEMPORARY adapter: the shared process API (startChild, COMMON.md "The shared process API") that
// h15 builds in src/process/. Workers code against this shape; when src/process lands in main this
// file goes and its importers import from there. Own process group, stdout/stderr line by line,
// tails kept for messages, SIGTERM then SIGKILL of the whole group on stop, timeout or abort.
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

export interface ChildSpec {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  signal?: AbortSignal;
  stdin?: 'pipe' | 'ignore';
  onStdoutLine?(line: string): void;
  onStderrLine?(line: string): void;
  tailBytes?: number;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  reason: 'exit' | 'timeout' | 'cancelled' | 'spawn-error';
  stdoutTail: string;
  stderrTail: string;
  ms: number;
}

export interface ManagedChild {
  readonly pid: number | undefined;
  readonly stdin: Writable | null;
  readonly exited: Promise<ChildExit>;
  stop(reason?: string): Promise<ChildExit>;
}

const KILL_GRACE_MS = 3000;

function lineSplitter(onLine: ((line: string) => void) | undefined, keep: (s: string) => void) {
  let pending = '';
  return {
    push(chunk: string) {
      keep(chunk);
      const lines = (pending + chunk).split(/\r?\n/);
      pending = lines.pop() ?? '';
      for (const l of lines) onLine?.(l);
    },
    flush() {
      if (pending !== '') onLine?.(pending);
      pending = '';
    },
  };
}

export function startChild(spec: ChildSpec): ManagedChild {
  const started = performance.now();
  const tailBytes = spec.tailBytes ?? 8000;
  let stdoutTail = '';
  let stderrTail = '';
  let reason: ChildExit['reason'] = 'exit';
  let killTimer: NodeJS.Timeout | undefined;
  const child = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: [spec.stdin ?? 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const killGroup = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const terminate = (why: ChildExit['reason']): void => {
    if (reason === 'exit') reason = why;
    killGroup('SIGTERM');
    killTimer ??= setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
  };
  const out = lineSplitter(spec.onStdoutLine, (c) => (stdoutTail = (stdoutTail + c).slice(-tailBytes)));
  const err = lineSplitter(spec.onStderrLine, (c) => (stderrTail = (stderrTail + c).slice(-tailBytes)));
  child.stdout!.setEncoding('utf8').on('data', (c: string) => out.push(c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => err.push(c));
  // A closed pipe (the worker died) must not crash this process with EPIPE.
  child.stdin?.on('error', () => undefined);
  const timer = spec.timeoutMs !== undefined ? setTimeout(() => terminate('timeout'), spec.timeoutMs) : undefined;
  const onAbort = (): void => terminate('cancelled');
  if (spec.signal?.aborted) onAbort();
  else spec.signal?.addEventListener('abort', onAbort, { once: true });

  const exited = new Promise<ChildExit>((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let done = false;
    const finish = (spawnFailed?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      killGroup('SIGKILL');
      out.flush();
      err.flush();
      if (spawnFailed) stderrTail = `${stderrTail}${spawnFailed.message}`;
      resolve({
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        reason: spawnFailed ? 'spawn-error' : reason,
        stdoutTail,
        stderrTail,
        ms: performance.now() - started,
      });
    };
    child.on('error', (e) => {
      if (child.pid === undefined) finish(e);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, 2000).unref();
    });
    child.on('close', () => finish());
  });
  return {
    pid: child.pid,
    stdin: child.stdin,
    exited,
    stop: () => {
      terminate('cancelled');
      return exited;
    },
  };
}
