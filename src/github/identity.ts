// Whose comments are ours: the login behind the token. A user token or PAT can ask GET /user; an
// installation token cannot (403 "Resource not accessible by integration"), but GraphQL's `viewer`
// answers it with the bot login it comments as: github-actions[bot] for the workflow's
// GITHUB_TOKEN, "<app-slug>[bot]" for a GitHub App's token. Only when both fail (an old GHES, say)
// is the GITHUB_TOKEN login assumed.
import type { GitHubClient } from './client.js';

export const GITHUB_ACTIONS_BOT = 'github-actions[bot]';

export interface Identity {
  readonly login: string;
  readonly source: 'GET /user' | 'GraphQL viewer' | 'GITHUB_TOKEN fallback';
}

function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

async function viewerLogin(client: GitHubClient): Promise<string | undefined> {
  try {
    const data = await client.graphql<{ viewer?: { login?: string } }>('query { viewer { login } }');
    return data.viewer?.login || undefined;
  } catch {
    return undefined;
  }
}

export async function resolveIdentity(client: GitHubClient): Promise<Identity> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return { login: data.login, source: 'GET /user' };
  } catch (err) {
    const s = status(err);
    if (s !== 403 && s !== 404 && s !== 401) throw err;
  }
  const login = await viewerLogin(client);
  return login ? { login, source: 'GraphQL viewer' } : { login: GITHUB_ACTIONS_BOT, source: 'GITHUB_TOKEN fallback' };
}
