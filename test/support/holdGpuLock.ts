// Child process for the GPU lock tests: takes the lock, says "locked", then waits to be killed.
import { acquireGpuLock } from '../../src/telemetry/gpuLock.js';

const [lockDir, staleMs] = process.argv.slice(2);
await acquireGpuLock({ lockDir, timeoutMs: 5000, holderInfo: 'test holder', staleMs: Number(staleMs) });
process.stdout.write('locked\n');
setInterval(() => {}, 1 << 30);
