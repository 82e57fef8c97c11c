// The documented worker-mode examples (Node and Python) run as a user's program would: as
// persistent workers through the protocol, and unchanged as one-shot `command` rounds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { commandEngine } from '../../../../src/engines/command/commandEngine.ts';
import { commandOptionsSchema } from '../../../../src/engines/command/options.ts';
import { workerLaunch } from '../../../../src/engines/worker/launch.ts';
import { startWorker } from '../../../../src/engines/worker/workerClient.ts';
import { ROOT, request } from './fixtures.ts';

const noPython = spawnSync('python3', ['--version']).error !== undefined;
const EXAMPLES = [
  { name: 'Node', run: [process.execPath, path.join(ROOT, 'fixtures/engines/example-command.mjs')], skip: false },
  { name: 'Python', run: ['python3', path.join(ROOT, 'fixtures/engines/example_command.py')], skip: noPython },
];

describe('worker-mode examples of docs/command-engine.md', () => {
  for (const ex of EXAMPLES) {
    it(
      `${ex.name}: serves one measured iteration per request, then shuts down with its peaks`,
      { skip: ex.skip && 'python3 is not installed' },
      async () => {
        const options = commandOptionsSchema.parse({ run: ex.run });
        const w = await startWorker(await workerLaunch('command', request(options, { batchSize: 1 })));
        assert.equal(w.mode, 'persistent');
        assert.equal(w.ready.warmup, 1);
        const a = await w.iterate();
        const b = await w.iterate();
        for (const s of [a, b]) {
          assert.equal(s.sample.new_tokens, 20);
          assert.ok(s.sample.e2e_ms > 0 && s.sample.ttft_ms <= s.sample.e2e_ms);
        }
        assert.equal(a.tokensDigest, b.tokensDigest, 'greedy: the same tokens every time');
        const final = await w.shutdown();
        assert.equal(final.memory[0]?.metric, 'host_rss_peak_mib');
      },
    );

    it(`${ex.name}: still runs as a one-shot round`, { skip: ex.skip && 'python3 is not installed' }, async () => {
      const out = await commandEngine().run(request(commandOptionsSchema.parse({ run: ex.run })), {});
      assert.equal(out.iterations.length, 3);
      assert.ok(out.tokens_digest);
    });
  }
});
