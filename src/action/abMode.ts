// Action mode "ab": the PR's base commit and its head run interleaved on this runner (see src/ab/),
// then the usual report, comment and gate. No stored baseline is read or written.
import path from 'node:path';
import { AbUsageError, runAb, visibleGpuIndex } from '../ab/runAb.js';
import { execGit } from '../ab/gitRunner.js';
import { nvidiaSmiMemoryProbe } from '../ab/deviceMemory.js';
import { processWorkerStarter } from '../ab/workerStarter.js';
import { runnerPathRoots } from '../util/runnerPaths.js';
import type { LoadedConfig } from '../config/loadConfig.js';
import type { GateConfig } from '../config/schema.js';
import type { GitHubClient } from '../github/client.js';
import { commentMarker, COMMENT_LIMIT, markerId } from '../github/commentBody.js';
import { mdText } from '../report/escape.js';
import { acceptedByLabel } from './acceptance.js';
import type { RunEvent } from './event.js';
import { INPUTS } from './inputs.js';
import type { ActionIO } from './io.js';
import type { ActionInputs } from './parseInputs.js';
import { publishOutcome } from './publishOutcome.js';

export interface AbModeContext {
  readonly inputs: ActionInputs;
  readonly event: RunEvent;
  readonly io: ActionIO;
  readonly loaded: LoadedConfig;
  readonly gate: GateConfig;
  readonly workspace: string;
  readonly outDir: string;
  readonly reportPath: string;
  readonly client: GitHubClient | undefined;
}

export async function runAbMode(ctx: AbModeContext): Promise<{ failed: boolean; message?: string }> {
  const { inputs, event, io, loaded } = ctx;
  const baseRef = inputs.baseRef ?? event.pullRequest?.baseSha ?? event.mergeGroup?.baseSha;
  if (!baseRef)
    return {
      failed: true,
      message: `${INPUTS.baseRef}: mode "ab" needs a base to compare with (set it, or run on a pull_request event)`,
    };
  const accepted = await acceptedByLabel(ctx.client, event, inputs.acceptLabel, io);
  let outcome;
  try {
    outcome = await runAb(
      {
        cwd: ctx.workspace,
        config: path.resolve(ctx.workspace, inputs.configPath),
        baseRef,
        workersPerSide: inputs.workers,
        budgetS: inputs.budgetSeconds,
        outDir: ctx.outDir,
        failOn: ctx.gate.fail_on,
        accepted,
        acceptLabel: inputs.acceptLabel,
        marker: markerId(loaded.path),
        maxLength: COMMENT_LIMIT - 1000,
      },
      {
        git: execGit(),
        startWorker: processWorkerStarter(process.env),
        memory: nvidiaSmiMemoryProbe(process.env),
        ...(visibleGpuIndex(process.env) !== undefined ? { gpuIndex: visibleGpuIndex(process.env)! } : {}),
        log: (line) => io.info(line),
      },
    );
  } catch (err) {
    if (err instanceof AbUsageError) return { failed: true, message: err.message };
    throw err;
  }
  const notes = outcome.notes.map((n) => `Note: ${mdText(n)}`).join('\n\n');
  const report = `${outcome.evaluation.markdown.trimEnd()}\n\n${notes}\n`;
  return publishOutcome(
    {
      io,
      event,
      client: ctx.client,
      comment: inputs.comment,
      configPath: loaded.path,
      marker: commentMarker(loaded.path),
      acceptLabel: inputs.acceptLabel,
      failOn: ctx.gate.fail_on,
      resultsPath: outcome.files.comparison,
      reportPath: ctx.reportPath,
      pathRoots: runnerPathRoots(process.env),
    },
    outcome.evaluation,
    report,
  );
}
