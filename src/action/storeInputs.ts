// The inputs of the git-branch store and its dashboard (docs/history.md), validated with messages
// that name the input.
import { DEFAULT_DATA_BRANCH } from '../baseline/gitBranch/layout.js';
import { BASELINE_STORES, INPUTS, type BaselineStoreKind } from './inputs.js';
import { InputError, oneOf, raw } from './parseInputs.js';

export const DEFAULT_DASHBOARD_DIR = 'perf';

export interface StoreInputs {
  readonly baselineStore: BaselineStoreKind;
  /** The branch holding baselines and history (baseline-store: branch). */
  readonly dataBranch: string;
  readonly dashboard: {
    /** Publish to this branch on every save; undefined: not published. */
    readonly branch?: string;
    /** Folder in `branch` (no leading slash, no ..); "." is the branch root. */
    readonly dir: string;
    /** Given explicitly; otherwise derived from the repository once the branch exists. */
    readonly url?: string;
  };
}

function hasControl(text: string): boolean {
  return [...text].some((ch) => ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127);
}

/** The rules of `git check-ref-format` that a typo can break, as one test. */
function isBranchName(name: string): boolean {
  return (
    !hasControl(name) &&
    !/[\s~^:?*[\\]/.test(name) &&
    !/\.\.|@\{|\/\/|\/\.|\.lock(\/|$)/.test(name) &&
    !/^[-/.]|[/.]$/.test(name) &&
    name !== '@'
  );
}

function branchInput(env: NodeJS.ProcessEnv, name: (typeof INPUTS)[keyof typeof INPUTS]): string | undefined {
  const v = raw(env, name);
  if (v === '') return undefined;
  if (!isBranchName(v)) throw new InputError(name, `"${v}" is not a valid git branch name`);
  return v;
}

export function parseStoreInputs(env: NodeJS.ProcessEnv, baselineFile: string | undefined): StoreInputs {
  const baselineStore = oneOf(env, INPUTS.baselineStore, BASELINE_STORES) ?? 'cache';
  if (baselineStore === 'branch' && baselineFile)
    throw new InputError(
      INPUTS.baselineStore,
      'cannot be "branch" together with baseline-file (which replaces the store)',
    );
  const dataBranch = branchInput(env, INPUTS.dataBranch) ?? DEFAULT_DATA_BRANCH;
  const branch = branchInput(env, INPUTS.dashboardBranch);
  if (branch !== undefined && baselineStore !== 'branch')
    throw new InputError(
      INPUTS.dashboardBranch,
      'needs baseline-store: branch (the dashboard is drawn from the data branch)',
    );
  const dir = (raw(env, INPUTS.dashboardDir) || DEFAULT_DASHBOARD_DIR).replace(/\/+$/, '') || '.';
  if (dir.startsWith('/') || dir.split('/').includes('..') || dir.includes('\\') || hasControl(dir))
    throw new InputError(
      INPUTS.dashboardDir,
      `expected a folder inside the branch (no leading "/", no ".."), got "${dir}"`,
    );
  const url = raw(env, INPUTS.dashboardUrl);
  if (url !== '' && !/^https?:\/\/[^\s]+$/.test(url))
    throw new InputError(INPUTS.dashboardUrl, `expected an http(s) URL, got "${url}"`);
  return {
    baselineStore,
    dataBranch,
    dashboard: { ...(branch ? { branch } : {}), dir, ...(url ? { url } : {}) },
  };
}
