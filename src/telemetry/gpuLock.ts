// One GPU, one benchmark: a host-level lock (proper-lockfile: an atomic mkdir whose mtime the holder
// keeps fresh) so two runner instances on one machine never measure on the same GPU at once. A
// holder that died stops refreshing the mtime; after `staleMs` the next waiter takes the lock over.
import { mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export interface GpuLockOptions {
  gpuIndex?: number;
  timeoutMs: number;
  /** Folder of the lock files (default: <tmp>/llm-perf-gate-locks, shared by all users). */
  lockDir?: string | undefined;
  /** Who is asking, e.g. "llm-perf-gate run 1234 in owner/repo"; shown to whoever waits. */
  holderInfo: string;
  /** Called when the lock is held by someone else, and again whenever that holder changes. */
  onWait?: (holder: string) => void;
  /** How often to try again while waiting (default 1000 ms). */
  pollMs?: number;
  /** After this long without a refresh a lock counts as abandoned (default 60 s, at least 2 s). */
  staleMs?: number;
  /** Stops waiting (cancellation): rejects with GpuLockCancelledError. */
  signal?: AbortSignal | undefined;
}

export interface GpuLock {
  release(): Promise<void>;
}

export class GpuLockTimeoutError extends Error {
  constructor(
    message: string,
    readonly holder: string,
  ) {
    super(message);
    this.name = 'GpuLockTimeoutError';
  }
}

/** The run was cancelled while it waited for the GPU. */
export class GpuLockCancelledError extends Error {
  constructor() {
    super('cancelled while waiting for the GPU lock');
    this.name = 'GpuLockCancelledError';
  }
}

interface HolderRecord {
  readonly pid: number;
  readonly hostname: string;
  readonly info: string;
  readonly since: string;
}

export function defaultLockDir(): string {
  return path.join(os.tmpdir(), 'llm-perf-gate-locks');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<HolderRecord | undefined> {
  try {
    const h = JSON.parse(await readFile(file, 'utf8')) as Partial<HolderRecord>;
    if (typeof h.pid !== 'number' || typeof h.info !== 'string') return undefined;
    return { pid: h.pid, hostname: String(h.hostname ?? ''), info: h.info, since: String(h.since ?? '') };
  } catch {
    return undefined;
  }
}

export function describeHolder(h: HolderRecord | undefined, staleMs: number): string {
  if (!h) return 'another process (no holder information)';
  const where = h.hostname && h.hostname !== os.hostname() ? ` on ${h.hostname}` : '';
  const since = h.since ? `, since ${h.since}` : '';
  const dead =
    !where && !alive(h.pid)
      ? `; that process is gone, the lock is taken over once it is ${Math.round(staleMs / 1000)} s stale`
      : '';
  return `${h.info} (pid ${h.pid}${where}${since}${dead})`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function acquireGpuLock(options: GpuLockOptions): Promise<GpuLock> {
  const index = options.gpuIndex ?? 0;
  const dir = options.lockDir ?? defaultLockDir();
  const staleMs = Math.max(2000, options.staleMs ?? 60_000);
  const pollMs = Math.max(10, options.pollMs ?? 1000);
  const target = path.join(dir, `gpu-${index}`);
  const holderFile = `${target}.holder.json`;
  await mkdir(dir, { recursive: true });
  if (!options.lockDir) {
    // Shared by every user of the machine; sticky like /tmp itself. Fails harmlessly if not ours.
    await chmod(dir, 0o1777).catch(() => undefined);
  }
  const deadline = Date.now() + options.timeoutMs;
  let lastHolder: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new GpuLockCancelledError();
    let unlock: (() => Promise<void>) | undefined;
    try {
      unlock = await lockfile.lock(target, {
        realpath: false,
        stale: staleMs,
        update: Math.max(1000, Math.floor(staleMs / 4)),
        retries: 0,
        // Refreshing failed for longer than staleMs (a blocked event loop, a full disk). The default
        // throws from a timer and would crash the run; the GPU-sharing telemetry catches the effect.
        onCompromised: () => undefined,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    }
    if (unlock) {
      const me: HolderRecord = {
        pid: process.pid,
        hostname: os.hostname(),
        info: options.holderInfo,
        since: new Date().toISOString(),
      };
      // Advisory: a waiter without holder information still waits correctly.
      await writeFile(holderFile, JSON.stringify(me)).catch(() => undefined);
      let released = false;
      const release = unlock;
      return {
        async release() {
          if (released) return;
          released = true;
          const current = await readHolder(holderFile);
          if (current && current.pid === me.pid && current.since === me.since) await rm(holderFile, { force: true });
          await release().catch(() => undefined);
        },
      };
    }
    const holder = describeHolder(await readHolder(holderFile), staleMs);
    if (holder !== lastHolder) {
      lastHolder = holder;
      options.onWait?.(holder);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new GpuLockTimeoutError(
        `GPU ${index} is in use by ${holder}; gave up waiting after ${Math.round(options.timeoutMs / 1000)} s (lock ${target})`,
        holder,
      );
    }
    await sleep(Math.min(pollMs, left));
  }
}
