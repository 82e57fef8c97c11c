// Whose comments are ours: the login behind the token. A user or PAT token can ask GET /user; the
// workflow's GITHUB_TOKEN (an app installation token) cannot (403 "Resource not accessible by
// integration") and an installation token cannot call GET /app either, so it falls back to the
// login that GITHUB_TOKEN comments under.
import type { GitHubClient } from './client.js';

export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export interface Identity {
  readonly login: string;
  readonly source: 'GET /user' | 'GITHUB_TOKEN fallback';
}

export async function resolveIdentity(client: GitHubClient): Promise<Identity> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return { login: data.login, source: 'GET /user' };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 403 || status === 404 || status === 401)
      return { login: GITHUB_ACTIONS_BOT, source: 'GITHUB_TOKEN fallback' };
    throw err;
  }
}
