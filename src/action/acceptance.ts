// The escape hatch: a maintainer-controlled PR label accepts a regression. Labels are read again
// through the API (a re-run keeps the old event payload), falling back to the event's. In a merge
// queue the group's PR is read from its branch name, so a regression accepted on the PR is not
// refused again when the PR reaches the queue.
import type { GitHubClient } from '../github/client.js';
import { readLabels } from '../github/labels.js';
import { oneLine } from '../report/escape.js';
import type { RunEvent } from './event.js';
import type { ActionIO } from './io.js';

export async function acceptedByLabel(
  client: GitHubClient | undefined,
  event: RunEvent,
  label: string,
  io: ActionIO,
): Promise<boolean> {
  const number = event.pullRequest?.number ?? event.mergeGroup?.prNumber;
  if (number === undefined) return false;
  let labels = event.pullRequest?.labels ?? [];
  if (client)
    try {
      labels = await readLabels(client, event.owner, event.repo, number);
    } catch (err) {
      io.warning(`could not read the labels of #${number} (${oneLine((err as Error).message)}); using the event's`);
    }
  return labels.includes(label);
}
