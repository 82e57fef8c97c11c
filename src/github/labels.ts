// The labels on a pull request now (the event payload is frozen at the event: a re-run after a
// maintainer adds the accept label must see it).
import type { GitHubClient } from './client.js';

export async function readLabels(
  client: GitHubClient,
  owner: string,
  repo: string,
  issueNumber: number,
): Promise<string[]> {
  const labels = await client.paginate(client.rest.issues.listLabelsOnIssue, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  return labels.map((l) => l.name);
}
