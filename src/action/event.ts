// What triggered this run, read from the runner's environment and the event payload: which branch,
// whether it is a pull request (and from a fork), and the labels on it at the time of the event.
import { readFile } from 'node:fs/promises';

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

export function describeEvent(env: NodeJS.ProcessEnv, payload: Json): RunEvent {
  const repository = obj(payload.repository);
  const [envOwner, envRepo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const owner = str(envOwner) ?? str(obj(repository?.owner)?.login);
  const repo = str(envRepo) ?? str(repository?.name);
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set (expected "owner/repo")');
  const name = env.GITHUB_EVENT_NAME ?? 'unknown';
  const ref = str(env.GITHUB_REF);
  const base = {
    name,
    owner,
    repo,
    sha: str(env.GITHUB_SHA),
    ref,
    defaultBranch: str(repository?.default_branch),
    runId: env.GITHUB_RUN_ID ?? String(Date.now()),
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '1',
  };
  const pr = obj(payload.pull_request);
  if (PR_EVENTS.has(name) && pr) {
    const baseObj = obj(pr.base);
    const headObj = obj(pr.head);
    const baseRepo = str(obj(baseObj?.repo)?.full_name) ?? `${owner}/${repo}`;
    const headRepo = str(obj(headObj?.repo)?.full_name);
    const labels = Array.isArray(pr.labels)
      ? pr.labels.map((l) => str(obj(l)?.name)).filter((l): l is string => l !== undefined)
      : [];
    return {
      ...base,
      branch: str(env.GITHUB_HEAD_REF) ?? str(headObj?.ref),
      pullRequest: {
        number: Number(pr.number ?? payload.number),
        baseBranch: str(env.GITHUB_BASE_REF) ?? str(baseObj?.ref) ?? base.defaultBranch ?? 'main',
        headSha: str(headObj?.sha),
        baseSha: str(baseObj?.sha),
        // A deleted fork has no head repository: treat it as a fork.
        fromFork: headRepo === undefined || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
        labels,
      },
    };
  }
  const branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  return { ...base, branch };
}
