// The cancellation controller: the first signal aborts and stops children; a second one, or the
// deadline, ends the process after the forced-exit hooks (tested with an injected exit).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitCodeForSignal, installCancellation } from '../../../src/process/index.ts';

describe('installCancellation', () => {
  it('the first signal aborts with its name; a second one forces the exit with 128+signal', () => {
    const exits: number[] = [];
    const told: string[] = [];
    const c = installCancellation({ exit: (code) => exits.push(code), onSignal: (s) => told.push(s) });
    const hooked: string[] = [];
    c.onForcedExit(() => hooked.push('snapshot written'));
    try {
      process.emit('SIGINT', 'SIGINT');
      assert.equal(c.signal.aborted, true);
      assert.equal(c.signal.reason, 'SIGINT');
      assert.equal(c.cancelledBy(), 'SIGINT');
      assert.deepEqual(told, ['SIGINT']);
      assert.deepEqual(exits, []);
      process.emit('SIGTERM', 'SIGTERM');
      assert.deepEqual(hooked, ['snapshot written']);
      assert.deepEqual(exits, [130]);
    } finally {
      c.dispose();
    }
  });

  it('forces the exit when the program has not ended within the bound', async () => {
    const exits: number[] = [];
    const c = installCancellation({ exit: (code) => exits.push(code), boundMs: 20 });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(exits, [exitCodeForSignal('SIGTERM')]);
      assert.equal(exitCodeForSignal('SIGTERM'), 143);
    } finally {
      c.dispose();
    }
  });

  it('dispose removes the handlers and the deadline', async () => {
    const exits: number[] = [];
    const before = process.listenerCount('SIGTERM');
    const c = installCancellation({ exit: (code) => exits.push(code), boundMs: 20 });
    assert.equal(process.listenerCount('SIGTERM'), before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    c.dispose();
    assert.equal(process.listenerCount('SIGTERM'), before);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(exits, []);
  });
});
