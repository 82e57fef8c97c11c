// Steady progress lines for logs that are not terminals (CI): without them a long round prints
// "starting" and then nothing for minutes, and nobody can tell a slow benchmark from a hung one.
// Wraps a ProgressReporter; while a config runs, writes where it is every `intervalMs`.
import type { ProgressReporter } from './progress.js';

/** Between two progress lines in a CI log during a long round. */
export const HEARTBEAT_MS = 30_000;

export interface HeartbeatOptions {
  readonly write: (line: string) => void;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function withHeartbeat(inner: ProgressReporter, options: HeartbeatOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now());
  let label = '';
  let phase = 'starting';
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  const beat = (): void => options.write(`${label}: still running after ${duration(now() - since)} (${phase})`);
  const stop = (): void => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    benchmarkStart(index, total, name) {
      label = `[${index + 1}/${total}] ${name}`;
      phase = 'starting';
      since = now();
      stop();
      timer = setInterval(beat, options.intervalMs ?? HEARTBEAT_MS);
      // A heartbeat never keeps the program alive.
      timer.unref();
      inner.benchmarkStart(index, total, name);
    },
    warmup(index, total) {
      phase = `warm-up ${index + 1}/${total} done`;
      inner.warmup(index, total);
    },
    iteration(index, total, tps) {
      phase = `iteration ${index + 1}/${total} done${tps === undefined ? '' : `, ${tps.toFixed(1)} tok/s so far`}`;
      inner.iteration(index, total, tps);
    },
    benchmarkEnd(name, outcome) {
      stop();
      inner.benchmarkEnd(name, outcome);
    },
    note(message) {
      inner.note(message);
    },
  };
}
