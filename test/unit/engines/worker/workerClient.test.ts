// The runner's side of the worker protocol against small real programs (node -e): ready, samples
// by id, an iteration error that leaves the worker up, and every way a worker can break.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWorkerMessage } from '../../../../src/engines/worker/protocol.ts';
import { startWorker, type WorkerLaunch } from '../../../../src/engines/worker/workerClient.ts';
import { EngineError } from '../../../../src/engines/types.ts';
import { rejectionOf } from '../../../support/rejection.ts';

const launch = (script: string, extra: Partial<WorkerLaunch> = {}): WorkerLaunch => ({
  command: process.execPath,
  args: ['-e', script],
  cwd: process.cwd(),
  env: process.env,
  label: 'command "worker"',
  config: 'cfg',
  timeoutMs: 20_000,
  warmup: 0,
  cleanup: () => Promise.resolve(),
  ...extra,
});

const SERVE = `
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
console.log('library noise');
send({ event: 'ready', protocol: 1, warmup: 2, load_ms: 5, engine_info: { k: 'v' }, memory: [] });
let n = 0;
require('readline').createInterface({ input: process.stdin }).on('line', (l) => {
  const r = JSON.parse(l);
  if (r.op === 'shutdown') { send({ event: 'done', memory: [{ metric: 'host_rss_peak_mib', value_mib: 42, source: 't' }] }); process.exit(0); }
  n += 1;
  if (n === 2) send({ event: 'error', id: r.id, kind: 'out-of-memory', message: 'CUDA out of memory' });
  else if (n === 4) process.exit(7);
  else send({ event: 'sample', id: r.id, sample: { e2e_ms: 100 + n, ttft_ms: 10, new_tokens: 5, batch_size: 1, prompt_tokens: 3 } });
});`;

const rejection = (p: Promise<unknown>) => rejectionOf(p, EngineError);

describe('worker client', () => {
  it('waits for ready, answers by id, keeps going after a failed iteration, reports a crash', async () => {
    const w = await startWorker(launch(SERVE));
    assert.equal(w.mode, 'persistent');
    assert.deepEqual([w.ready.warmup, w.ready.engine_info.k], [2, 'v']);
    assert.equal((await w.iterate()).sample.e2e_ms, 101);
    const oom = await rejection(w.iterate());
    assert.equal(oom.kind, 'out-of-memory');
    assert.match(oom.message, /CUDA out of memory \(config "cfg"\)/);
    assert.equal((await w.iterate()).sample.e2e_ms, 103);
    const crash = await rejection(w.iterate());
    assert.equal(crash.kind, 'crash');
    assert.match(crash.message, /exited with code 7/);
    assert.equal(w.alive(), false);
    await w.kill();
  });

  it('shuts down with the final peaks', async () => {
    const w = await startWorker(launch(SERVE));
    await w.iterate();
    assert.deepEqual(
      (await w.shutdown()).memory.map((m) => m.value_mib),
      [42],
    );
  });

  it('fails on the worker’s own error before ready, a wrong protocol, a broken message and a silent program', async () => {
    const early = await rejection(
      startWorker(
        launch(
          `process.stdout.write(JSON.stringify({ event: 'error', kind: 'dependency-missing', message: 'torch missing' }) + '\\n'); process.exit(2);`,
        ),
      ),
    );
    assert.deepEqual([early.kind, early.message], ['dependency-missing', 'torch missing (config "cfg")']);
    const v2 = await rejection(
      startWorker(launch(`console.log(JSON.stringify({ event: 'ready', protocol: 2 })); setTimeout(() => {}, 10000);`)),
    );
    assert.match(v2.message, /speaks worker protocol 2; this version speaks 1/);
    const broken = await rejection(
      startWorker(launch(`console.log(JSON.stringify({ event: 'sample', id: 'x' })); setTimeout(() => {}, 10000);`)),
    );
    assert.equal(broken.kind, 'invalid-output');
    const silent = await rejection(startWorker(launch('setTimeout(() => {}, 10000);', { timeoutMs: 300 })));
    assert.equal(silent.kind, 'timeout');
    assert.match(silent.message, /was not ready within 0.3 s/);
  });

  it('ignores lines that are not protocol messages', () => {
    assert.equal(parseWorkerMessage('progress 50%'), undefined);
    assert.equal(parseWorkerMessage('{"event": "telemetry"}'), undefined);
    assert.deepEqual(parseWorkerMessage('{"event": "warmup", "index": 0, "total": 1}'), {
      event: 'warmup',
      index: 0,
      total: 1,
    });
  });
});
