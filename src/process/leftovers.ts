// Paths this process must not leave behind (engine temp folders, the temp file of an atomic write).
// They are removed by their owners' `finally` blocks; this registry is for the one case where those
// never run: a forced exit after a cancellation, when an in-process engine did not stop in time.
import { rmSync } from 'node:fs';

const paths = new Set<string>();

/** Registers a path to remove on a forced exit; returns the function that unregisters it. */
export function trackLeftover(path: string): () => void {
  paths.add(path);
  return () => paths.delete(path);
}

/** The paths registered now (for tests). */
export function trackedLeftovers(): readonly string[] {
  return [...paths];
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
