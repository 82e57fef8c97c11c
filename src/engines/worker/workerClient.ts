// The runner's side of a persistent worker: starts the engine process, waits for `ready` (model
// loaded, warm-up done), then asks for one measured iteration at a time. A `command` program that
// does not speak the protocol (it exits having written its one-shot output) is run once per trial
// instead: slower, and the report says what it cost.
import { readFile, rm } from 'node:fs/promises';
import type { IterationSample, MemoryPeak } from '../../result/schema.js';
import { looksLikeOutOfMemory } from '../process/childFailure.js';
import { parseEngineOutput } from '../process/validateOutput.js';
import { EngineError } from '../types.js';
import { startChild, type ChildExit, type ManagedChild } from '../../process/index.js';
import {
  parseWorkerMessage,
  requestLine,
  WORKER_ENV,
  WORKER_PROTOCOL,
  type WorkerMessage,
  type WorkerReady,
} from './protocol.js';

export interface WorkerLaunch {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** What runs, for messages: e.g. 'command "python3 serve.py"'. */
  readonly label: string;
  /** The benchmark (config) name, for messages. */
  readonly config: string;
  /** Time allowed for load and warm-up, and then for each iteration. */
  readonly timeoutMs: number;
  readonly warmup: number;
  /** Set where the program may not speak the protocol: the output file of its one-shot run. */
  readonly oneShotOutput?: string;
  /** Removes the launch's temporary files. */
  readonly cleanup: () => Promise<void>;
}

export interface WorkerSample {
  readonly sample: IterationSample;
  readonly tokensDigest?: string;
  /** Wall time of the request, as the runner saw it (a whole process in process-per-trial mode). */
  readonly ms: number;
}

export interface WorkerFinal {
  readonly memory: readonly MemoryPeak[];
  readonly engineInfo: WorkerReady['engine_info'];
}

export interface EngineWorker {
  /** persistent: one process for the worker's life; process-per-trial: the program did not opt in. */
  readonly mode: 'persistent' | 'process-per-trial';
  readonly ready: WorkerReady;
  readonly pid: number | undefined;
  /** False once the process is gone (a crash): later iterations fail at once. */
  alive(): boolean;
  iterate(): Promise<WorkerSample>;
  shutdown(): Promise<WorkerFinal>;
  kill(): Promise<void>;
}

export interface StartOptions {
  readonly signal?: AbortSignal;
  readonly onWarmup?: (index: number, total: number) => void;
  readonly onSpawn?: (pid: number) => void;
}

/** The error for a worker process that ended or was stopped while something was asked of it. */
export function exitError(exit: ChildExit, launch: WorkerLaunch, doing: string): EngineError {
  const tail = exit.stderrTail.trim() === '' ? undefined : exit.stderrTail;
  const what = `${launch.label} (worker for config "${launch.config}")`;
  if (exit.reason === 'timeout')
    return new EngineError('timeout', `${what} did not answer within ${launch.timeoutMs / 1000} s ${doing}`, tail);
  if (exit.reason === 'cancelled') return new EngineError('internal', `${what} was stopped ${doing}: cancelled`, tail);
  if (exit.reason === 'spawn-error') {
    const code = exit.error?.code;
    const missing = code === 'ENOENT' || code === 'EACCES';
    return new EngineError(
      missing ? 'dependency-missing' : 'crash',
      `${what} could not be started: ${code === 'ENOENT' ? 'not found' : code === 'EACCES' ? 'not executable' : (exit.error?.message ?? 'spawn error')}`,
    );
  }
  const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const kind = looksLikeOutOfMemory(exit.stderrTail)
    ? 'out-of-memory'
    : exit.code === 127
      ? 'dependency-missing'
      : 'crash';
  return new EngineError(kind, `${what} ${how} ${doing}`, tail);
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: Error) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

type PendingIterations = Map<number, { d: Deferred<WorkerSample>; t0: number; timer: NodeJS.Timeout }>;
type IterationReply = Extract<WorkerMessage, { event: 'sample' | 'error' }>;

/** The worker's side of the conversation: settles `ready`, `done` and each pending iteration as lines arrive. */
interface WorkerInbox {
  readonly ready: Deferred<WorkerReady>;
  readonly done: Deferred<WorkerFinal>;
  readonly pending: PendingIterations;
  /** The first error that ended the worker, if any. */
  fatal(): EngineError | undefined;
  /** Whether the program said anything of the protocol (then it is a worker, even a failing one). */
  spoke(): boolean;
  /** Rejects everything still waiting with the first fatal error. */
  failAll(err: EngineError): void;
  onLine(line: string): void;
}

