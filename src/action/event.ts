// What triggered this run, read from the runner's environment and the event payload: which branch,
// whether it is a pull request (and from a fork), a merge queue's group, and the labels on the PR
// at the time of the event.
import { readFile } from 'node:fs/promises';
import { definedFields } from '../util/definedFields.js';

export interface PullRequestInfo {
  readonly number: number;
  readonly baseBranch: string;
  readonly headSha?: string;
  readonly baseSha?: string;
  /** Head repository differs from the base repository (or was deleted). */
  readonly fromFork: boolean;
  /** Labels at the time of the event (a re-run keeps the old payload: read them again via the API). */
  readonly labels: readonly string[];
}

/** A merge queue's candidate: the queued PR(s) on top of the base branch. */
export interface MergeGroupInfo {
  /** The branch the group merges into (its baseline), e.g. "main". */
  readonly baseBranch: string;
  readonly baseSha?: string;
  readonly headSha?: string;
  /** The PR whose entry this group ends with (parsed from gh-readonly-queue/<base>/pr-<n>-<sha>). */
  readonly prNumber?: number;
}

export interface RunEvent {
  readonly name: string;
  readonly owner: string;
  readonly repo: string;
  readonly sha?: string;
  readonly ref?: string;
  /** The branch a push went to, or the PR's head branch. */
  readonly branch?: string;
  readonly defaultBranch?: string;
  readonly pullRequest?: PullRequestInfo;
  readonly mergeGroup?: MergeGroupInfo;
  readonly runId: string;
  readonly runAttempt: string;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
function branchOf(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);

export async function readEventPayload(env: NodeJS.ProcessEnv): Promise<Json> {
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return {};
  try {
    return obj(JSON.parse(await readFile(file, 'utf8'))) ?? {};
  } catch (err) {
    throw new Error(`cannot read the event payload GITHUB_EVENT_PATH=${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function pullRequestInfo(
  env: NodeJS.ProcessEnv,
  payload: Json,
  pr: Json,
  fallback: { owner: string; repo: string; defaultBranch?: string },
): PullRequestInfo {
  const baseObj = obj(pr.base);
  const headObj = obj(pr.head);
  const baseRepo = str(obj(baseObj?.repo)?.full_name) ?? `${fallback.owner}/${fallback.repo}`;
  const headRepo = str(obj(headObj?.repo)?.full_name);
  const labels = Array.isArray(pr.labels)
    ? pr.labels.map((l) => str(obj(l)?.name)).filter((l): l is string => l !== undefined)
    : [];
  return definedFields({
    number: Number(pr.number ?? payload.number),
    baseBranch: str(env.GITHUB_BASE_REF) ?? str(baseObj?.ref) ?? fallback.defaultBranch ?? 'main',
    headSha: str(headObj?.sha),
    baseSha: str(baseObj?.sha),
    // A deleted fork has no head repository: treat it as a fork.
    fromFork: headRepo === undefined || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
    labels,
  });
}

/** merge_group payloads: { merge_group: { head_ref, head_sha, base_ref, base_sha } }. */
function mergeGroupInfo(group: Json): MergeGroupInfo | undefined {
  const baseBranch = branchOf(str(group.base_ref));
  if (!baseBranch) return undefined;
  const pr = /\/pr-(\d+)-[0-9a-f]+$/.exec(str(group.head_ref) ?? '');
  return definedFields({
    baseBranch,
    baseSha: str(group.base_sha),
    headSha: str(group.head_sha),
    prNumber: pr ? Number(pr[1]) : undefined,
  });
}

export function describeEvent(env: NodeJS.ProcessEnv, payload: Json): RunEvent {
  const repository = obj(payload.repository);
  const [envOwner, envRepo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const owner = str(envOwner) ?? str(obj(repository?.owner)?.login);
  const repo = str(envRepo) ?? str(repository?.name);
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set (expected "owner/repo")');
  const name = env.GITHUB_EVENT_NAME ?? 'unknown';
  const ref = str(env.GITHUB_REF);
  const base = definedFields({
    name,
    owner,
    repo,
    sha: str(env.GITHUB_SHA),
    ref,
    defaultBranch: str(repository?.default_branch),
    runId: env.GITHUB_RUN_ID ?? String(Date.now()),
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
  });
  const pr = obj(payload.pull_request);
  if (PR_EVENTS.has(name) && pr) {
    const headRef = str(obj(pr.head)?.ref);
    return {
      ...base,
      ...definedFields({ branch: str(env.GITHUB_HEAD_REF) ?? headRef }),
      pullRequest: pullRequestInfo(env, payload, pr, base),
    };
  }
  const group = obj(payload.merge_group);
  if (name === 'merge_group' && group) {
    const mergeGroup = mergeGroupInfo(group);
    if (!mergeGroup) throw new Error('merge_group event without merge_group.base_ref (expected "refs/heads/<branch>")');
    return { ...base, ...definedFields({ branch: branchOf(ref) }), mergeGroup };
  }
  return { ...base, ...definedFields({ branch: branchOf(ref) }) };
}
