// The Python harness's worker mode: the protocol loop (serve) driven with a stand-in session (this
// machine has no PyTorch), the real --worker start without PyTorch, and the logits-processor loader.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseWorkerMessage } from '../../../../src/engines/worker/protocol.ts';

const HARNESS_DIR = path.resolve('python');
const python = spawnSync('python3', ['-c', 'import sys; print(sys.version)'], { encoding: 'utf8' });
const skip = python.error ? 'python3 is not installed' : false;
const hasTorch = !skip && spawnSync('python3', ['-c', 'import torch']).status === 0;

function runPython(
  script: string,
  input = '',
): { code: number | null; messages: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync('python3', ['-c', script], {
    input,
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: HARNESS_DIR },
  });
  const messages = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, messages, stderr: r.stderr };
}

// A session whose second measured iteration fails the way the harness reports failures.
const FAKE_SESSION = `
import io, sys, json, time
import llm_perf_gate_harness as h
calls = {"n": 0, "reset": 0}
def once():
    calls["n"] += 1
    if calls["n"] == 3:
        raise h.HarnessError("internal", "generate() returned 3 new tokens, not 4")
    return {"e2e_ms": 100.0 + calls["n"], "ttft_ms": 10.0, "new_tokens": 4, "batch_size": 1, "prompt_tokens": 5, "round": 0}, "abc"
def memory(after_reset=True):
    return [{"metric": "torch_max_reserved_mib", "value_mib": 900.0 if not after_reset else 700.0, "source": "fake"}]
def reset_peaks():
    calls["reset"] += 1
session = h.Session(once=once, memory=memory, reset_peaks=reset_peaks, info=lambda d: {"digests": len(d)}, load_ms=5.0)
req = {"name": "fake", "warmup": 1, "round": 0}
code = h.serve(session, req, sys.stdin, time.perf_counter())
print(json.dumps({"event": "info", "message": "exit %d resets %d" % (code, calls["reset"])}))
`;

describe('python harness, worker mode', { skip }, () => {
  it('warms up, says ready with the pre-reset peaks, answers each request by id, keeps serving after a failed iteration', () => {
    const lines = [{ op: 'iterate', id: 0 }, { op: 'iterate', id: 1 }, { op: 'iterate', id: 7 }, { op: 'shutdown' }]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const { messages, stderr } = runPython(FAKE_SESSION, `${lines}\n`);
    const events = messages.map((m) => m.event);
    assert.deepEqual(events, ['warmup', 'ready', 'sample', 'error', 'sample', 'done', 'info'], stderr);
    // Every message is one the runner's parser accepts.
    for (const m of messages.slice(0, -1)) assert.ok(parseWorkerMessage(JSON.stringify(m)) !== undefined);
    const ready = messages[1]!;
    assert.equal(ready.protocol, 1);
    assert.equal(ready.warmup, 1);
    assert.deepEqual(
      (ready.memory as { value_mib: number }[]).map((m) => m.value_mib),
      [900],
    );
    assert.equal(messages[2]!.id, 0);
    assert.equal((messages[2]!.sample as { e2e_ms: number }).e2e_ms, 102);
    assert.deepEqual([messages[3]!.id, messages[3]!.kind], [1, 'internal']);
    assert.equal(messages[4]!.id, 7);
    assert.deepEqual(
      (messages[5]!.memory as { value_mib: number }[]).map((m) => m.value_mib),
      [700],
    );
    assert.equal(messages[6]!.message, 'exit 0 resets 1');
  });

  it('ends on an unknown request with an error', () => {
    const { messages } = runPython(FAKE_SESSION, '{"op": "dance"}\n');
    assert.deepEqual(messages.at(-2), {
      event: 'error',
      kind: 'internal',
      message: 'unknown request: {"op": "dance"}',
    });
    assert.equal(messages.at(-1)!.message, 'exit 2 resets 1');
  });

  it(
    'without PyTorch, --worker names the missing package and exits 2',
    { skip: hasTorch ? 'torch is installed here' : false },
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-harness-'));
      const request = path.join(dir, 'request.json');
      writeFileSync(
        request,
        JSON.stringify({ name: 'gpt2', warmup: 1, round: 0, options: { model: 'gpt2', device: 'cpu' } }),
      );
      const r = spawnSync(
        'python3',
        [path.join(HARNESS_DIR, 'llm_perf_gate_harness.py'), '--worker', '--request', request],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(r.status, 2);
      const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { event: string; kind: string; message: string };
      assert.equal(last.kind, 'dependency-missing');
      assert.match(last.message, /PyTorch \(torch\) is not installed .*config "gpt2"/);
    },
  );

  it('loads a logits processor from the config folder, and says what is wrong with a bad one', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-lp-'));
    writeFileSync(
      path.join(dir, 'proc.py'),
      'class Penalty:\n    def __call__(self, ids, scores):\n        return scores\n',
    );
    const script = (spec: string) => `
import json, llm_perf_gate_harness as h
req = {"name": "c", "config_dir": ${JSON.stringify(dir)}, "options": {"logits_processor": ${JSON.stringify(spec)}}}
try:
    p = h.load_logits_processor(req)
    print(json.dumps({"event": "info", "message": type(p).__name__}))
except h.HarnessError as e:
    print(json.dumps({"event": "error", "kind": e.kind, "message": str(e)}))
`;
    assert.equal(runPython(script('proc.py:Penalty')).messages[0]!.message, 'Penalty');
    assert.match(String(runPython(script('proc.py:Nope')).messages[0]!.message), /proc.py has no Nope .*config "c"/);
    assert.match(String(runPython(script('gone.py:Penalty')).messages[0]!.message), /gone.py not found/);
  });
});
