// The GitHub REST client: Octokit from @actions/github with retries for 5xx and waits for rate
// limits. The API root comes from GITHUB_API_URL (GHES, tests), never a hard-coded host.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  readonly token: string;
  readonly apiUrl: string;
  /** Where waits and retries are reported (core.warning in the action). */
  readonly warn: (message: string) => void;
  /** Longest rate-limit wait accepted, in seconds; beyond it the request fails (and is reported). */
  readonly maxRateLimitWaitS?: number;
}

export function createGitHubClient(opts: ClientOptions): GitHubClient {
  const maxWait = opts.maxRateLimitWaitS ?? 120;
  const onLimit =
    (kind: string) =>
    (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
      const retrying = retryCount < 2 && retryAfter <= maxWait;
      opts.warn(
        `GitHub API ${kind} rate limit hit on ${options.method} ${options.url}; ` +
          (retrying ? `retrying in ${retryAfter} s` : 'giving up'),
      );
      return retrying;
    };
  return getOctokit(
    opts.token,
    {
      baseUrl: opts.apiUrl.replace(/\/+$/, ''),
      throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
      retry: { retries: 3 },
    },
    retry,
    throttling,
  );
}
