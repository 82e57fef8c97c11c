import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from '../../../src/stats/compareRuns.js';
import type { ResultDoc } from '../../../src/result/schema.js';
import { bench, doc, gate, rng, simulatedRun } from '../../support/statsDocs.js';

function sides(opts: {
  seed: number;
  nb: number;
  nc: number;
  factor: number;
  runNoise: number;
  iterNoise?: number;
  configs?: string[];
}) {
  const r = rng(opts.seed);
  const names = opts.configs ?? ['tiny'];
  const make = (factor: number) =>
    doc(
      names.map((name) =>
        bench({
          name,
          e2e: simulatedRun(r, { centreMs: 100, runNoise: opts.runNoise, iterNoise: opts.iterNoise ?? 0.02, factor }),
          memoryMib: 500,
        }),
      ),
    );
  const baselines: ResultDoc[] = Array.from({ length: opts.nb }, () => make(1));
  const candidates: ResultDoc[] = Array.from({ length: opts.nc }, () => make(opts.factor));
  return { baselines, candidates };
}

const throughput = (c: ReturnType<typeof compareRuns>, name = 'tiny') => {
  const m = c.configs.find((x) => x.name === name)?.metrics.find((x) => x.metric === 'e2e_tok_s');
  assert.ok(m, 'throughput verdict present');
  return m;
};

void test('a clear 20% slow-down over quiet runs is a gating regression with an interval', () => {
  const { baselines, candidates } = sides({ seed: 1, nb: 5, nc: 3, factor: 1.2, runNoise: 0.01 });
  const c = compareRuns(baselines, candidates, { gate: gate() });
  const m = throughput(c);
  assert.equal(m.verdict, 'regression');
  assert.equal(c.configs[0]?.verdict, 'regression');
  assert.ok(m.change !== undefined && m.change < -0.12 && m.change > -0.22, `change ${m.change}`);
  assert.ok(m.ci && m.ci[1] < 0 && m.ci[0] < (m.change as number));
  assert.equal(m.baseline?.runs, 5);
  assert.equal(m.candidate?.runs, 3);
  assert.equal(m.baseline?.n, 40);
  assert.match(m.method, /between-run t .*5 \+ 3 runs, df 6/);
  assert.equal(c.correction.method, 'holm');
  assert.equal(c.correction.tests, 1);
  assert.equal(c.baselineRuns, 5);
});

void test('identical code on quiet runs is unchanged; the interval lies inside the margin', () => {
  const { baselines, candidates } = sides({ seed: 2, nb: 5, nc: 1, factor: 1, runNoise: 0.005 });
  const m = throughput(compareRuns(baselines, candidates, { gate: gate() }));
  assert.equal(m.verdict, 'unchanged');
  assert.ok(m.ci && m.ci[0] > -0.05 && m.ci[1] < 0.05);
});

void test('a faster candidate is an improvement, not a regression', () => {
  const { baselines, candidates } = sides({ seed: 3, nb: 5, nc: 3, factor: 0.8, runNoise: 0.01 });
  assert.equal(throughput(compareRuns(baselines, candidates, { gate: gate() })).verdict, 'improvement');
});

void test('when between-run noise is large, a 10% slow-down is inconclusive with the detectable size', () => {
  const { baselines, candidates } = sides({ seed: 4, nb: 3, nc: 1, factor: 1.1, runNoise: 0.15 });
  const m = throughput(compareRuns(baselines, candidates, { gate: gate() }));
  assert.equal(m.verdict, 'inconclusive');
  assert.ok(m.mde !== undefined && m.mde > 0.1, `mde ${m.mde}`);
  assert.match(m.note ?? '', /detects changes of about/);
});

