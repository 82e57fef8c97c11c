// The save side of the stored baseline: only runs the safety decision allows (pushes, scheduled and
// manual runs on a save branch; never a pull request or a merge group), and never a run with a
// failed benchmark; then, with the git-branch store, the history dashboard is published. Returns
// the report notes (markdown).
import type { BaselineStore } from '../baseline/store.js';
import { mdText } from '../report/escape.js';
import type { ResultDoc } from '../result/schema.js';
import type { ActionDeps } from './deps.js';
import { publishAfterSave } from './history.js';
import type { ActionContext } from './prepare.js';
import { baselineQuery } from './restoreBaseline.js';

export async function saveBaseline(
  ctx: ActionContext,
  deps: Pick<ActionDeps, 'env' | 'io'>,
  store: BaselineStore,
  candidates: readonly ResultDoc[],
  /** The pushed commit's pull request carried the accept label (recorded in the history). */
  accepted: boolean,
): Promise<string[]> {
  const { io } = deps;
  if (!ctx.safety.mayWriteBaseline || ctx.inputs.baselineFile) return [];
  const failedCount = candidates.flatMap((c) => c.benchmarks).filter((b) => b.status === 'failed').length;
  if (failedCount > 0) return [`this run was not saved as a baseline: ${failedCount} benchmark(s) failed`];
  const branch = ctx.event.branch ?? ctx.safety.baselineBranch;
  const saved = await store.save({ ...baselineQuery(ctx), branch }, candidates, { accepted });
  const why = saved.note ?? 'unknown reason';
  io.info(
    saved.saved
      ? `saved this run to the baseline of ${branch} (${saved.kept} run(s) kept, ${saved.target})`
      : `the baseline was not saved: ${why}`,
  );
  const notes = [
    saved.saved
      ? `saved this run to the baseline of \`${mdText(branch)}\` (${saved.kept} run(s) kept)`
      : mdText(`the baseline was not saved: ${why}`),
  ];
  if (saved.saved && ctx.inputs.dashboard.branch) {
    const published = await publishAfterSave(ctx.inputs, ctx.event, deps.env);
    io.info(published.note);
    if (!published.published) notes.push(mdText(published.note));
  }
  return notes;
}
