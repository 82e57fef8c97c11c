// The one executor that owns every child process this program starts (engines, their isolated
// rounds, nvidia-smi, git, A/B runs, workers). Every child runs in a process group of its own, so
// stopping it reaches everything it started (a shell's grandchildren, a server a script launched);
// a timeout, an abort or a cancellation stops the group with SIGTERM and, after a grace period,
// SIGKILL. Output is split into lines in linear time and only a tail is kept. The environment is
// always scrubbed of the runner's secrets (scrubbedEnv.ts). Never rejects for the child's own
// failure: `ChildExit.reason` says how it ended and the caller decides what that means.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { LineSplitter } from './lineSplitter.js';
import { scrubbedEnv } from './scrubbedEnv.js';
import { DEFAULT_TAIL_CHARS, StreamTail } from './streamTail.js';

/** Time between SIGTERM and SIGKILL of a stopped group. */
export const DEFAULT_KILL_GRACE_MS = 3000;
/** After the leader exits, how long a grandchild may hold the pipes open before they are closed. */
const PIPE_DRAIN_MS = 2000;

export interface ChildSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string | undefined;
  /** The child's environment (default: this process's); the secrets are removed either way. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Stops the group when exceeded (reason 'timeout'); none by default. */
  readonly timeoutMs?: number | undefined;
  /** Stops the group when aborted (reason 'cancelled'). */
  readonly signal?: AbortSignal | undefined;
  /** 'pipe' for long-lived workers that read requests on stdin; default 'ignore'. */
  readonly stdin?: 'pipe' | 'ignore' | undefined;
  readonly onStdoutLine?: ((line: string) => void) | undefined;
  readonly onStderrLine?: ((line: string) => void) | undefined;
  /** Called with the pid right after the start (telemetry attributes GPU memory by pid). */
  readonly onSpawn?: ((pid: number) => void) | undefined;
  /** Characters of each stream kept for messages (default 8192). */
  readonly tailBytes?: number | undefined;
  /** Longest line handed to the line callbacks; the rest of a longer line is dropped. */
  readonly maxLineChars?: number | undefined;
  readonly killGraceMs?: number | undefined;
}

export type ExitReason = 'exit' | 'timeout' | 'cancelled' | 'spawn-error';

export interface ChildExit {
  /** Exit code, or null when the child ended by a signal or never started. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** 'exit': it ended by itself (whatever the code); otherwise why it was stopped or never ran. */
  readonly reason: ExitReason;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  /** Characters of each stream that are not in the tails. */
  readonly omitted: { readonly stdout: number; readonly stderr: number };
  /** Wall time from start to the end of its output. */
  readonly ms: number;
  readonly pid?: number | undefined;
  /** Why it could not start (reason 'spawn-error'), e.g. ENOENT. */
  readonly error?: NodeJS.ErrnoException | undefined;
}

export interface ManagedChild {
  readonly pid: number | undefined;
  /** The child's stdin with `stdin: 'pipe'` (a write after it died is ignored; `exited` tells). */
  readonly stdin: Writable | null;
  readonly exited: Promise<ChildExit>;
  /** Stops the whole process group (SIGTERM, then SIGKILL after the grace period). */
  stop(reason?: 'timeout' | 'cancelled'): Promise<ChildExit>;
  /** SIGKILL to the whole group now (no grace), e.g. when this process must exit at once. */
  kill(): void;
}

const live = new Set<ManagedChild>();

/** Children started and not yet ended (for tests and the cancellation check). */
export function liveChildren(): readonly ManagedChild[] {
  return [...live];
}

/** SIGKILL to every live child's group at once, without waiting (the last step before a forced exit). */
export function killAllChildrenNow(): void {
  for (const child of live) child.kill();
}

/** Stops every live child's group (cancellation) and waits for them all. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...live].map((c) => c.stop('cancelled')));
}

/** Starts a child and waits for its end. */
export function runChild(spec: ChildSpec): Promise<ChildExit> {
  return startChild(spec).exited;
}