void test('iteration noise alone never makes an A/A pair a regression (between-run spread is what counts)', () => {
  // Tight iterations, but whole runs shift by ~8%: a per-iteration test would alarm often.
  let alarms = 0;
  for (let seed = 100; seed < 300; seed++) {
    const { baselines, candidates } = sides({ seed, nb: 5, nc: 1, factor: 1, runNoise: 0.08, iterNoise: 0.005 });
    if (throughput(compareRuns(baselines, candidates, { gate: gate() })).verdict === 'regression') alarms++;
  }
  assert.ok(alarms <= 6, `${alarms} false alarms in 200 A/A pairs`);
});

void test('a slow-down or speed-up is provisional until three candidate runs confirm it', () => {
  const { baselines, candidates } = sides({ seed: 5, nb: 5, nc: 3, factor: 1.3, runNoise: 0.01 });
  for (const n of [1, 2]) {
    const m = throughput(compareRuns(baselines, candidates.slice(0, n), { gate: gate() }));
    assert.equal(m.verdict, 'inconclusive');
    assert.equal(m.awaitingConfirmation, true);
    assert.match(m.note ?? '', new RegExp(`slower by .* in ${n} runs?: needs 3 candidate runs to confirm`));
  }
  const three = throughput(compareRuns(baselines, candidates, { gate: gate() }));
  assert.equal(three.verdict, 'regression');
  assert.equal(three.awaitingConfirmation, undefined);
  const faster = sides({ seed: 5, nb: 5, nc: 3, factor: 0.7, runNoise: 0.01 });
  const early = throughput(compareRuns(faster.baselines, faster.candidates.slice(0, 2), { gate: gate() }));
  assert.equal(early.verdict, 'inconclusive');
  assert.match(early.note ?? '', /faster by .* in 2 runs/);
  assert.equal(throughput(compareRuns(faster.baselines, faster.candidates, { gate: gate() })).verdict, 'improvement');
  assert.equal(
    throughput(compareRuns(baselines, candidates.slice(0, 1), { gate: gate(), confirmationRuns: 1 })).verdict,
    'regression',
  );
});

test('one run a side uses the documented prior and says so', () => {
  const { baselines, candidates } = sides({ seed: 5, nb: 1, nc: 1, factor: 1.1, runNoise: 0.01 });
  const opts = { gate: gate(), confirmationRuns: 1 };
  const m = throughput(compareRuns(baselines, candidates, opts));
  assert.match(m.method, /prior, not measured/);
  assert.equal(m.verdict, 'inconclusive');
  const big = sides({ seed: 5, nb: 1, nc: 1, factor: 2.5, runNoise: 0.01 });
  assert.equal(throughput(compareRuns(big.baselines, big.candidates, opts)).verdict, 'regression');
  // A measured noise floor for this config replaces the prior.
  const m2 = throughput(compareRuns(baselines, candidates, { ...opts, noiseFloor: { tiny: 0.005 } }));
  assert.equal(m2.verdict, 'regression');
});

test('with quiet runs (1.5% between-run noise), a 10% slow-down is detected in at least 90% of trials (3 candidate runs)', () => {
  let hits = 0;
  for (let seed = 400; seed < 500; seed++) {
    const { baselines, candidates } = sides({ seed, nb: 5, nc: 3, factor: 1.1, runNoise: 0.015 });
    if (throughput(compareRuns(baselines, candidates, { gate: gate() })).verdict === 'regression') hits++;
  }
  assert.ok(hits >= 90, `${hits} of 100 detected`);
});

void test('Holm correction across configs: more configs, wider intervals, recorded tests', () => {
  const configs = ['a', 'b', 'c', 'd', 'e', 'f'];
  const { baselines, candidates } = sides({ seed: 6, nb: 5, nc: 1, factor: 1, runNoise: 0.02, configs });
  const holm = compareRuns(baselines, candidates, { gate: gate() });
  const none = compareRuns(baselines, candidates, { gate: gate({ correction: 'none' }) });
  assert.equal(holm.correction.tests, 6);
  const w = (c: typeof holm, n: string) => {
    const ci = throughput(c, n).ci as readonly [number, number];
    return ci[1] - ci[0];
  };
  for (const n of configs) assert.ok(w(holm, n) > w(none, n));
  for (const n of configs)
    assert.ok((throughput(holm, n).adjustedP as number) >= (throughput(holm, n).pValue as number));
});

