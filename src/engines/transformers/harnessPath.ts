// Finds the Python harness shipped with the package. dist/ is a bundle (its chunks live in
// dist/chunks/), so the location is found by walking up from this module to the package root
// rather than assuming the src/ layout.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HARNESS_RELATIVE_PATH = path.join('python', 'llm_perf_gate_harness.py');
/** Points the engine at another harness (tests, or a patched copy). */
export const HARNESS_ENV = 'LLM_PERF_GATE_HARNESS';

/** The nearest folder at or above `startDir` holding package.json and the harness. */
export function findPackageRoot(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, HARNESS_RELATIVE_PATH))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function resolveHarnessPath(env: NodeJS.ProcessEnv = process.env, moduleUrl: string = import.meta.url): string {
  const override = env[HARNESS_ENV];
  if (override !== undefined && override !== '') return path.resolve(override);
  const root = findPackageRoot(path.dirname(fileURLToPath(moduleUrl)));
  if (root === undefined) {
    throw new Error(`cannot find ${HARNESS_RELATIVE_PATH} above ${fileURLToPath(moduleUrl)}; is the package complete?`);
  }
  return path.join(root, HARNESS_RELATIVE_PATH);
}
