import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commandEngine } from '../../../../src/engines/command/commandEngine.js';
import { commandOptionsSchema, type CommandOptions } from '../../../../src/engines/command/options.js';
import { EngineError } from '../../../../src/engines/types.js';
import { EXAMPLE, FAKE, ROOT, request } from './fixtures.js';
import { rejectionOf } from '../../../support/rejection.js';

const node = process.execPath;
const opts = (o: Partial<CommandOptions>): CommandOptions => commandOptionsSchema.parse({ run: [node, FAKE], ...o });

const failure = (options: CommandOptions) => rejectionOf(commandEngine().run(request(options), {}), EngineError);

/** Whether the process still runs (a zombie waiting for its new parent to reap it counts as gone). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Signals are delivered asynchronously: give the kernel a moment. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40 && running(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !running(pid);
}

describe('command engine', () => {
  it('runs the documented example and validates its output', async () => {
    const seen: number[] = [];
    const out = await commandEngine().run(request(opts({ run: [node, EXAMPLE] })), {
      onIteration: (i, total) => seen.push(i * 10 + total),
    });
    assert.equal(out.iterations.length, 3);
    assert.deepEqual(seen, [3, 13, 23]);
    for (const s of out.iterations) {
      assert.equal(s.new_tokens, 20);
      assert.equal(s.batch_size, 2);
      assert.equal(s.prompt_tokens, 7);
      assert.equal(s.round, 0, 'the round is filled in when the program omits it');
      assert.ok(s.ttft_ms <= s.e2e_ms);
    }
    assert.equal(out.memory[0]?.metric, 'host_rss_peak_mib');
    assert.match(String(out.tokens_digest), /^[0-9a-f]{16}$/);
  });

  it('hands the request as snake_case JSON, with options.env and cwd resolved against the config folder', async () => {
    const out = await commandEngine().run(
      request(opts({ run: `"${node}" "${FAKE}"`, cwd: '..', env: { FAKE_MODE: 'good' } }), { round: 2 }),
      {},
    );
    assert.equal(out.engine_info.request_name, 'gpt2-fp16');
    assert.equal(out.engine_info.cwd, ROOT);
    assert.deepEqual(
      out.iterations.map((s) => s.round),
      [2, 2, 2],
    );
    const options = JSON.parse(String(out.engine_info.options)) as { env: Record<string, string> };
    assert.deepEqual(options.env, { FAKE_MODE: 'good' });
  });

  it('points a validation error at the field', async () => {
    const err = await failure(opts({ env: { FAKE_MODE: 'invalid' } }));
    assert.equal(err.kind, 'invalid-output');
    assert.match(err.message, /iterations\[0\]\.ttft_ms: Invalid input: expected number, received string/);
    assert.match(err.message, /config "gpt2-fp16"/);
    assert.match(err.message, /schema\/engine-output\.schema\.json/);
  });

  it('reports output that is not JSON, and a missing output file', async () => {
    const notJson = await failure(opts({ env: { FAKE_MODE: 'not-json' } }));
    assert.equal(notJson.kind, 'invalid-output');
    assert.match(notJson.message, /not valid JSON/);
    const none = await failure(opts({ env: { FAKE_MODE: 'no-output' } }));
    assert.equal(none.kind, 'invalid-output');
    assert.match(none.message, /wrote no output to \$LLM_PERF_GATE_OUTPUT/);
  });

  it('turns a crash into a per-config failure with the last 40 lines of stderr', async () => {
    const err = await failure(opts({ env: { FAKE_MODE: 'crash' } }));
    assert.equal(err.kind, 'crash');
    assert.match(err.message, /exited with code 3 for config "gpt2-fp16"/);
    const lines = String(err.stderrTail).split('\n');
    assert.equal(lines.length, 40);
    assert.equal(lines[0], 'stderr line 21');
    assert.equal(lines.at(-1), 'stderr line 60');
  });

  it('recognises an out-of-memory crash', async () => {
    const err = await failure(opts({ env: { FAKE_MODE: 'oom' } }));
    assert.equal(err.kind, 'out-of-memory');
    assert.match(String(err.stderrTail), /CUDA out of memory/);
  });

  // A broken timeout would hang rather than fail: the bound only turns a hang into a failure.
  it('kills the whole process group on timeout', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lpg-cmd-'));
    try {
      const pidFile = path.join(dir, 'pid');
      const err = await failure(opts({ timeout_s: 1, env: { FAKE_MODE: 'hang', FAKE_PID_FILE: pidFile } }));
      assert.equal(err.kind, 'timeout');
      assert.match(err.message, /did not finish within 1 s/);
      assert.match(String(err.stderrTail), /loading model/);
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      assert.equal(await gone(grandchild), true, 'the grandchild must be gone');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a program that does not exist, with and without a shell', async () => {
    const direct = await failure(opts({ run: ['./no-such-benchmark'] }));
    assert.equal(direct.kind, 'dependency-missing');
    assert.match(direct.message, /could not be started for config "gpt2-fp16": not found/);
    const shell = await failure(opts({ run: 'no-such-benchmark --fast' }));
    assert.equal(shell.kind, 'dependency-missing');
    assert.match(shell.message, /exit 127/);
    assert.match(String(shell.stderrTail), /not found/);
  });
});
