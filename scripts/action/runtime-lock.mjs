// The action installs only onnxruntime-node at run time (dist/ bundles everything else). Its
// package.json and lockfile in scripts/action/runtime/ are derived from the root package-lock.json,
// so the action runs exactly the onnxruntime-node (and dependencies, with their integrity hashes)
// that the tests and the committed baselines used. `node scripts/action/runtime-lock.mjs` rewrites
// them; a unit test fails when they are stale.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIME_PACKAGE = 'onnxruntime-node';
const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
export const RUNTIME_DIR = path.join(ROOT, 'scripts', 'action', 'runtime');

/** Where `name` resolves from the package installed at `from` (node's upward node_modules search). */
function resolveIn(packages, from, name) {
  for (let dir = from; ;) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const up = dir.lastIndexOf('/node_modules/');
    dir = up < 0 ? '' : dir.slice(0, up);
  }
}

/** The runtime package.json and package-lock.json (as objects) for a root lockfile (v3). */
export function runtimeFiles(rootLock) {
  const packages = rootLock.packages ?? {};
  const start = `node_modules/${RUNTIME_PACKAGE}`;
  const version = packages[start]?.version;
  if (!version) throw new Error(`${RUNTIME_PACKAGE} is not in package-lock.json`);
  const picked = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    if (picked.has(at)) continue;
    // Flags that describe the root project's tree, not the runtime's.
    const entry = Object.fromEntries(
      Object.entries(packages[at]).filter(([k]) => !['dev', 'devOptional', 'peer'].includes(k)),
    );
    picked.set(at, entry);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolveIn(packages, at, dep);
      if (found) queue.push(found);
      else if (!entry.optionalDependencies?.[dep]) throw new Error(`${at} needs ${dep}, which the lockfile lacks`);
    }
  }
  for (const at of picked.keys()) {
    const parent = at.slice(0, at.lastIndexOf('/node_modules/'));
    if (at.includes('/node_modules/') && !picked.has(parent))
      throw new Error(`${at} is nested under ${parent}, which onnxruntime-node does not need`);
  }
  const name = 'llm-perf-gate-runtime';
  const dependencies = { [RUNTIME_PACKAGE]: version };
  const pkg = { name, private: true, description: 'What the action installs at run time (generated).', dependencies };
  const lock = {
    name,
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name, dependencies }, ...Object.fromEntries([...picked].sort(([a], [b]) => a.localeCompare(b))) },
  };
  return { pkg, lock };
}

export const asText = (value) => `${JSON.stringify(value, null, 2)}\n`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { pkg, lock } = runtimeFiles(JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')));
  await writeFile(path.join(RUNTIME_DIR, 'package.json'), asText(pkg));
  await writeFile(path.join(RUNTIME_DIR, 'package-lock.json'), asText(lock));
}
