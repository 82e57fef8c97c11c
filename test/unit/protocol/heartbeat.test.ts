// Issue 15: a non-TTY log showed nothing after "starting" during a long round.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { withHeartbeat } from '../../../src/protocol/heartbeat.ts';
import { silentProgress } from '../../../src/protocol/progress.ts';

describe('withHeartbeat', () => {
  it('writes where a running config is at a steady interval, and stops when it ends', () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const lines: string[] = [];
      let now = 0;
      const p = withHeartbeat(silentProgress, { write: (l) => lines.push(l), intervalMs: 30_000, now: () => now });
      p.benchmarkStart(1, 3, 'gpt2 fp16');
      now = 30_000;
      mock.timers.tick(30_000);
      p.iteration(2, 8, 123.45);
      now = 90_000;
      mock.timers.tick(30_000);
      p.benchmarkEnd('gpt2 fp16', { ok: true, summary: 'x' });
      mock.timers.tick(120_000);
      assert.deepEqual(lines, [
        '[2/3] gpt2 fp16: still running after 30 s (starting)',
        '[2/3] gpt2 fp16: still running after 1 min 30 s (iteration 3/8 done, 123.5 tok/s so far)',
      ]);
    } finally {
      mock.timers.reset();
    }
  });
});
