import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childFailure } from '../../../src/engines/process/childFailure.js';
import { parseEngineOutput } from '../../../src/engines/process/validateOutput.js';
import { parseHarnessEvent } from '../../../src/engines/transformers/harnessEvents.js';
import { EngineError } from '../../../src/engines/types.js';
import type { ChildExit } from '../../../src/process/index.js';

const outcome = (o: Partial<ChildExit>): ChildExit => ({
  code: 0,
  signal: null,
  reason: 'exit',
  stdoutTail: '',
  stderrTail: '',
  omitted: { stdout: 0, stderr: 0 },
  ms: 1,
  ...o,
});

describe('engine output validation', () => {
  it('names every bad field, the missing ones and the unknown ones', () => {
    const doc = {
      iterations: [{ e2e_ms: 10, ttft_ms: 20, new_tokens: 5, batch_size: 1 }],
      memory: [{ metric: 'vram', value_mib: 1, source: 'x' }],
      extra: true,
    };
    const err = (() => {
      try {
        parseEngineOutput(JSON.stringify(doc), 'the output');
      } catch (e) {
        return e as EngineError;
      }
      return assert.fail('expected invalid output');
    })();
    assert.equal(err.kind, 'invalid-output');
    assert.match(err.message, /iterations\[0\]\.prompt_tokens: Invalid input: expected number, received undefined/);
    assert.match(err.message, /memory\[0\]\.metric: Invalid option/);
    assert.match(err.message, /\(top level\): Unrecognized key: "extra"/);
  });

  it('applies the schema defaults to a minimal document', () => {
    const out = parseEngineOutput(
      JSON.stringify({ iterations: [{ e2e_ms: 10, ttft_ms: 2, new_tokens: 5, batch_size: 1, prompt_tokens: 3 }] }),
      'x',
    );
    assert.deepEqual(out.memory, []);
    assert.deepEqual(out.engine_info, {});
  });
});

describe('harness events', () => {
  it('reads progress and error events and ignores other lines', () => {
    assert.deepEqual(parseHarnessEvent('{"event": "warmup", "index": 0, "total": 1}'), {
      event: 'warmup',
      index: 0,
      total: 1,
    });
    assert.equal(parseHarnessEvent('Loading checkpoint shards: 100%'), undefined);
    assert.equal(parseHarnessEvent('{"event": "iteration", "index": 0, "total": 1, "sample": {}}'), undefined);
    assert.deepEqual(parseHarnessEvent('{"event": "error", "kind": "weird", "message": "m"}'), {
      event: 'error',
      kind: 'internal',
      message: 'm',
    });
  });
});

describe('childFailure', () => {
  it('is undefined for a clean exit', () => {
    assert.equal(childFailure(outcome({}), 'p', 'c', 1), undefined);
  });

  it('classifies signals, OOM and timeouts', () => {
    const killed = childFailure(outcome({ code: null, signal: 'SIGKILL' }), 'p', 'c', 1);
    assert.equal(killed?.kind, 'crash');
    assert.match(String(killed?.message), /killed by SIGKILL \(the kernel OOM killer/);
    assert.equal(
      childFailure(outcome({ code: 1, stderrTail: 'torch.OutOfMemoryError: x' }), 'p', 'c', 1)?.kind,
      'out-of-memory',
    );
    const late = childFailure(
      outcome({ code: null, signal: 'SIGTERM', reason: 'timeout', stderrTail: 'x' }),
      'p',
      'c',
      9,
    );
    assert.equal(late?.kind, 'timeout');
    assert.equal(late?.stderrTail, 'x');
  });
});