function workerInbox(launch: WorkerLaunch, onWarmup: StartOptions['onWarmup'], stopChild: () => void): WorkerInbox {
  const ready = deferred<WorkerReady>();
  const done = deferred<WorkerFinal>();
  const pending: PendingIterations = new Map();
  let fatal: EngineError | undefined;
  let spoke = false;
  const failAll = (err: EngineError): void => {
    fatal ??= err;
    ready.reject(fatal);
    done.reject(fatal);
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.d.reject(fatal);
    }
    pending.clear();
  };
  const breakProtocol = (message: string): void => {
    failAll(new EngineError('invalid-output', message));
    stopChild();
  };
  const answer = (m: IterationReply, id: number): void => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    clearTimeout(p.timer);
    if (m.event === 'sample')
      p.d.resolve({
        sample: m.sample,
        ms: performance.now() - p.t0,
        ...(m.tokens_digest ? { tokensDigest: m.tokens_digest } : {}),
      });
    else p.d.reject(new EngineError(m.kind, `${m.message} (config "${launch.config}")`));
  };
  const onLine = (line: string): void => {
    const m = parseWorkerMessage(line);
    if (m === undefined) return;
    if ('invalid' in m || m.event === 'ready' || m.event === 'error') spoke = true;
    if ('invalid' in m) breakProtocol(`${launch.label} sent a message that breaks the worker protocol: ${m.invalid}`);
    else if (m.event === 'ready') {
      if (m.protocol !== WORKER_PROTOCOL)
        breakProtocol(`${launch.label} speaks worker protocol ${m.protocol}; this version speaks ${WORKER_PROTOCOL}`);
      else ready.resolve(m);
    } else if (m.event === 'warmup') onWarmup?.(m.index, m.total);
    else if (m.event === 'done') done.resolve({ memory: m.memory, engineInfo: m.engine_info });
    else if (m.event === 'sample') answer(m, m.id);
    else if (m.event === 'error' && m.id !== undefined) answer(m, m.id);
    else if (m.event === 'error')
      failAll(
        new EngineError(
          m.kind,
          m.message.includes(`"${launch.config}"`) ? m.message : `${m.message} (config "${launch.config}")`,
        ),
      );
  };
  return { ready, done, pending, fatal: () => fatal, spoke: () => spoke, failAll, onLine };
}

