// Opt-in for GPU runners that can reach NuGet: installs onnxruntime-node's CUDA 12 execution provider
// (npm ci skips it: package.json's allowScripts denies the package's install script), then checks
// that a model really runs on it (`llm-perf-gate check-provider --provider cuda`: a real session on
// the shipped tiny model, failing when the kernels fall back to the CPU).
// Usage: npm run setup:cuda
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ortDir = path.dirname(require.resolve('onnxruntime-node/package.json'));
const install = spawnSync(process.execPath, [path.join(ortDir, 'script', 'install.js')], {
  stdio: 'inherit',
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12' },
});
if (install.status !== 0) {
  console.error('setup:cuda: onnxruntime-node could not download its CUDA provider (NuGet unreachable?)');
  process.exit(1);
}
const check = spawnSync(process.execPath, ['dist/cli.js', 'check-provider', '--provider', 'cuda'], {
  stdio: 'inherit',
});
process.exit(check.status ?? 1);