export function startChild(spec: ChildSpec): ManagedChild {
  const started = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: scrubbedEnv(spec.env ?? process.env),
      stdio: [spec.stdin ?? 'ignore', 'pipe', 'pipe'],
      // A new process group: kill(-pid) then reaches everything the program started.
      detached: true,
    });
  } catch (err) {
    // Synchronous failures (a bad cwd type, a NUL in an argument) read like a failed start.
    return notStarted(err as NodeJS.ErrnoException);
  }
  const tails = {
    stdout: new StreamTail(spec.tailBytes ?? DEFAULT_TAIL_CHARS),
    stderr: new StreamTail(spec.tailBytes ?? DEFAULT_TAIL_CHARS),
  };
  const streams = attachStreams(child, spec, tails);
  let resolveExit!: (e: ChildExit) => void;
  const exited = new Promise<ChildExit>((r) => (resolveExit = r));
  // A process stuck in the kernel (D state) can outlive SIGKILL for a while: stop waiting for it.
  const group = new ProcessGroup(child, spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS, () => {
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
    ending.finish();
  });
  const managed: ManagedChild = {
    pid: child.pid,
    stdin: child.stdin,
    exited,
    stop: (reason = 'cancelled') => {
      group.stop(reason);
      return exited;
    },
    kill: () => group.kill(),
  };
  live.add(managed);
  const ending = watchEnd(child, spec, group, (status, error) => {
    // Leftovers of a finished child (a server it started, a stuck grandchild) would load the machine
    // during the next benchmark.
    group.finish();
    streams.flush();
    live.delete(managed);
    resolveExit({
      code: status?.code ?? null,
      signal: status?.signal ?? null,
      reason: error ? 'spawn-error' : (group.stoppedFor ?? 'exit'),
      stdoutTail: tails.stdout.text(),
      stderrTail: tails.stderr.text(),
      omitted: { stdout: tails.stdout.omittedChars, stderr: tails.stderr.omittedChars },
      ms: Math.round(performance.now() - started),
      pid: child.pid,
      error,
    });
  });
  if (child.pid !== undefined) spec.onSpawn?.(child.pid);
  return managed;
}

/** A child that could not even be spawned. */
function notStarted(error: NodeJS.ErrnoException): ManagedChild {
  const exit: ChildExit = {
    code: null,
    signal: null,
    reason: 'spawn-error',
    stdoutTail: '',
    stderrTail: error.message,
    omitted: { stdout: 0, stderr: 0 },
    ms: 0,
    error,
  };
  return {
    pid: undefined,
    stdin: null,
    exited: Promise.resolve(exit),
    stop: () => Promise.resolve(exit),
    kill: () => undefined,
  };
}

type ExitStatus = { code: number | null; signal: NodeJS.Signals | null } | undefined;

/**
 * Calls `onEnd` once, when the child has ended and its output has been read: on 'close', or
 * PIPE_DRAIN_MS after 'exit' (a grandchild outside the group may hold the pipes), or when it never
 * started. Wires the timeout and the abort signal to the group meanwhile.
 */
function watchEnd(
  child: ChildProcess,
  spec: ChildSpec,
  group: ProcessGroup,
  onEnd: (status: ExitStatus, error?: NodeJS.ErrnoException) => void,
): { finish(): void } {
  const timer = spec.timeoutMs !== undefined ? setTimeout(() => group.stop('timeout'), spec.timeoutMs) : undefined;
  const onAbort = (): void => group.stop('cancelled');
  if (spec.signal?.aborted) onAbort();
  else spec.signal?.addEventListener('abort', onAbort, { once: true });
  let status: ExitStatus;
  let drainTimer: NodeJS.Timeout | undefined;
  let settled = false;
  const finish = (error?: NodeJS.ErrnoException): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(drainTimer);
    spec.signal?.removeEventListener('abort', onAbort);
    onEnd(status, error);
  };
  child.on('error', (err: NodeJS.ErrnoException) => {
    // Only a failure to start ends the run here; after a start, 'exit' and 'close' follow.
    if (child.pid === undefined) finish(err);
  });
  child.on('exit', (code, signal) => {
    status = { code, signal };
    drainTimer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish();
    }, PIPE_DRAIN_MS);
  });
  child.on('close', () => finish());
  return { finish: () => finish() };
}

/** Signals to a child's process group, with the SIGTERM → SIGKILL escalation. */
class ProcessGroup {
  stoppedFor: 'timeout' | 'cancelled' | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly child: ChildProcess,
    private readonly graceMs: number,
    private readonly giveUp: () => void,
  ) {}

  stop(reason: 'timeout' | 'cancelled'): void {
    if (this.done) return;
    this.stoppedFor ??= reason;
    this.signal('SIGTERM');
    this.killTimer ??= setTimeout(() => {
      this.signal('SIGKILL');
      this.killTimer = setTimeout(this.giveUp, this.graceMs);
    }, this.graceMs);
  }

  kill(): void {
    this.stoppedFor ??= 'cancelled';
    this.signal('SIGKILL');
  }

  finish(): void {
    this.done = true;
    clearTimeout(this.killTimer);
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      // The group is already gone.
    }
  }
}

function attachStreams(
  child: ChildProcess,
  spec: ChildSpec,
  tails: { stdout: StreamTail; stderr: StreamTail },
): { flush(): void } {
  const splitters = {
    stdout: spec.onStdoutLine ? new LineSplitter(spec.onStdoutLine, spec.maxLineChars) : undefined,
    stderr: spec.onStderrLine ? new LineSplitter(spec.onStderrLine, spec.maxLineChars) : undefined,
  };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name];
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      tails[name].push(chunk);
      splitters[name]?.push(chunk);
    });
  }
  // A worker that died before reading its request: the write fails with EPIPE; `exited` reports it.
  child.stdin?.on('error', () => undefined);
  return {
    flush: () => {
      splitters.stdout?.flush();
      splitters.stderr?.flush();
    },
  };
}