/** Starts a worker and resolves once it is ready (or is known to be a one-shot program). */
export async function startWorker(launch: WorkerLaunch, options: StartOptions = {}): Promise<EngineWorker> {
  let exited: ChildExit | undefined;
  const inbox = workerInbox(launch, options.onWarmup, () => void child.stop());
  const child: ManagedChild = startChild({
    command: launch.command,
    args: launch.args,
    cwd: launch.cwd,
    env: { ...launch.env, [WORKER_ENV]: String(WORKER_PROTOCOL) },
    stdin: 'pipe',
    ...(options.signal ? { signal: options.signal } : {}),
    onStdoutLine: inbox.onLine,
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  // Load and warm-up get the launch's timeout; after that each iteration gets its own.
  const readyTimer = setTimeout(() => {
    inbox.failAll(
      new EngineError(
        'timeout',
        `${launch.label} (worker for config "${launch.config}") was not ready within ${launch.timeoutMs / 1000} s`,
      ),
    );
    void child.stop();
  }, launch.timeoutMs);
  const exitWatch = child.exited.then((exit) => {
    exited = exit;
    inbox.failAll(inbox.fatal() ?? exitError(exit, launch, 'before it answered'));
    return exit;
  });

  let readyMsg: WorkerReady;
  try {
    readyMsg = await inbox.ready.promise;
  } catch (err) {
    const exit = await exitWatch;
    // Exit 0 before any answer: a program that did not opt in, if it wrote its one-shot output.
    if (launch.oneShotOutput !== undefined && exit.reason === 'exit' && exit.code === 0 && !inbox.spoke()) {
      const first = await readOneShot(launch, exit).catch(() => undefined);
      if (first) return oneShotWorker(launch, first, options);
    }
    await launch.cleanup();
    throw err;
  } finally {
    clearTimeout(readyTimer);
  }
  return persistentWorker(launch, child, readyMsg, {
    pending: inbox.pending,
    done: inbox.done,
    exitWatch,
    isDead: () => exited !== undefined,
    fatal: inbox.fatal,
  });
}

interface PersistentState {
  readonly pending: PendingIterations;
  readonly done: Deferred<WorkerFinal>;
  readonly exitWatch: Promise<ChildExit>;
  readonly isDead: () => boolean;
  readonly fatal: () => EngineError | undefined;
}

function persistentWorker(
  launch: WorkerLaunch,
  child: ManagedChild,
  ready: WorkerReady,
  s: PersistentState,
): EngineWorker {
  let nextId = 0;
  const send = (line: string): boolean => {
    if (s.isDead() || !child.stdin || child.stdin.destroyed) return false;
    child.stdin.write(line);
    return true;
  };
  return {
    mode: 'persistent',
    ready,
    pid: child.pid,
    alive: () => !s.isDead(),
    iterate: () => {
      const dead = s.fatal();
      if (s.isDead() || dead) return Promise.reject(dead ?? new EngineError('crash', `${launch.label} is not running`));
      const id = nextId++;
      const d = deferred<WorkerSample>();
      // An iteration that never answers kills the worker: the trial loop then sees a dead worker.
      const timer = setTimeout(() => void child.stop(), launch.timeoutMs);
      s.pending.set(id, { d, t0: performance.now(), timer });
      send(requestLine({ op: 'iterate', id }));
      return d.promise;
    },
    shutdown: async () => {
      try {
        if (!send(requestLine({ op: 'shutdown' })))
          throw s.fatal() ?? new EngineError('crash', `${launch.label} is not running`);
        child.stdin?.end();
        const timer = setTimeout(() => void child.stop(), launch.timeoutMs);
        try {
          return await s.done.promise;
        } finally {
          clearTimeout(timer);
          await s.exitWatch;
        }
      } finally {
        await launch.cleanup();
      }
    },
    kill: async () => {
      await child.stop();
      await launch.cleanup();
    },
  };
}

async function readOneShot(launch: WorkerLaunch, exit: ChildExit) {
  const text = await readFile(launch.oneShotOutput!, 'utf8');
  await rm(launch.oneShotOutput!, { force: true });
  return parseEngineOutput(
    text,
    `the output of ${launch.label} for config "${launch.config}"`,
    exit.stderrTail || undefined,
  );
}

/** A program that does not opt in: every iteration is a fresh process (load + warm-up + 1 iteration). */
function oneShotWorker(
  launch: WorkerLaunch,
  first: Awaited<ReturnType<typeof readOneShot>>,
  options: StartOptions,
): EngineWorker {
  const peaks = new Map<string, MemoryPeak>();
  const keep = (ms: readonly MemoryPeak[]) => {
    for (const m of ms) if ((peaks.get(m.metric)?.value_mib ?? -1) < m.value_mib) peaks.set(m.metric, m);
  };
  let info = first.engine_info;
  let running: ManagedChild | undefined;
  return {
    mode: 'process-per-trial',
    ready: {
      event: 'ready',
      protocol: WORKER_PROTOCOL,
      warmup: launch.warmup,
      engine_info: first.engine_info,
      memory: first.memory,
    },
    pid: undefined,
    alive: () => true,
    iterate: async () => {
      const t0 = performance.now();
      running = startChild({
        command: launch.command,
        args: launch.args,
        cwd: launch.cwd,
        env: launch.env,
        timeoutMs: launch.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const exit = await running.exited;
      running = undefined;
      if (exit.reason !== 'exit' || exit.code !== 0) throw exitError(exit, launch, 'in its one-shot run');
      const out = await readOneShot(launch, exit).catch((err: unknown) => {
        throw err instanceof EngineError
          ? err
          : new EngineError(
              'invalid-output',
              `${launch.label} exited with code 0 but wrote no output for config "${launch.config}"`,
            );
      });
      keep(out.memory);
      info = out.engine_info;
      const sample = out.iterations[0]!;
      return { sample, ms: performance.now() - t0, ...(out.tokens_digest ? { tokensDigest: out.tokens_digest } : {}) };
    },
    shutdown: async () => {
      await launch.cleanup();
      return { memory: [...peaks.values()], engineInfo: info };
    },
    kill: async () => {
      await running?.stop();
      await launch.cleanup();
    },
  };
}