void test('memory uses the tolerance rule: max(relative, MiB), over three candidate runs', () => {
  const mk = (mib: number) => doc([bench({ name: 'tiny', e2e: [100, 101, 99, 100], memoryMib: mib })]);
  const base = [mk(500), mk(502), mk(500)];
  const verdict = (mib: number, g = gate()) =>
    compareRuns(base, [mk(mib), mk(mib), mk(mib)], { gate: g }).configs[0]?.metrics.find(
      (m) => m.metric === 'host_rss_peak_mib',
    )?.verdict;
  assert.equal(verdict(520), 'unchanged'); // +20 MiB < 5% of 500
  assert.equal(verdict(530), 'regression');
  assert.equal(verdict(460), 'improvement');
  assert.equal(verdict(505, gate({ memory_tolerance: 0 })), 'unchanged'); // within 8 MiB
  assert.equal(verdict(510, gate({ memory_tolerance: 0 })), 'regression');
});

void test('new, missing and failed configs', () => {
  const base = [doc([bench({ name: 'kept', e2e: [100, 100, 101] }), bench({ name: 'gone', e2e: [100, 100, 101] })])];
  const cand = [
    doc([
      bench({ name: 'kept', e2e: [100, 100, 101], status: 'failed' }),
      bench({ name: 'added', e2e: [100, 100, 101] }),
    ]),
  ];
  const c = compareRuns(base, cand, { gate: gate() });
  const v = Object.fromEntries(c.configs.map((x) => [x.name, x.verdict]));
  assert.deepEqual(v, { kept: 'failed', added: 'new', gone: 'missing' });
  assert.equal(c.configs.find((x) => x.name === 'kept')?.error?.kind, 'crash');
  assert.equal(c.counts.failed, 1);
  assert.equal(c.counts.new, 1);
  assert.equal(c.counts.missing, 1);
});

void test('settings changed since the baseline: treated as new, with a note', () => {
  const base = [doc([bench({ name: 'x', e2e: [100, 100], configHash: 'old' })])];
  const cand = [doc([bench({ name: 'x', e2e: [150, 150], configHash: 'new' })])];
  const c = compareRuns(base, cand, { gate: gate() });
  assert.equal(c.configs[0]?.verdict, 'new');
  assert.match(c.configs[0]?.metrics[0]?.note ?? '', /settings changed/);
});

void test('fingerprint: refuse compares nothing, warn and compare list the differing fields', () => {
  const { baselines } = sides({ seed: 7, nb: 3, nc: 1, factor: 1, runNoise: 0.01 });
  const other = { hash: 'env2', fields: { cpu_model: 'Other CPU' } };
  const cand = [
    doc([bench({ name: 'tiny', e2e: [200, 201, 202, 199] })], other),
    doc([bench({ name: 'tiny', e2e: [201, 203, 200, 198] })], other),
    doc([bench({ name: 'tiny', e2e: [199, 202, 201, 200] })], other),
  ];
  const refused = compareRuns(baselines, cand, { gate: gate() });
  assert.equal(refused.fingerprint.match, false);
  assert.deepEqual(refused.fingerprint.differences, [
    { field: 'cpu_model', baseline: 'Test CPU', candidate: 'Other CPU' },
  ]);
  assert.ok(refused.configs.every((c) => c.verdict === 'inconclusive'));
  assert.ok(refused.configs[0]?.metrics.every((m) => m.verdict === 'inconclusive' && /fingerprint/.test(m.method)));
  const warned = compareRuns(baselines, cand, { gate: gate({ fingerprint_mismatch: 'warn' }) });
  assert.equal(warned.fingerprint.policy, 'warn');
  assert.equal(warned.configs[0]?.verdict, 'regression');
  assert.equal(warned.fingerprint.baselineMachine, 'Test CPU');
  assert.equal(warned.fingerprint.candidateMachine, 'Other CPU');
});

