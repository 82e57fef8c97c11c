// Decisions about what this run may do, from the event alone. A fork's code on a self-hosted runner
// can read whatever the machine holds; under pull_request_target it also runs with a write token and
// the base branch's cache scope (it could plant a "newest" baseline for main), on any runner. Both
// are refused unless the workflow allows them.
import type { RunEvent } from './event.js';

export interface SafetyDecision {
  /** Set when the run must stop before executing any benchmark. */
  readonly refuse?: string;
  /** Whether this run may write the stored baseline. */
  readonly mayWriteBaseline: boolean;
  /** The branch whose stored baseline this run compares with. */
  readonly baselineBranch: string;
}

/** Events that benchmark a branch as it is; on a save branch they refresh its baseline. */
const SAVING_EVENTS = new Set(['push', 'schedule', 'workflow_dispatch']);

function saveBranchesOf(event: RunEvent, saveBranches: readonly string[]): readonly string[] {
  if (saveBranches.length > 0) return saveBranches;
  return event.defaultBranch ? [event.defaultBranch] : [];
}

/**
 * The baseline a run compares with: a PR's or merge group's base branch; for other events the
 * branch itself when it is a save branch, otherwise the first save branch (a feature branch's
 * manual run compares with main, which has a baseline, rather than with itself, which has none).
 */
export function baselineBranchFor(event: RunEvent, saveBranches: readonly string[]): string {
  if (event.pullRequest) return event.pullRequest.baseBranch;
  if (event.mergeGroup) return event.mergeGroup.baseBranch;
  const saving = saveBranchesOf(event, saveBranches);
  if (event.branch !== undefined && saving.includes(event.branch)) return event.branch;
  return saving[0] ?? event.branch ?? 'main';
}

function forkRefusal(event: RunEvent, selfHosted: boolean): string | undefined {
  const pr = event.pullRequest;
  if (!pr?.fromFork) return undefined;
  if (event.name === 'pull_request_target')
    return (
      `pull request #${pr.number} comes from a fork and the event is pull_request_target: its code would run with ` +
      "a write token and the base branch's cache. Refused; set the input allow-fork: true only if the runner is " +
      'disposable, holds no secrets, and you accept that the fork can write comments and caches.'
    );
  if (selfHosted)
    return (
      `pull request #${pr.number} comes from a fork; running its code on a self-hosted runner is refused. ` +
      'Set the input allow-fork: true only if the runner is disposable and holds no secrets.'
    );
  return undefined;
}

export function decideSafety(
  event: RunEvent,
  opts: { runnerEnvironment?: string | undefined; allowFork: boolean; saveBranches: readonly string[] },
): SafetyDecision {
  const baselineBranch = baselineBranchFor(event, opts.saveBranches);
  // RUNNER_ENVIRONMENT is "github-hosted" or "self-hosted"; older runners omit it: assume the
  // dangerous case.
  const refuse = opts.allowFork ? undefined : forkRefusal(event, opts.runnerEnvironment !== 'github-hosted');
  if (refuse) return { refuse, mayWriteBaseline: false, baselineBranch };
  const mayWriteBaseline =
    event.pullRequest === undefined &&
    event.mergeGroup === undefined &&
    SAVING_EVENTS.has(event.name) &&
    event.branch !== undefined &&
    saveBranchesOf(event, opts.saveBranches).includes(event.branch);
  return { mayWriteBaseline, baselineBranch };
}
