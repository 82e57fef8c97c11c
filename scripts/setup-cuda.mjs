// Opt-in for GPU runners that can reach NuGet: installs onnxruntime-node's CUDA 12 execution provider
// (npm ci skips it by default, see .npmrc) and checks that the provider now loads.
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
const ort = require('onnxruntime-node');
const cuda = ort.listSupportedBackends().find((b) => b.name === 'cuda');
if (!cuda) {
  console.error('setup:cuda: onnxruntime-node lists no cuda backend on this platform');
  process.exit(1);
}
const model = path.resolve('fixtures/models/gpt2-tiny/model_fp32.onnx');
try {
  const session = await ort.InferenceSession.create(model, { executionProviders: ['cuda'] });
  await session.release();
  console.log('setup:cuda: the CUDA execution provider loads');
} catch (err) {
  console.error(`setup:cuda: the CUDA execution provider is installed but does not load: ${err.message}`);
  process.exit(1);
}
