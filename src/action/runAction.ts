// The action: prepare (inputs, fork policy, config) → restore the baseline → candidates (run here
// or merge earlier results) → save the baseline (save branches only) → compare and publish (job
// summary, sticky PR comment, annotations, outputs) → the gate's outcome. Mode "ab" replaces the
// stored baseline with same-runner runs of the base commit. Only src/index.ts fails the step.
import { runAbMode } from './abMode.js';
import { collectCandidates } from './candidates.js';
import { compareAndPublish } from './compareAndPublish.js';
import { defaultDeps, type ActionDeps, type ActionOutcome } from './deps.js';
import { acceptedOnPush } from './history.js';
import { prepareRun } from './prepare.js';
import { matchEnvironment, restoreBaseline } from './restoreBaseline.js';
import { saveBaseline } from './saveBaseline.js';

/** Runs the action. Never throws for expected failures; returns whether the step must fail. */
export async function run(partial: Partial<ActionDeps> = {}): Promise<ActionOutcome> {
  const deps = { ...defaultDeps(), ...partial };
  const ctx = await prepareRun(deps);
  if ('failed' in ctx) return ctx;
  if (ctx.inputs.mode === 'ab')
    return runAbMode({
      inputs: ctx.inputs,
      event: ctx.event,
      io: deps.io,
      loaded: ctx.loaded,
      gate: ctx.gate,
      workspace: ctx.workspace,
      outDir: ctx.outDir,
      reportPath: ctx.reportPath,
      client: ctx.client(),
    });

  const store = deps.createStore(ctx.inputs, ctx.event, ctx.workspace);
  const loaded = await restoreBaseline(ctx, store);
  const candidates = await collectCandidates(ctx, deps, loaded.runs);
  if ('outcome' in candidates) return candidates.outcome;
  const baseline = await matchEnvironment(ctx, store, loaded, candidates.docs);
  const pushAccepted = await acceptedOnPush(ctx.client(), ctx.event, ctx.inputs.acceptLabel, deps.io);
  const saveNotes = await saveBaseline(ctx, deps, store, candidates.docs, pushAccepted);
  const notes = [...candidates.notes, ...saveNotes];
  return compareAndPublish(ctx, deps, baseline, candidates.docs, notes, pushAccepted);
}
