// The last stage of every mode: the report to the job summary and the sticky PR comment, annotations,
// outputs, and the gate's verdict for the step.
import { writeFileAtomically } from '../output/atomicWrite.js';
import { definedFields } from '../util/definedFields.js';
import { stripRunnerPaths, type PathRoot } from '../util/runnerPaths.js';
import { annotationsFor } from '../github/annotations.js';
import type { GitHubClient } from '../github/client.js';
import { fitComment } from '../github/commentBody.js';
import { resolveIdentity } from '../github/identity.js';
import { upsertStickyComment } from '../github/stickyComment.js';
import type { GateEvaluation } from '../report/evaluate.js';
import { oneLine } from '../report/escape.js';
import { overriddenStates } from '../report/headline.js';
import type { FailOn } from '../config/schema.js';
import type { RunEvent } from './event.js';
import type { ActionIO } from './io.js';
import { actionOutputs } from './outputs.js';

export interface PublishContext {
  readonly io: ActionIO;
  readonly event: RunEvent;
  readonly client: GitHubClient | undefined;
  readonly comment: boolean;
  readonly configPath: string;
  readonly marker: string;
  readonly acceptLabel: string;
  readonly failOn: FailOn;
  readonly resultsPath: string;
  readonly reportPath: string;
  /** Runner paths shown relative (the workspace) or by name in the summary and the comment. */
  readonly pathRoots?: readonly PathRoot[];
}

function httpStatus(err: unknown): number | undefined {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

/** Publishes `report` (the evaluation's markdown plus notes) and returns the step's outcome. */
export async function publishOutcome(
  ctx: PublishContext,
  result: GateEvaluation,
  report: string,
): Promise<{ failed: boolean; message?: string }> {
  const { io, event } = ctx;
  const pr = event.pullRequest;
  await writeFileAtomically(ctx.reportPath, report);
  io.info(result.terminal(false));
  // What others read (summary, comment) names no absolute path of this runner.
  const shown = stripRunnerPaths(report, ctx.pathRoots ?? []);
  await io.writeSummary(shown);

  // The sticky comment is best effort: a read-only token must not fail the run.
  if (pr && ctx.comment) {
    if (!ctx.client) io.warning('no github-token: the report is in the job summary only');
    else
      try {
        const identity = await resolveIdentity(ctx.client);
        const body = fitComment(shown, ctx.marker);
        const done = await upsertStickyComment(
          ctx.client,
          { owner: event.owner, repo: event.repo, issueNumber: pr.number, marker: ctx.marker, author: identity.login },
          body,
        );
        io.info(`${done.action} the PR comment ${done.url ?? done.id} as ${identity.login} (${identity.source})`);
      } catch (err) {
        const status = httpStatus(err);
        const why =
          status === 403 || status === 404
            ? `the token may not write comments (HTTP ${status}; pull requests from forks get a read-only token: see the workflow_run pattern in docs/action.md)`
            : `${oneLine((err as Error).message)}`;
        io.warning(`could not post the PR comment: ${why}. The report is in the job summary.`);
      }
  }

  for (const a of annotationsFor(result.comparison, ctx.configPath, result.decision.failed)) {
    const props = definedFields({ title: a.title, file: a.file });
    if (a.level === 'error') io.error(a.message, props);
    else if (a.level === 'warning') io.warning(a.message, props);
    else io.notice(a.message, props);
  }
  for (const [name, value] of Object.entries(
    actionOutputs(result.comparison, result.decision, { results: ctx.resultsPath, report: ctx.reportPath }),
  ))
    io.setOutput(name, value);

  if (result.decision.accepted && result.decision.failing.length > 0)
    io.notice(`the label "${ctx.acceptLabel}" overrode: ${overriddenStates(result.decision)}`);
  if (!result.decision.failed) return { failed: false };
  const lines = result.decision.failing.map((f) => `${ctx.configPath}: ${oneLine(f.name)}: ${oneLine(f.reason)}`);
  return {
    failed: true,
    message:
      `performance gate failed (fail-on: ${ctx.failOn}):\n${lines.join('\n')}\n` +
      `A maintainer can accept this by adding the label "${ctx.acceptLabel}" to the pull request.`,
  };
}
