import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { telemetryProbeCommand } from '../../../src/cli/telemetryProbeCommand.js';
import { EXIT, UsageError, type CliContext } from '../../../src/cli/context.js';
import { environmentSchema, telemetrySchema } from '../../../src/result/schema.js';

function context(): CliContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    cwd: process.cwd(),
    env: process.env,
    isTTY: false,
  };
}

void test('telemetry-probe prints the environment and the telemetry of a short busy spell', async () => {
  const lockDir = await mkdtemp(path.join(os.tmpdir(), 'lpg-probe-'));
  try {
    const ctx = context();
    const code = await telemetryProbeCommand(
      ['--no-gpu', '--seconds', '0.3', '--engines', 'onnxruntime', '--lock-dir', lockDir],
      ctx,
    );
    assert.equal(code, EXIT.pass, ctx.err.join(''));
    const doc = JSON.parse(ctx.out.join('')) as Record<string, unknown>;
    environmentSchema.parse(doc.environment);
    const t = telemetrySchema.parse(doc.telemetry);
    assert.ok(t.samples >= 2);
    assert.match(String(doc.machine), /^(CPU-only · |.* ×\d+ · )/);
    assert.equal(doc.gpu_process_peak_mib, null);
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
});

void test('telemetry-probe rejects a bad number', async () => {
  await assert.rejects(telemetryProbeCommand(['--seconds', 'soon'], context()), UsageError);
});
