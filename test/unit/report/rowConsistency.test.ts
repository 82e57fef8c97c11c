// Every number in a row agrees with its Change: a reader who divides Candidate by Baseline gets the
// Change shown (within the rounding of the shown digits), in every snapshot and in a report built
// by the production comparison from noisy runs.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from '../../../src/report/renderMarkdown.js';
import { compareRuns } from '../../../src/stats/compareRuns.js';
import { changeConsistent, metricRowsOf, parseShown } from '../../support/markdownTables.js';
import { gateFor } from '../../support/reportBuilders.js';
import { bench, doc, gate, rng, simulatedRun } from '../../support/statsDocs.js';
import { simulatedTrialSet } from '../../support/simulatedTrialSet.js';
import { trialComparison } from '../../../src/ab/trialComparison.js';
import { analyzeTrials } from '../../../src/stats/trialAnalysis.js';

const SNAPSHOTS = fileURLToPath(new URL('./__snapshots__/', import.meta.url));

/** Rows whose Change does not follow from the shown Baseline and Candidate; returns how many were checked. */
function inconsistentRows(md: string): { checked: number; bad: string[] } {
  const bad: string[] = [];
  let checked = 0;
  for (const { cells } of metricRowsOf(md)) {
    const [, , base, cand, change] = cells;
    const b = parseShown(base ?? '');
    const c = parseShown(cand ?? '');
    const d = parseShown(change ?? '');
    if (b === undefined || c === undefined || d === undefined) continue;
    checked++;
    if (!changeConsistent(b, c, d)) bad.push(cells.join(' | '));
  }
  return { checked, bad };
}

describe('row consistency', () => {
  it('every snapshot row: Change follows from the Baseline and Candidate shown', () => {
    let checked = 0;
    const files = readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.md.snap'));
    assert.ok(files.length >= 10, `${files.length} markdown snapshots`);
    for (const f of files) {
      const r = inconsistentRows(readFileSync(`${SNAPSHOTS}${f}`, 'utf8'));
      assert.deepEqual(r.bad, [], f);
      checked += r.checked;
    }
    assert.ok(checked >= 100, `${checked} rows checked`);
  });

  it('a report from the production comparison of noisy runs: every row consistent', () => {
    // Runs 12% apart: pooled or median-of-run values would disagree with the estimator's change.
    const r = rng(5);
    const run = (factor: number) =>
      doc([
        bench({
          name: 'a',
          e2e: simulatedRun(r, { centreMs: 40, runNoise: 0.12, iterNoise: 0.05, factor }),
          memoryMib: 900,
        }),
        bench({ name: 'b', e2e: simulatedRun(r, { centreMs: 9, runNoise: 0.12, iterNoise: 0.05 }), memoryMib: 1200 }),
      ]);
    const baselines = [1, 2, 3, 4, 5].map(() => run(1));
    const candidates = [1, 2, 3].map(() => run(1.15));
    const c = compareRuns(baselines, candidates, { gate: gate() });
    const md = renderMarkdown({ comparison: c, gate: gateFor(c), baselines, candidates });
    const { checked, bad } = inconsistentRows(md);
    assert.deepEqual(bad, []);
    assert.ok(checked >= 10, `${checked} rows checked`);
  });

  it('a report from the production trial-level A/B comparison: every row consistent', () => {
    const set = simulatedTrialSet(
      { workersPerSide: 3, trials: 30, restartEvery: 10, iterationCv: 0.1, processSd: 0.03, headChange: 0.06, seed: 4 },
      'ab',
      'trial-config',
    );
    const { comparison: c } = trialComparison({
      configs: set.configs,
      uncompared: [],
      gate: gate(),
      abMargin: 0.02,
      analyze: analyzeTrials,
      commits: { base: 'a'.repeat(40), head: 'b'.repeat(40) },
    });
    const md = renderMarkdown({ comparison: c, gate: gateFor(c), baselines: [], candidates: [] });
    const { checked, bad } = inconsistentRows(md);
    assert.deepEqual(bad, []);
    assert.ok(checked >= 4, `${checked} rows checked`);
  });

  it('the check itself catches a row whose Change does not follow (pooled medians next to a per-run change)', () => {
    // The example: 162.4 → 129.7 tok/s printed as -11.8%.
    const row = '| x | Throughput | 162.4 tok/s | 129.7 tok/s | -11.8% [-20.0%, -2.0%] | ❓ undecided |';
    const md = `| Configuration | Metric | Baseline | Candidate | Change [CI] | Verdict |\n| :- | :- | -: | -: | -: | :- |\n${row}\n`;
    assert.equal(inconsistentRows(md).bad.length, 1);
    assert.equal(inconsistentRows(md.replace('-11.8%', '-20.1%')).bad.length, 0);
  });
});
