// Runs the CLI from source (src/cli.ts through tsx) as a real process, the way the fault-injection
// tests need it: a private TMPDIR, and a marker in the environment that every process it starts
// inherits, so the test can prove afterwards that none of them survived and no temporary folder or
// partial file was left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'src/cli.ts');
const TSX = import.meta.resolve('tsx');
export const MARKER_ENV = 'LLM_PERF_GATE_TEST_MARKER';

// The private temp folders of every run, removed when the test process ends even if a test failed
// before its own cleanup (the checks run first, so a leftover still fails the test that made it).
const tmpDirs = new Set<string>();
process.on('exit', () => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

export interface CliRun {
  readonly child: ChildProcess;
  readonly marker: string;
  /** The private TMPDIR of this run (and of everything it starts). */
  readonly tmp: string;
  stderr(): string;
  stdout(): string;
  /** Resolves when stderr has a line matching `re` (rejects after `ms`). */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; preload?: string; tmp?: string },
): CliRun {
  const marker = randomUUID();
  const tmp = options.tmp ?? mkdtempSync(path.join(os.tmpdir(), 'lpg-fault-tmp-'));
  tmpDirs.add(tmp);
  const preload = options.preload ? ['--import', pathToFileURL(options.preload).href] : [];
  const child = spawn(process.execPath, [...preload, '--import', TSX, CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, TMPDIR: tmp, [MARKER_ENV]: marker },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    for (const w of [...waiters]) if (w.re.test(err)) w.resolve();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    marker,
    tmp,
    stderr: () => err,
    stdout: () => out,
    exited,
    waitFor(re, ms = 60_000) {
      if (re.test(err)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${re} on stderr within ${ms} ms:\n${err}`)), ms);
        const w = {
          re,
          resolve: () => {
            clearTimeout(timer);
            waiters.splice(waiters.indexOf(w), 1);
            resolve();
          },
        };
        waiters.push(w);
        void exited.then(() => {
          if (waiters.includes(w)) {
            clearTimeout(timer);
            reject(new Error(`exited before ${re} appeared on stderr:\n${err}`));
          }
        });
      });
    },
  };
}

/** Pids of live processes (zombies excluded) whose environment holds the marker. */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${name}/environ`, 'utf8').includes(`${MARKER_ENV}=${marker}`)) found.push(Number(name));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Waits (a little: signals are asynchronous) until no process carries the marker; returns the rest. */
export async function survivors(marker: string, ms = 5000): Promise<number[]> {
  const end = Date.now() + ms;
  let left = processesWithMarker(marker);
  while (left.length > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    left = processesWithMarker(marker);
  }
  return left;
}

/** Entries of `dir` (recursively, as relative paths), for leftover checks. */
export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
  } catch {
    return [];
  }
}

/** Removes the run's private TMPDIR (after the checks). */
export function cleanup(run: CliRun): void {
  rmSync(run.tmp, { recursive: true, force: true });
  tmpDirs.delete(run.tmp);
}
