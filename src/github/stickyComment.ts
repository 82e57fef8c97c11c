// Exactly one comment per config file on a pull request: found by its hidden marker among the
// comments written by our own identity (every page), updated in place, created when absent.
import type { GitHubClient } from './client.js';
import { hasMarker } from './commentBody.js';

export interface StickyTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  readonly marker: string;
  /** Login whose comments may be updated; anyone else's comment with the marker is left alone. */
  readonly author: string;
}

export interface StickyResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
  readonly url?: string;
}

export async function findStickyComment(client: GitHubClient, t: StickyTarget): Promise<number | undefined> {
  const author = t.author.toLowerCase();
  for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issueNumber,
    per_page: 100,
  })) {
    const mine = page.data.find((c) => c.user?.login.toLowerCase() === author && hasMarker(c.body, t.marker));
    if (mine) return mine.id;
  }
  return undefined;
}

export async function upsertStickyComment(client: GitHubClient, t: StickyTarget, body: string): Promise<StickyResult> {
  const existing = await findStickyComment(client, t);
  if (existing !== undefined) {
    const { data } = await client.rest.issues.updateComment({
      owner: t.owner,
      repo: t.repo,
      comment_id: existing,
      body,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({
    owner: t.owner,
    repo: t.repo,
    issue_number: t.issueNumber,
    body,
  });
  return { action: 'created', id: data.id, url: data.html_url };
}
