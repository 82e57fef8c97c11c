// SIMULATED DATA FOR TESTS ONLY: a trials.json (TrialSet) built from the noise simulator, so
// replays and the `eval` command can be tested on known truth. Not a recording of any machine.
import { TRIALS_FORMAT, TRIALS_VERSION, type TrialSet } from '../../src/trials/trialSet.js';
import { simulateTrials, type TrialNoise } from './simulatedTrials.js';

export function simulatedTrialSet(noise: TrialNoise, arrangement: 'aa' | 'ab' = 'aa', name = 'simulated'): TrialSet {
  const m = simulateTrials(noise);
  const ids = (side: 'base' | 'head') => Array.from({ length: noise.workersPerSide }, (_, i) => `${side}-${i + 1}`);
  const workers = [...ids('base'), ...ids('head')].map((id) => ({
    id,
    side: id.startsWith('base') ? ('base' as const) : ('head' as const),
    warmup: 1,
    engine_info: {},
    memory: [],
  }));
  let clock = 0;
  const trials = Array.from({ length: noise.trials }, (_, t) => {
    const outcomes: TrialSet['configs'][number]['trials'][number]['outcomes'] = {};
    const started = clock;
    for (const [side, rows] of [['base', m.base] as const, ['head', m.head] as const])
      rows.forEach((row, i) => {
        const e2e = row[t] as number;
        clock += e2e;
        outcomes[`${side}-${i + 1}`] = {
          sample: { e2e_ms: e2e, ttft_ms: e2e * 0.1, new_tokens: 100, batch_size: 1, prompt_tokens: 6 },
        };
      });
    return { index: t, order: workers.map((w) => w.id), outcomes, started_ms: started, epoch: m.epochs?.[t] ?? 0 };
  });
  return {
    format: TRIALS_FORMAT,
    version: TRIALS_VERSION,
    created_at: '1970-01-01T00:00:00.000Z',
    design: 'rmit',
    seed: noise.seed,
    workers_per_side: noise.workersPerSide,
    arrangement,
    commits: {},
    machine: 'simulated (test/support/simulatedTrials.ts)',
    configs: [
      {
        name,
        engine: 'command',
        workers,
        trials,
        looks: [],
        stop: { reason: 'fixed-trials', trials: noise.trials, seconds: clock / 1000, rotated: false },
      },
    ],
  };
}
