// The action's side of the git-branch store (docs/history.md): which store to use, whether the
// pushed commit's regressions were accepted on its pull request, publishing the dashboard after a
// save, and the dashboard link for the job summary and the PR comment.
import path from 'node:path';
import { ActionsCacheStore } from '../baseline/actionsCacheStore.js';
import { FileStore } from '../baseline/fileStore.js';
import { branchExists } from '../baseline/gitBranch/dataBranch.js';
import { GitBranchStore } from '../baseline/gitBranch/gitBranchStore.js';
import type { BaselineStore } from '../baseline/store.js';
import { publishDashboard, type PublishResult } from '../dashboard/publishDashboard.js';
import type { GitHubClient } from '../github/client.js';
import { oneLine } from '../report/escape.js';
import type { RunEvent } from './event.js';
import type { ActionIO } from './io.js';
import type { ActionInputs } from './parseInputs.js';

/** The repository's web URL (commit links) and git remote, on github.com or a GHES server. */
export function repositoryUrls(env: NodeJS.ProcessEnv, event: RunEvent): { web: string; remote: string } {
  const web = `${(env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/${event.owner}/${event.repo}`;
  return { web, remote: `${web}.git` };
}

export function createBaselineStore(
  inputs: ActionInputs,
  event: RunEvent,
  workspace: string,
  env: NodeJS.ProcessEnv,
): BaselineStore {
  if (inputs.baselineFile) return new FileStore(path.resolve(workspace, inputs.baselineFile));
  if (inputs.baselineStore === 'branch') {
    const urls = repositoryUrls(env, event);
    return new GitBranchStore({
      remote: urls.remote,
      dataBranch: inputs.dataBranch,
      repository: urls.web,
      ...(inputs.token ? { token: inputs.token } : {}),
      ...(env.RUNNER_TEMP ? { tempRoot: env.RUNNER_TEMP } : {}),
    });
  }
  return new ActionsCacheStore({ workspace, runId: event.runId, runAttempt: event.runAttempt });
}

/**
 * Whether the pushed commit came from a pull request that carried the accept label: its regression
 * then shows as accepted in the history. A failed lookup is a warning and "not accepted".
 */
export async function acceptedOnPush(
  client: GitHubClient | undefined,
  event: RunEvent,
  label: string,
  io: ActionIO,
): Promise<boolean> {
  if (!client || event.name !== 'push' || event.pullRequest || !event.sha) return false;
  try {
    const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: event.owner,
      repo: event.repo,
      commit_sha: event.sha,
      per_page: 20,
    });
    return data.some((pr) => pr.merged_at && pr.labels.some((l) => l.name === label));
  } catch (err) {
    io.warning(
      `could not read the pull request of ${event.sha.slice(0, 7)} (${oneLine((err as Error).message)}); its regressions are recorded as not accepted`,
    );
    return false;
  }
}

/** Where the dashboard is served: the input, else GitHub Pages' address for the site branch. */
export function dashboardUrl(inputs: ActionInputs, event: RunEvent, env: NodeJS.ProcessEnv): string | undefined {
  if (inputs.dashboard.url) return inputs.dashboard.url;
  if (!inputs.dashboard.branch || (env.GITHUB_SERVER_URL && env.GITHUB_SERVER_URL !== 'https://github.com'))
    return undefined;
  const host = `${event.owner.toLowerCase()}.github.io`;
  const site = event.repo.toLowerCase() === host ? '' : `${event.repo}/`;
  return `https://${host}/${site}${inputs.dashboard.dir === '.' ? '' : `${inputs.dashboard.dir}/`}`;
}

/** The link line for the report, when the dashboard is published (or its address was given). */
export async function dashboardLine(
  inputs: ActionInputs,
  event: RunEvent,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const url = dashboardUrl(inputs, event, env);
  if (!url) return undefined;
  if (!inputs.dashboard.url) {
    const { remote } = repositoryUrls(env, event);
    const exists = await branchExists({
      remote,
      branch: inputs.dashboard.branch!,
      ...(inputs.token ? { token: inputs.token } : {}),
    });
    if (!exists) return undefined;
  }
  return `Performance history of every saved commit: [dashboard](${url}).`;
}

/** After a save: the dashboard regenerated from the data branch and pushed to the site branch. */
export function publishAfterSave(
  inputs: ActionInputs,
  event: RunEvent,
  env: NodeJS.ProcessEnv,
): Promise<PublishResult> {
  const urls = repositoryUrls(env, event);
  return publishDashboard({
    remote: urls.remote,
    dataBranch: inputs.dataBranch,
    siteBranch: inputs.dashboard.branch!,
    dir: inputs.dashboard.dir,
    repository: urls.web,
    ...(inputs.token ? { token: inputs.token } : {}),
    ...(env.RUNNER_TEMP ? { tempRoot: env.RUNNER_TEMP } : {}),
  });
}
