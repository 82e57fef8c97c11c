import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configsNeedingMoreSamples } from '../../../src/stats/adaptive.js';
import { compareRuns } from '../../../src/stats/compareRuns.js';
import { decideGate } from '../../../src/stats/decideGate.js';
import { bench, doc, gate, rng, simulatedRun } from '../../support/statsDocs.js';

function scenario() {
  const r = rng(11);
  const run = (f: number, noise = 0.005) =>
    simulatedRun(r, { centreMs: 100, runNoise: noise, iterNoise: 0.01, factor: f });
  const base = Array.from({ length: 5 }, () =>
    doc([
      bench({ name: 'slow', e2e: run(1) }),
      bench({ name: 'same', e2e: run(1) }),
      bench({ name: 'noisy', e2e: run(1, 0.2) }),
      bench({ name: 'broken', e2e: run(1) }),
      bench({ name: 'gone', e2e: run(1) }),
    ]),
  );
  const cand = (runs: number) =>
    Array.from({ length: runs }, () =>
      doc([
        bench({ name: 'slow', e2e: run(1.3) }),
        bench({ name: 'same', e2e: run(1) }),
        bench({ name: 'noisy', e2e: run(1.1, 0.2) }),
        bench({ name: 'broken', e2e: run(1), status: 'failed' }),
      ]),
    );
  const compare = (runs: number) => compareRuns(base, cand(runs), { gate: gate() });
  return { one: compare(1), two: compare(2), three: compare(3) };
}

void test('policy regression fails only on gating regressions', () => {
  const c = scenario().three;
  const d = decideGate(c, 'regression', false);
  assert.equal(d.failed, true);
  assert.deepEqual(
    d.failing.map((f) => f.name),
    ['slow'],
  );
  // Metric labels, the change and its interval: the words the report shows.
  assert.match(d.failing[0]?.reason ?? '', /^regression: Throughput -2\d\.\d% \[-\d+\.\d%, -\d+\.\d%\]$/);
  assert.equal(d.failing[0]?.state, 'regression');
});

void test('policy regression-or-failed (the default) also fails on failed and missing configs', () => {
  assert.equal(gate().fail_on, 'regression-or-failed');
  const d = decideGate(scenario().three, 'regression-or-failed', false);
  assert.deepEqual(d.failing.map((f) => f.name).sort(), ['broken', 'gone', 'slow']);
  assert.equal(d.failing.find((f) => f.name === 'broken')?.reason, 'failed: crash (boom)');
  assert.equal(d.failing.find((f) => f.name === 'gone')?.reason, 'missing: in the baseline, not in this run');
  assert.deepEqual(d.failing.map((f) => f.state).sort(), ['not-measured', 'not-measured', 'regression']);
});

void test('a crashed engine (every config failed) fails the default gate; policy regression lets it pass', () => {
  const base = [doc([bench({ name: 'a', e2e: [100, 101] }), bench({ name: 'b', e2e: [100, 101] })])];
  const cand = [
    doc([bench({ name: 'a', e2e: [], status: 'failed' }), bench({ name: 'b', e2e: [], status: 'failed' })]),
  ];
  const c = compareRuns(base, cand, { gate: gate() });
  const d = decideGate(c, gate().fail_on, false);
  assert.equal(d.failed, true);
  assert.deepEqual(
    d.failing.map((f) => [f.name, f.state]),
    [
      ['a', 'not-measured'],
      ['b', 'not-measured'],
    ],
  );
  assert.equal(decideGate(c, 'regression', false).failed, false);
  // The label overrides it and the decision keeps what it overrode.
  const accepted = decideGate(c, 'regression-or-failed', true);
  assert.equal(accepted.failed, false);
  assert.deepEqual([...new Set(accepted.failing.map((f) => f.state))], ['not-measured']);
});

