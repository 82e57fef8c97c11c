// Paths this process must not leave behind (engine temp folders, the temp file of an atomic write).
// Their owners remove them in `finally` blocks; this registry covers the exits where those never
// run. While a path is registered and no graceful cancellation is installed (compare, merge ...),
// SIGINT/SIGTERM remove it and then end the process by the same signal; with nothing registered no
// handler is installed at all, so a long computation ends at once on a signal. A graceful
// cancellation (run, ab) removes them itself on a forced exit.
import { rmSync } from 'node:fs';

const paths = new Set<string>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let signalCleanup = true;
let listening = false;

function onSignal(sig: NodeJS.Signals): void {
  removeLeftoversSync();
  stopListening();
  // With our handler gone, the default action ends the process, reported as killed by `sig`.
  process.kill(process.pid, sig);
}

function listen(): void {
  if (listening || !signalCleanup) return;
  listening = true;
  for (const sig of SIGNALS) process.on(sig, onSignal);
}

function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const sig of SIGNALS) process.off(sig, onSignal);
}

/** Whether this registry handles signals itself (off while a graceful cancellation is installed). */
export function setSignalCleanup(on: boolean): void {
  signalCleanup = on;
  if (!on) stopListening();
  else if (paths.size > 0) listen();
}

/** Registers a path to remove on an abrupt exit; returns the function that unregisters it. */
export function trackLeftover(path: string): () => void {
  paths.add(path);
  listen();
  return () => {
    paths.delete(path);
    if (paths.size === 0) stopListening();
  };
}

/** Removes every registered path, synchronously (the process is about to exit). */
export function removeLeftoversSync(): void {
  for (const p of paths) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  paths.clear();
}
