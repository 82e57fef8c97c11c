// `--baseline-store branch` for `run` and `compare`: baselines from the git-branch store instead of
// result files (and, for `run --save-baseline`, the run saved to it), through the user's own git
// and its credentials. The Actions cache exists only inside a workflow, so it is not offered here.
import { DEFAULT_DATA_BRANCH } from '../baseline/gitBranch/layout.js';
import { GitBranchStore } from '../baseline/gitBranch/gitBranchStore.js';
import type { BaselineLoad } from '../baseline/store.js';
import { runChild } from '../process/index.js';
import { UsageError, type CliContext } from './context.js';
import type { FlagSpec } from './parseArgs.js';

export const BRANCH_STORE_FLAGS = {
  'baseline-store': { type: 'string' },
  'store-remote': { type: 'string' },
  'data-branch': { type: 'string' },
  'baseline-branch': { type: 'string' },
} as const satisfies Record<string, FlagSpec>;

export const BRANCH_STORE_USAGE = `[--baseline-store branch [--store-remote URL (default: origin)] [--data-branch ${DEFAULT_DATA_BRANCH}] [--baseline-branch main]]`;

export interface BranchStoreChoice {
  readonly store: GitBranchStore;
  /** The branch whose runs are the baseline (and to which --save-baseline saves). */
  readonly branch: string;
  readonly remote: string;
}

type Flags = { readonly [K in keyof typeof BRANCH_STORE_FLAGS]?: string };

async function originUrl(ctx: CliContext, command: string): Promise<string> {
  let url = '';
  const exit = await runChild({
    command: 'git',
    args: ['remote', 'get-url', 'origin'],
    cwd: ctx.cwd,
    timeoutMs: 10_000,
    onStdoutLine: (l) => (url ||= l.trim()),
  });
  if (exit.code !== 0 || url === '')
    throw new UsageError(
      `${command}: --baseline-store branch needs --store-remote URL (no git remote "origin" in ${ctx.cwd})`,
    );
  return url;
}

/** The store chosen by the flags, or undefined when --baseline-store is not given. */
export async function branchStoreFrom(
  flags: Flags,
  ctx: CliContext,
  command: string,
): Promise<BranchStoreChoice | undefined> {
  const kind = flags['baseline-store'];
  if (kind === undefined) {
    const stray = (['store-remote', 'data-branch', 'baseline-branch'] as const).find((k) => flags[k] !== undefined);
    if (stray) throw new UsageError(`${command}: --${stray} only applies with --baseline-store branch`);
    return undefined;
  }
  if (kind !== 'branch')
    throw new UsageError(
      `${command}: --baseline-store must be "branch" (the Actions cache is only reachable inside a workflow), got "${kind}"`,
    );
  const remote = flags['store-remote'] ?? (await originUrl(ctx, command));
  return {
    store: new GitBranchStore({ remote, dataBranch: flags['data-branch'] ?? DEFAULT_DATA_BRANCH, env: ctx.env }),
    branch: flags['baseline-branch'] ?? 'main',
    remote,
  };
}

/** Loads the baseline window; its notes go to stderr, an unreadable store is an error (exit 2). */
export async function loadBranchBaselines(
  choice: BranchStoreChoice,
  query: { configHash: string; environmentHash?: string; keep: number },
  ctx: CliContext,
  command: string,
): Promise<BaselineLoad> {
  const load = await choice.store.load({ ...query, branch: choice.branch });
  if (load.unavailable) throw new UsageError(`${command}: ${load.note ?? `cannot read ${choice.remote}`}`);
  for (const p of load.problems) ctx.stderr.write(`${command}: ${p}\n`);
  ctx.stderr.write(
    load.runs.length > 0
      ? `${command}: baseline: ${load.runs.length} run(s) of ${choice.branch} from ${load.source ?? choice.remote}\n`
      : `${command}: no baseline: ${load.note ?? 'no runs stored'}\n`,
  );
  return load;
}