void test('tokens digest change and unclean candidate runs are flagged; a dirty slow-down is not a regression', () => {
  const { baselines } = sides({ seed: 8, nb: 5, nc: 1, factor: 1, runNoise: 0.005 });
  const base = baselines.map((d) => ({ ...d, benchmarks: d.benchmarks.map((b) => ({ ...b, tokens_digest: 'aaa' })) }));
  const dirty = () =>
    doc([
      bench({
        name: 'tiny',
        e2e: [150, 151, 149, 150, 150, 152, 148, 150],
        tokensDigest: 'bbb',
        telemetry: { gpu_throttled: true, notes: ['HW slowdown in 3 of 40 samples'] },
      }),
    ]);
  const cand = [dirty(), dirty(), dirty()];
  const c = compareRuns(base, cand, { gate: gate() });
  const cfg = c.configs[0];
  assert.equal(cfg?.tokensChanged, true);
  assert.ok(cfg?.validity?.some((v) => /throttled/.test(v)));
  assert.ok(cfg?.validity?.includes('HW slowdown in 3 of 40 samples'));
  assert.equal(throughput(c).verdict, 'inconclusive');
  assert.match(throughput(c).note ?? '', /not clean/);
});

void test('outliers are counted, never dropped', () => {
  const base = [1, 2, 3].map(() => doc([bench({ name: 'tiny', e2e: [100, 101, 99, 100, 100, 101, 99, 400] })]));
  const m = throughput(compareRuns(base, [base[0] as ResultDoc], { gate: gate() }));
  assert.equal(m.baseline?.outliers, 3);
  assert.equal(m.baseline?.n, 24);
});

void test('interleaved A/B pairs runs and cancels drift', () => {
  // The machine drifts by 30% over the session; the candidate is 10% slower at every moment.
  const drift = [1, 1.1, 1.2, 1.3, 1.15, 1.05];
  const r = rng(9);
  const at = (f: number) =>
    doc([bench({ name: 'tiny', e2e: simulatedRun(r, { centreMs: 100 * f, runNoise: 0.005, iterNoise: 0.01 }) })]);
  const base = drift.map((d) => at(d));
  const cand = drift.map((d) => at(d * 1.1));
  const ab = compareRuns(base, cand, { gate: gate(), mode: 'ab' });
  assert.match(throughput(ab).method, /paired/);
  assert.equal(throughput(ab).verdict, 'regression');
  assert.equal(ab.mode, 'ab');
  const unpaired = compareRuns(base, cand, { gate: gate() });
  assert.equal(throughput(unpaired).verdict, 'inconclusive');
});

void test('every verdict shows the values its change is computed from: candidate.centre / baseline.centre − 1', () => {
  // Noisy runs, so the median of per-run medians (or of pooled iterations) differs from the estimator's centre.
  const cases = [
    { nb: 5, nc: 3, mode: 'stored-baseline' as const },
    { nb: 3, nc: 3, mode: 'ab' as const },
    { nb: 1, nc: 1, mode: 'stored-baseline' as const },
  ];
  let checked = 0;
  for (const [i, k] of cases.entries()) {
    const { baselines, candidates } = sides({ seed: 30 + i, nb: k.nb, nc: k.nc, factor: 1.07, runNoise: 0.12 });
    const c = compareRuns(baselines, candidates, { gate: gate(), mode: k.mode, confirmationRuns: 1 });
    for (const m of c.configs.flatMap((x) => x.metrics)) {
      assert.ok(m.change !== undefined && m.baseline && m.candidate, `${m.metric} has both sides`);
      const shown = m.candidate.centre / m.baseline.centre - 1;
      assert.ok(Math.abs(shown - m.change) < 1e-12, `${k.mode} ${k.nb}+${k.nc} ${m.metric}: ${shown} vs ${m.change}`);
      checked++;
    }
  }
  assert.ok(checked >= 15, `${checked} verdicts checked`);
});