void test('configs without a baseline: not measured unless allowed; nothing compared is one line with the reason', () => {
  const base = [doc([bench({ name: 'kept', e2e: [100, 101, 99] })])];
  const cand = [doc([bench({ name: 'kept', e2e: [100, 101, 99] }), bench({ name: 'added', e2e: [100, 101] })])];
  const partial = compareRuns(base, cand, { gate: gate() });
  assert.deepEqual(
    decideGate(partial, 'regression-or-failed', false).failing.map((f) => [f.name, f.state, f.reason]),
    [['added', 'not-measured', 'not measured: no baseline']],
  );
  assert.equal(decideGate(partial, 'regression-or-failed', false, { allowNew: true }).failed, false);
  assert.equal(decideGate(partial, 'regression-or-failed', false, { baselineOptional: true }).failed, false);

  // The stored baseline was evicted: nothing compared, said once with the store's reason.
  const evicted = {
    ...compareRuns([], cand, { gate: gate() }),
    baseline: { store: 'actions-cache', status: 'unavailable', reason: 'cache miss for key k' } as const,
  };
  const d = decideGate(evicted, 'regression-or-failed', false);
  assert.deepEqual(
    d.failing.map((f) => [f.name, f.reason]),
    [['all configurations', 'not measured: nothing compared (cache miss for key k)']],
  );
  // allow_new does not make a run that compared nothing pass; policy regression or a recording run does.
  assert.equal(decideGate(evicted, 'regression-or-failed', false, { allowNew: true }).failed, true);
  assert.equal(decideGate(evicted, 'regression', false).failed, false);
  assert.equal(decideGate(evicted, 'regression-or-failed', false, { baselineOptional: true }).failed, false);
});

void test('fail_on regression-failed-or-undecided also fails on a gating metric the data could not decide', () => {
  const c = scenario().two; // 'slow' awaits confirmation, 'noisy' is noise-limited: both undecided
  const strict = decideGate(c, 'regression-failed-or-undecided', false);
  const undecided = strict.failing.filter((f) => f.state === 'undecided').map((f) => f.name);
  assert.ok(undecided.includes('slow') && undecided.includes('noisy'), undecided.join());
  assert.match(strict.failing.find((f) => f.name === 'noisy')?.reason ?? '', /^could not decide: Throughput /);
  assert.ok(!decideGate(c, 'regression-or-failed', false).failing.some((f) => f.state === 'undecided'));
});

void test('a baseline from another machine under fingerprint_mismatch: refuse is not measured', () => {
  const base = [doc([bench({ name: 'x', e2e: [100, 101, 99] })])];
  const cand = [doc([bench({ name: 'x', e2e: [100, 101, 99] })], { hash: 'env2', fields: { cpu_model: 'Other' } })];
  const c = compareRuns(base, cand, { gate: gate() });
  const d = decideGate(c, 'regression-or-failed', false);
  assert.equal(d.failed, true);
  assert.match(d.failing.map((f) => f.reason).join('\n'), /another machine/);
});

void test('policy never and an accepted regression pass, keeping the list', () => {
  const never = decideGate(scenario().three, 'never', false);
  assert.equal(never.failed, false);
  assert.equal(never.failing.length, 0);
  const accepted = decideGate(scenario().three, 'regression', true);
  assert.equal(accepted.failed, false);
  assert.equal(accepted.accepted, true);
  assert.equal(accepted.failing.length, 1);
});

void test('a non-gating regression is reported but does not fail', () => {
  const r = rng(12);
  const base = Array.from({ length: 5 }, () =>
    doc([bench({ name: 'x', e2e: simulatedRun(r, { centreMs: 100, runNoise: 0.005, iterNoise: 0.01 }) })]),
  );
  const cand = [1, 2, 3].map(() =>
    doc([bench({ name: 'x', e2e: simulatedRun(r, { centreMs: 130, runNoise: 0.005, iterNoise: 0.01 }) })]),
  );
  const g = gate({ metrics: { e2e_tok_s: { gate: false } } });
  const c = compareRuns(base, cand, { gate: g });
  assert.equal(c.configs[0]?.metrics.find((m) => m.metric === 'e2e_tok_s')?.verdict, 'regression');
  assert.equal(decideGate(c, 'regression', false).failed, false);
});

void test('inconclusive configs get a second run; only a provisional regression gets a third', () => {
  const { one, two, three } = scenario();
  // 'slow' is a provisional regression, 'noisy' is noise-limited; both want a second run.
  assert.deepEqual(configsNeedingMoreSamples(one), ['slow', 'noisy']);
  assert.equal(one.configs.find((c) => c.name === 'slow')?.verdict, 'inconclusive');
  // With two runs the noise-limited answer is final (asking again would be optional stopping);
  // the slow-down still awaits its third, confirming run.
  assert.deepEqual(configsNeedingMoreSamples(two), ['slow']);
  assert.equal(two.configs.find((c) => c.name === 'slow')?.verdict, 'inconclusive');
  assert.deepEqual(configsNeedingMoreSamples(three), []);
  assert.equal(three.configs.find((c) => c.name === 'slow')?.verdict, 'regression');
});
