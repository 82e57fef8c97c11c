// Same-runner A/B mode: the base commit (in a temporary git worktree) and the head (the current
// tree) run the same config alternately — base, head, base, head … — each run a separate run, so
// drift of the machine during the job hits both sides alike. Then the A/A check (base against base)
// and the paired comparison base → head. Collaborators (git, run executor) are injected.
import { access, copyFile, mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/loadConfig.js';
import { gateSchema, type FailOn, type GateConfig } from '../config/schema.js';
import { DEFAULT_CONFIRMATION_RUNS } from '../stats/compareRuns.js';
import type { ResultDoc } from '../result/schema.js';
import { resolveCommits, withBaseWorktree, type ResolvedCommits } from './baseWorktree.js';
import { evaluateAb, type AbEvaluation } from './evaluateAb.js';
import type { GitRunner } from './gitRunner.js';
import type { AbSide, RunExecutor } from './runExecutor.js';

export interface AbOptions {
  /** Where the command runs; the config path is taken relative to this. */
  readonly cwd: string;
  /** The config as the user names it; it must lie inside the repository. */
  readonly config: string;
  /** The base to compare with: a branch, tag or commit (e.g. origin/main, the PR's base sha). */
  readonly baseRef: string;
  /** Base/head pairs to run (≥ MIN_AB_PAIRS: a regression needs that many head runs; the paired test 3). */
  readonly pairs: number;
  /** Folder for the run files, comparison.json and report.md. */
  readonly outDir: string;
  readonly filter?: string;
  readonly failOn?: FailOn;
  readonly accepted?: boolean;
  readonly acceptLabel?: string;
  readonly marker?: string;
  readonly maxLength?: number;
}

export interface AbDeps {
  readonly git: GitRunner;
  readonly executor: RunExecutor;
  /** Progress lines ("base-1 done"). */
  readonly log?: (line: string) => void;
  /** Where the base worktree's temp folder is made (default: the OS temp folder). */
  readonly tempRoot?: string;
}

/** Which config file the base runs used. */
export type ConfigSource = 'base' | 'head';

export interface AbOutcome {
  readonly evaluation: AbEvaluation;
  readonly baseRuns: readonly ResultDoc[];
  readonly headRuns: readonly ResultDoc[];
  readonly commits: ResolvedCommits;
  /** The config path relative to the repository root, as used in both trees. */
  readonly configRel: string;
  readonly configSource: ConfigSource;
  readonly notes: readonly string[];
  readonly files: { readonly runs: readonly string[]; readonly comparison: string; readonly report: string };
}

/** Bad input for A/B mode (exit 2): config outside the repo, too few pairs, unknown base ref. */
export class AbUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AbUsageError';
  }
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

/**
 * Puts the config the base runs use at `rel` in the base tree: the base commit's own if it has a
 * valid one; else a copy of the head's, so its relative paths (models, engine scripts) still
 * resolve inside the base tree.
 */
async function prepareBaseConfig(
  tree: string,
  rel: string,
  headConfig: string,
): Promise<{ source: ConfigSource; note?: string }> {
  const target = path.join(tree, rel);
  if (await exists(target)) {
    try {
      await loadConfig(target);
      return { source: 'base' };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      await copyFile(headConfig, target);
      return {
        source: 'head',
        note: `The base commit's ${rel} is not valid for this version of llm-perf-gate, so the base ran the head's ${rel}, with its paths resolved in the base tree.`,
      };
    }
  }
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(headConfig, target);
  return {
    source: 'head',
    note: `The base commit has no ${rel}, so the base ran the head's ${rel}, with its paths resolved in the base tree.`,
  };
}

function effectiveGate(gate: GateConfig, failOn: FailOn | undefined): GateConfig {
  return failOn ? gateSchema.parse({ ...gate, fail_on: failOn }) : gate;
}

/** Fewest base/head pairs: a regression needs this many head runs to be confirmed. */
export const MIN_AB_PAIRS = DEFAULT_CONFIRMATION_RUNS;

