// Decisions about what this run may do, from the event alone: a fork's code on a self-hosted
// runner can read whatever the machine holds, so it is refused unless the workflow allows it.
import type { RunEvent } from './event.js';

export interface SafetyDecision {
  /** Set when the run must stop before executing any benchmark. */
  readonly refuse?: string;
  /** Whether this run may write the stored baseline. */
  readonly mayWriteBaseline: boolean;
}

export function decideSafety(
  event: RunEvent,
  opts: { runnerEnvironment?: string; allowFork: boolean; saveBranches: readonly string[] },
): SafetyDecision {
  const pr = event.pullRequest;
  // RUNNER_ENVIRONMENT is "github-hosted" or "self-hosted"; older runners omit it: assume the
  // dangerous case.
  const selfHosted = opts.runnerEnvironment !== 'github-hosted';
  if (pr?.fromFork && selfHosted && !opts.allowFork)
    return {
      refuse:
        `pull request #${pr.number} comes from a fork; running its code on a self-hosted runner is refused. ` +
        'Set the input allow-fork: true only if the runner is disposable and holds no secrets.',
      mayWriteBaseline: false,
    };
  const branches = opts.saveBranches.length > 0 ? opts.saveBranches : event.defaultBranch ? [event.defaultBranch] : [];
  const mayWriteBaseline =
    pr === undefined && event.name === 'push' && event.branch !== undefined && branches.includes(event.branch);
  return { mayWriteBaseline };
}
