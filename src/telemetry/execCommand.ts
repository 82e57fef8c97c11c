// Runs a short command with a hard timeout. Telemetry must never hang or fail a benchmark, so this
// never rejects: a missing program, a crash or a hang all come back as data.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export type SpawnLike = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ExecResult {
  /** Exit code, or null when the program did not finish (see `failure`). */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why there is no exit code: the program is missing, could not start, or timed out. */
  readonly failure?: 'not-found' | 'spawn-error' | 'timeout';
  readonly message?: string;
}

const MAX_OUTPUT = 1 << 20;

/** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited or gave up waiting. */
export async function terminate(child: ChildProcess, graceMs = 1000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const wait = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  child.kill('SIGTERM');
  if (await wait(graceMs)) return;
  child.kill('SIGKILL');
  if (await wait(graceMs)) return;
  // A process stuck in the kernel (D state) survives SIGKILL for a while: stop caring about it.
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}

export async function execCommand(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; spawn?: SpawnLike; env?: NodeJS.ProcessEnv },
): Promise<ExecResult> {
  const spawn = options.spawn ?? nodeSpawn;
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  } catch (err) {
    return { code: null, stdout: '', stderr: '', failure: 'spawn-error', message: String(err) };
  }
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    if (stdout.length < MAX_OUTPUT) stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    if (stderr.length < MAX_OUTPUT) stderr += d;
  });
  return new Promise<ExecResult>((resolve) => {
    let settled = false;
    const finish = (r: ExecResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      // Answer now and reap in the background: terminate() never rejects.
      void terminate(child, 500);
      finish({
        code: null,
        stdout,
        stderr,
        failure: 'timeout',
        message: `${command} did not finish within ${options.timeoutMs} ms`,
      });
    }, options.timeoutMs);
    child.once('error', (err: NodeJS.ErrnoException) => {
      const failure = err.code === 'ENOENT' ? 'not-found' : 'spawn-error';
      finish({ code: null, stdout, stderr, failure, message: err.message });
    });
    // 'close' (not 'exit') so all output has been read.
    child.once('close', (code) => finish({ code, stdout, stderr }));
  });
}