export async function runAb(options: AbOptions, deps: AbDeps): Promise<AbOutcome> {
  if (!Number.isInteger(options.pairs) || options.pairs < MIN_AB_PAIRS)
    throw new AbUsageError(
      `--pairs must be an integer ≥ ${MIN_AB_PAIRS} (a regression needs ${MIN_AB_PAIRS} head runs to be confirmed), got ${options.pairs}`,
    );
  const log = deps.log ?? (() => undefined);
  const commits = await resolveCommits(deps.git, options.cwd, options.baseRef).catch((err: unknown) => {
    throw new AbUsageError(err instanceof Error ? err.message : String(err));
  });
  const headLoaded = await loadConfig(options.config, options.cwd);
  const headConfig = await realpath(headLoaded.absPath);
  const rel = path.relative(await realpath(commits.repoRoot), headConfig);
  if (rel.startsWith('..') || path.isAbsolute(rel))
    throw new AbUsageError(`the config ${options.config} lies outside the repository ${commits.repoRoot}`);
  const gate = effectiveGate(headLoaded.config.gate, options.failOn);
  await mkdir(options.outDir, { recursive: true });

  const baseRuns: ResultDoc[] = [];
  const headRuns: ResultDoc[] = [];
  const files: string[] = [];
  const notes: string[] = [];
  let configSource: ConfigSource = 'base';
  log(
    `A/B: base ${options.baseRef} (${commits.baseSha.slice(0, 12)}) vs head ${commits.headSha.slice(0, 12)}, ${options.pairs} pairs`,
  );

  await withBaseWorktree(
    deps.git,
    commits.repoRoot,
    commits.baseSha,
    async (tree) => {
      const prepared = await prepareBaseConfig(tree, rel, headConfig);
      configSource = prepared.source;
      if (prepared.note) {
        notes.push(prepared.note);
        log(prepared.note);
      }
      const roots: Record<AbSide, string> = { base: tree, head: commits.repoRoot };
      const shas: Record<AbSide, string> = { base: commits.baseSha, head: commits.headSha };
      for (let pair = 1; pair <= options.pairs; pair++) {
        for (const side of ['base', 'head'] as const) {
          const label = `${side}-${pair}`;
          const outFile = path.join(options.outDir, `${label}.json`);
          const started = Date.now();
          const doc = await deps.executor.run({
            side,
            pair,
            treeRoot: roots[side],
            configPath: path.join(roots[side], rel),
            outFile,
            label,
            git: { sha: shas[side], ...(side === 'base' ? { ref: options.baseRef } : {}) },
            ...(options.filter !== undefined ? { filter: options.filter } : {}),
          });
          (side === 'base' ? baseRuns : headRuns).push(doc);
          files.push(outFile);
          log(`${label} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      }
    },
    deps.tempRoot,
  );

  const evaluation = evaluateAb({
    baseRuns,
    headRuns,
    gate,
    notes,
    configPath: rel,
    reproduceCommand: `npx llm-perf-gate ab --config ${rel} --base ${options.baseRef} --pairs ${options.pairs}`,
    ...(options.accepted !== undefined ? { accepted: options.accepted } : {}),
    ...(options.acceptLabel ? { acceptLabel: options.acceptLabel } : {}),
    ...(options.marker ? { marker: options.marker } : {}),
    ...(options.maxLength ? { maxLength: options.maxLength } : {}),
  });
  const comparisonFile = path.join(options.outDir, 'comparison.json');
  const reportFile = path.join(options.outDir, 'report.md');
  await writeFile(
    comparisonFile,
    `${JSON.stringify(
      {
        mode: 'ab',
        base: { ref: options.baseRef, sha: commits.baseSha },
        head: { sha: commits.headSha },
        pairs: options.pairs,
        config: rel,
        config_source: configSource,
        runs: files.map((f) => path.basename(f)),
        comparison: evaluation.comparison,
        decision: evaluation.decision,
        aa: { halves: evaluation.aa.halves, configs: evaluation.aa.configs, alarms: evaluation.aa.alarms },
      },
      null,
      2,
    )}\n`,
  );
  await writeFile(reportFile, `${evaluation.markdown}\n`);
  return {
    evaluation,
    baseRuns,
    headRuns,
    commits,
    configRel: rel,
    configSource,
    notes,
    files: { runs: files, comparison: comparisonFile, report: reportFile },
  };
}
