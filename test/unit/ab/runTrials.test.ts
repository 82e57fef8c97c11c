// The trial loop with stand-in workers (no processes): rotation when the device is too small,
// epochs, failed iterations, and the analyses deciding the stop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConfigTrials, type TrialSettings } from '../../../src/ab/runTrials.ts';
import type { EngineWorker } from '../../../src/engines/worker/workerClient.ts';
import type { TrialAnalysis } from '../../../src/trials/analysis.ts';

function fakeWorkers(failOn?: (id: string, n: number) => boolean) {
  let alive = 0;
  let maxAlive = 0;
  const started: string[] = [];
  const start = (_side: string, id: string): Promise<EngineWorker> => {
    alive += 1;
    maxAlive = Math.max(maxAlive, alive);
    started.push(id);
    let n = 0;
    let up = true;
    const stop = () => {
      if (up) alive -= 1;
      up = false;
    };
    return Promise.resolve({
      mode: 'persistent',
      pid: 1,
      ready: {
        event: 'ready',
        protocol: 1,
        warmup: 1,
        engine_info: {},
        memory: [{ metric: 'torch_max_reserved_mib', value_mib: 10_000, source: 't' }],
      },
      alive: () => up,
      iterate: () => {
        n += 1;
        if (failOn?.(id, n)) return Promise.reject(new Error(`boom ${id}`));
        return Promise.resolve({
          sample: { e2e_ms: 100, ttft_ms: 10, new_tokens: 5, batch_size: 1, prompt_tokens: 3 },
          ms: 100,
        });
      },
      shutdown: () => {
        stop();
        return Promise.resolve({
          memory: [{ metric: 'torch_max_reserved_mib', value_mib: 10_500, source: 't' }],
          engineInfo: {},
        });
      },
      kill: () => {
        stop();
        return Promise.resolve();
      },
    });
  };
  return { start, started, maxAlive: () => maxAlive, alive: () => alive };
}

const settings: TrialSettings = {
  workersPerSide: 3,
  blockTrials: 2,
  restart: true,
  budgetS: 1e9,
  maxTrials: 500,
  seed: 5,
  fixedTrials: 6,
};
const never = () => [] as TrialAnalysis[];

describe('runConfigTrials', () => {
  it('rotates when only some workers fit, never holding more than fit, every trial still complete', async () => {
    const f = fakeWorkers();
    const r = await runConfigTrials('c', 'transformers', settings, {
      start: f.start,
      analyze: never,
      memory: () => Promise.resolve({ processMib: 10_000, freeMib: 25_000 }),
      log: () => undefined,
    });
    assert.equal(r.config.stop.rotated, true);
    assert.match(r.residency, /only 3 of 6 workers fit/);
    assert.equal(f.maxAlive(), 2);
    assert.equal(f.alive(), 0, 'all stopped at the end');
    assert.equal(r.config.trials.length, 6);
    for (const t of r.config.trials) assert.equal(Object.keys(t.outcomes).length, 6);
    assert.deepEqual([...new Set(r.config.trials.map((t) => t.epoch))], [0, 1, 2]);
    assert.equal(r.config.workers[0]!.memory.find((m) => m.metric === 'torch_max_reserved_mib')!.value_mib, 10_500);
    assert.equal(r.config.workers[0]!.memory.find((m) => m.metric === 'gpu_process_peak_mib')!.value_mib, 10_000);
  });

  it('replaces all workers after every block, and records failed iterations as such', async () => {
    const f = fakeWorkers((id, n) => id === 'head-2' && n === 1);
    const r = await runConfigTrials('c', 'command', settings, { start: f.start, analyze: never, log: () => undefined });
    assert.equal(f.started.length, 6 * 3);
    assert.equal(r.config.stop.reason, 'fixed-trials');
    const errors = r.config.trials.flatMap((t) => Object.entries(t.outcomes).filter(([, o]) => 'error' in o));
    assert.equal(errors.length, 3, 'the first iteration of each head-2 process');
    assert.equal(r.config.workers.find((w) => w.id === 'head-2')!.engine_info.worker_processes, 3);
  });

  it('stops as soon as the analyses are decided', async () => {
    const f = fakeWorkers();
    const { fixedTrials: _, ...open } = settings;
    let looks = 0;
    const r = await runConfigTrials('c', 'command', open, {
      start: f.start,
      analyze: () => [{ decided: ++looks >= 2 } as TrialAnalysis],
      log: () => undefined,
    });
    assert.deepEqual([r.config.stop.reason, r.config.trials.length], ['decided', 4]);
  });
});
