// Issue 15: a command engine that prints 200 MB without a newline on stdout and on stderr (a token
// stream, a progress bar) finishes normally; the old line handling re-split its pending text on
// every chunk (quadratic) and held it whole, and ran into timeout_s.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { commandEngine } from '../../../../src/engines/command/commandEngine.js';
import { commandOptionsSchema } from '../../../../src/engines/command/options.js';
import { request } from './fixtures.js';

const WRITE_OUTPUT = `node -e 'require("node:fs").writeFileSync(process.env.LLM_PERF_GATE_OUTPUT, JSON.stringify({ iterations: [{ e2e_ms: 10, ttft_ms: 2, new_tokens: 20, batch_size: 2, prompt_tokens: 7 }] }))'`;

// The limit is the test's own guard against the old behaviour, not a speed claim: the run takes
// seconds; the quadratic version did not end within minutes.
it('200 MB without a newline on stdout and stderr: the round completes', { timeout: 120_000 }, async () => {
  const options = commandOptionsSchema.parse({
    run: `head -c 209715200 /dev/zero | tr '\\0' x; head -c 209715200 /dev/zero | tr '\\0' y >&2; ${WRITE_OUTPUT}`,
    timeout_s: 110,
  });
  const out = await commandEngine().run(request(options), {});
  assert.equal(out.iterations.length, 1);
});
