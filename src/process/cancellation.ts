// Cancellation of a whole run: SIGINT (Ctrl-C) or SIGTERM (how GitHub cancels a job, after SIGINT).
// The first signal aborts `signal` (the protocol runner stops starting work and writes what finished)
// and stops every child process group; if the program has not ended within CANCEL_EXIT_BOUND_MS it
// is ended anyway: every group killed, temporary paths removed, the last partial result written by
// the `onForcedExit` hooks. A second signal ends it at once the same way.
import { removeLeftoversSync, setSignalCleanup } from './leftovers.js';
import { killAllChildrenNow, stopAllChildren } from './startChild.js';

/**
 * How long after the first signal the program may take to end. GitHub's runner sends SIGTERM 7.5 s
 * after SIGINT and kills 2.5 s later; children get DEFAULT_KILL_GRACE_MS (3 s) to stop cleanly.
 */
export const CANCEL_EXIT_BOUND_MS = 7000;

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/** The shell convention for a program ended by a signal: 128 + its number (130 for SIGINT). */
export function exitCodeForSignal(sig: NodeJS.Signals): number {
  return 128 + (SIGNAL_NUMBERS[sig] ?? 15);
}

export interface Cancellation {
  /** Aborted at the first signal; its reason is the signal's name. */
  readonly signal: AbortSignal;
  /** The signal that cancelled the run, once one did. */
  readonly cancelledBy: () => NodeJS.Signals | undefined;
  /** Registers a last-resort step for a forced exit (e.g. writing the partial result synchronously). */
  onForcedExit(hook: () => void): () => void;
  /** Removes the handlers (the program ended normally or has finished its cancelled run). */
  dispose(): void;
}

export interface CancellationOptions {
  readonly signals?: readonly NodeJS.Signals[];
  readonly boundMs?: number;
  /** Told once, at the first signal (the CLI prints what it does). */
  readonly onSignal?: (sig: NodeJS.Signals) => void;
  /** Ends the process (tests replace it). */
  readonly exit?: (code: number) => void;
}

export function installCancellation(options: CancellationOptions = {}): Cancellation {
  const controller = new AbortController();
  const hooks = new Set<() => void>();
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let by: NodeJS.Signals | undefined;
  let deadline: NodeJS.Timeout | undefined;

  const forceExit = (sig: NodeJS.Signals): void => {
    killAllChildrenNow();
    for (const hook of hooks) {
      try {
        hook();
      } catch {
        // The next hook and the exit still have to happen.
      }
    }
    removeLeftoversSync();
    exit(exitCodeForSignal(sig));
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    if (by !== undefined) {
      forceExit(by);
      return;
    }
    by = sig;
    options.onSignal?.(sig);
    controller.abort(sig);
    void stopAllChildren();
    deadline = setTimeout(() => forceExit(sig), options.boundMs ?? CANCEL_EXIT_BOUND_MS);
  };
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  for (const sig of signals) process.on(sig, onSignal);
  // Temporary paths are removed here on a forced exit, not by the leftovers registry's own handler.
  setSignalCleanup(false);
  return {
    signal: controller.signal,
    cancelledBy: () => by,
    onForcedExit(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    dispose() {
      clearTimeout(deadline);
      for (const sig of signals) process.off(sig, onSignal);
      setSignalCleanup(true);
    },
  };
}
