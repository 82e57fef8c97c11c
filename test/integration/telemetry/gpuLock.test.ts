import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { acquireGpuLock, GpuLockTimeoutError } from '../../../src/telemetry/gpuLock.js';

const HOLDER = fileURLToPath(new URL('../../support/holdGpuLock.ts', import.meta.url));

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'lpg-lock-'));
}

// A broken timeout would hang rather than fail: this bound only turns a hang into a failure (the
// path taken is checked by the assertions, not by the time it took).
const HANG_GUARD = { timeout: 60_000 };

void test('a second runner waits, is told who holds the GPU, and gets it on release', async () => {
  const lockDir = await tempDir();
  try {
    const first = await acquireGpuLock({ lockDir, timeoutMs: 1000, holderInfo: 'run A in owner/repo' });
    const waits: string[] = [];
    const second = acquireGpuLock({
      lockDir,
      timeoutMs: 5000,
      pollMs: 50,
      holderInfo: 'run B',
      onWait: (h) => waits.push(h),
    });
    await new Promise((r) => setTimeout(r, 200));
    await first.release();
    const lock = await second;
    assert.equal(waits.length, 1);
    assert.match(waits[0]!, new RegExp(`^run A in owner/repo \\(pid ${process.pid}, since \\d{4}-`));
    // Another GPU index is another lock.
    const other = await acquireGpuLock({ lockDir, gpuIndex: 1, timeoutMs: 100, holderInfo: 'run C' });
    await other.release();
    await lock.release();
    await lock.release(); // idempotent
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
});

void test('the timeout error names the holder', HANG_GUARD, async () => {
  const lockDir = await tempDir();
  try {
    const held = await acquireGpuLock({ lockDir, timeoutMs: 1000, holderInfo: 'nightly sweep' });
    await assert.rejects(
      acquireGpuLock({ lockDir, timeoutMs: 300, pollMs: 50, holderInfo: 'PR run' }),
      (err: unknown) =>
        err instanceof GpuLockTimeoutError &&
        /^GPU 0 is in use by nightly sweep \(pid \d+, since .*\); gave up waiting after 0 s/.test(err.message) &&
        err.holder.startsWith('nightly sweep'),
    );
    await held.release();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
});

void test('the lock of a holder that was killed is taken over once stale', async () => {
  const lockDir = await tempDir();
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, lockDir, '2000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
      child.once('exit', (code) => reject(new Error(`holder exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const waits: string[] = [];
    // Without the takeover this rejects after timeoutMs; the wait message says it waited on a dead holder.
    const lock = await acquireGpuLock({
      lockDir,
      timeoutMs: 10_000,
      pollMs: 200,
      staleMs: 2000,
      holderInfo: 'next run',
      onWait: (h) => waits.push(h),
    });
    assert.match(
      waits[0] ?? '',
      /test holder \(pid \d+, since .*; that process is gone, the lock is taken over once it is 2 s stale\)/,
    );
    await lock.release();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
});
