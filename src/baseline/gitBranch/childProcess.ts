// Adapter to the shared process API (COMMON: src/process, `runChild`), until it lands in main: the
// same spec and exit shape, so switching is a one-line re-export. Only what the git store needs:
// argv (no shell), cwd, env, a timeout, stdout by line and a tail of stderr.
import { spawn } from 'node:child_process';

export interface ChildSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  onStdoutLine?(line: string): void;
  readonly tailBytes?: number;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly reason: 'exit' | 'timeout' | 'cancelled' | 'spawn-error';
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly ms: number;
}

const SECRET_VARS = [
  'GITHUB_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
];

/** The parent's environment without the action's inputs and tokens (children never need them). */
export function scrubbedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('INPUT_') && !SECRET_VARS.includes(k)));
}

export function runChild(spec: ChildSpec): Promise<ChildExit> {
  const started = Date.now();
  const tail = spec.tailBytes ?? 8192;
  return new Promise((resolve) => {
    let stdoutTail = '';
    let stderrTail = '';
    let partial = '';
    let timedOut = false;
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? scrubbedEnv(process.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer =
      spec.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, spec.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdoutTail = (stdoutTail + chunk).slice(-tail);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) spec.onStdoutLine?.(line);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderrTail = (stderrTail + chunk).slice(-tail)));
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null, reason: ChildExit['reason']) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (partial !== '') spec.onStdoutLine?.(partial);
      resolve({ code, signal, reason, stdoutTail, stderrTail, ms: Date.now() - started });
    };
    child.on('error', (err) => {
      stderrTail += err.message;
      finish(null, null, 'spawn-error');
    });
    child.on('close', (code, signal) => finish(code, signal, timedOut ? 'timeout' : 'exit'));
  });
}
