// The end-to-end tests run a bundle of the source under test, never the committed dist/ (which only
// the dist check compares with a fresh build). scripts/test.mjs bundles once and passes the folder
// in LPG_TEST_DIST; a test file run on its own bundles for itself. The folder sits under
// node_modules/ so the bundle resolves onnxruntime-node and finds the package root (python/) as
// dist/ does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const TEST_DIST_PARENT = path.join(REPO_ROOT, 'node_modules', '.cache');

let cached: string | undefined;

/** A folder holding index.js and cli.js bundled from the current src/. */
export function freshDist(): string {
  const given = process.env.LPG_TEST_DIST;
  if (given) return given;
  if (cached) return cached;
  const dir = bundleInto(TEST_DIST_PARENT);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  cached = dir;
  return dir;
}

/** Bundles src/ into a new folder under `parent` and returns it. */
export function bundleInto(parent: string): string {
  execFileSync('mkdir', ['-p', parent]);
  const dir = mkdtempSync(path.join(parent, 'lpg-test-dist-'));
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bundle.mjs'), dir], { stdio: 'inherit' });
  return dir;
}

export const freshActionEntry = (): string => path.join(freshDist(), 'index.js');
export const freshCliEntry = (): string => path.join(freshDist(), 'cli.js');
