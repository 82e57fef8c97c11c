// Every input and output name of action.yml in one place, so the parser, the outputs and the tests
// cannot drift from the manifest (a test checks action.yml against these lists).

export const INPUTS = {
  config: 'config',
  githubToken: 'github-token',
  mode: 'mode',
  results: 'results',
  shard: 'shard',
  failOn: 'fail-on',
  saveBranches: 'save-branches',
  baselineRuns: 'baseline-runs',
  baselineFile: 'baseline-file',
  comment: 'comment',
  onnxruntimeCuda: 'onnxruntime-cuda',
  allowFork: 'allow-fork',
  acceptLabel: 'accept-label',
  outputDir: 'output-dir',
  baseRef: 'base-ref',
  workers: 'workers',
  budgetSeconds: 'budget-seconds',
  /** Used by action.yml's own steps only (actions/setup-node). */
  setupNode: 'setup-node',
  baselineStore: 'baseline-store',
  dataBranch: 'data-branch',
  dashboardBranch: 'dashboard-branch',
  dashboardDir: 'dashboard-dir',
  dashboardUrl: 'dashboard-url',
} as const;
export type InputName = (typeof INPUTS)[keyof typeof INPUTS];

export const OUTPUTS = {
  verdict: 'verdict',
  gate: 'gate',
  regressions: 'regressions',
  improvements: 'improvements',
  unchanged: 'unchanged',
  inconclusive: 'inconclusive',
  new: 'new',
  missing: 'missing',
  failed: 'failed',
  resultsPath: 'results-path',
  reportPath: 'report-path',
} as const;
export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS];

/**
 * `run` benchmarks here against the stored baseline; `report` merges result files written by earlier
 * (sharded) runs and compares; `ab` runs the PR's base and head interleaved on this runner.
 */
export const MODES = ['run', 'report', 'ab'] as const;
export type ActionMode = (typeof MODES)[number];

/** `cache`: the Actions cache; `branch`: a git branch of the repository (history kept, see docs/history.md). */
export const BASELINE_STORES = ['cache', 'branch'] as const;
export type BaselineStoreKind = (typeof BASELINE_STORES)[number];

export { DEFAULT_ACCEPT_LABEL } from '../report/evaluate.js';
export const DEFAULT_CONFIG_PATH = 'perf-gate.yml';

/**
 * Environment variable that holds an input. The runner sets `INPUT_<NAME>` (spaces to `_`,
 * upper-cased, hyphens kept) for JavaScript actions; composite `run:` steps get none, so action.yml
 * passes each one through `env:`, where the underscore spelling is a valid shell name too.
 */
export function inputEnvNames(name: string): [string, string] {
  const upper = name.replace(/ /g, '_').toUpperCase();
  return [`INPUT_${upper}`, `INPUT_${upper.replace(/-/g, '_')}`];
}
