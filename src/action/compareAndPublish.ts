// Stored-baseline mode's last stage: compare the candidates with the baseline, then publish the
// report (summary, sticky comment, annotations, outputs) and the gate's outcome.
import { COMMENT_LIMIT, commentMarker, markerId } from '../github/commentBody.js';
import { mdText } from '../report/escape.js';
import type { ResultDoc } from '../result/schema.js';
import { acceptedByLabel } from './acceptance.js';
import type { ActionDeps, ActionOutcome } from './deps.js';
import { dashboardLine } from './history.js';
import type { ActionContext } from './prepare.js';
import { publishOutcome } from './publishOutcome.js';
import type { RestoredBaseline } from './restoreBaseline.js';
import { runnerPathRoots } from '../util/runnerPaths.js';

/** The baseline paragraph of the report; `extra` lines are markdown already (escaped where built). */
function baselineNotes(ctx: ActionContext, baseline: RestoredBaseline, extra: readonly string[]): string[] {
  const { load, provenance } = baseline;
  const branch = mdText(ctx.safety.baselineBranch);
  const lines: string[] = [];
  if (load.runs.length > 0)
    lines.push(
      // Result files, not runs: a result file can hold several runs (adaptive rounds) of a config.
      `Baseline: ${load.runs.length} result file${load.runs.length === 1 ? '' : 's'} of \`${branch}\` from ${mdText(load.source ?? provenance.store)}.`,
    );
  else if (provenance.status === 'unavailable')
    lines.push(
      `No baseline could be read for \`${branch}\` (${mdText(provenance.reason ?? 'the store is unavailable')}): every benchmark is reported as **new**.`,
    );
  else
    lines.push(
      `No baseline yet for \`${branch}\`${provenance.reason ? ` (${mdText(provenance.reason)})` : ''}: every benchmark is reported as **new** (the headline says whether the gate passes).`,
    );
  for (const p of load.problems) lines.push(`Note: ${mdText(p)}`);
  for (const p of [...baseline.notes, ...extra]) lines.push(`Note: ${p}`);
  return lines;
}

export async function compareAndPublish(
  ctx: ActionContext,
  deps: ActionDeps,
  baseline: RestoredBaseline,
  candidates: readonly ResultDoc[],
  notes: readonly string[],
  /** A push whose pull request carried the accept label: its regression is accepted here too. */
  pushAccepted: boolean,
): Promise<ActionOutcome> {
  const { inputs, loaded } = ctx;
  const { io } = deps;
  const client = ctx.client();
  const accepted = pushAccepted || (await acceptedByLabel(client, ctx.event, inputs.acceptLabel, io));
  const history = await dashboardLine(inputs, ctx.event, deps.env);
  const footer = [...baselineNotes(ctx, baseline, notes), ...(history ? [history] : [])].join('\n\n');
  const result = deps.pipeline.evaluate({
    baselines: baseline.load.runs,
    candidates,
    gate: ctx.gate,
    mode: 'stored-baseline',
    baseline: baseline.provenance,
    // A run that saves the baseline has none to expect the first time: only failures fail it.
    baselineOptional: ctx.safety.mayWriteBaseline,
    accepted,
    acceptLabel: inputs.acceptLabel,
    reproduceCommand: `npx llm-perf-gate run --config ${loaded.path}`,
    configPath: loaded.path,
    marker: markerId(loaded.path),
    // The renderer cuts details itself (keeping the summary); leave room for the baseline notes.
    maxLength: COMMENT_LIMIT - footer.length - 500,
  });
  const report = `${result.markdown.trimEnd()}\n\n${footer}\n`;
  return publishOutcome(
    {
      io,
      event: ctx.event,
      client,
      comment: inputs.comment,
      configPath: loaded.path,
      marker: commentMarker(loaded.path),
      acceptLabel: inputs.acceptLabel,
      failOn: ctx.gate.fail_on,
      resultsPath: ctx.resultsPath,
      reportPath: ctx.reportPath,
      pathRoots: runnerPathRoots(deps.env),
    },
    result,
    report,
  );
}
