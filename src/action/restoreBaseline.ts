// The restore side of the stored baseline: load the baseline branch's newest runs, and once the
// candidate's environment fingerprint is known, prefer runs measured on the same environment.
import { baselineProvenance } from '../baseline/provenance.js';
import type { BaselineLoad, BaselineQuery, BaselineStore } from '../baseline/store.js';
import { mdText } from '../report/escape.js';
import type { ResultDoc } from '../result/schema.js';
import type { BaselineProvenance } from '../stats/types.js';
import type { ActionContext } from './prepare.js';

export interface RestoredBaseline {
  readonly load: BaselineLoad;
  readonly provenance: BaselineProvenance;
  /** Report notes (markdown, escaped). */
  readonly notes: readonly string[];
}

export function baselineQuery(ctx: ActionContext): BaselineQuery {
  return { configHash: ctx.loaded.hash, branch: ctx.safety.baselineBranch, keep: ctx.keep };
}

/** A shard is only part of a run: it is compared once merged (report mode), so it loads nothing. */
export async function restoreBaseline(ctx: ActionContext, store: BaselineStore): Promise<BaselineLoad> {
  if (ctx.inputs.shard) return { runs: [], problems: [] };
  return store.load(baselineQuery(ctx));
}

/**
 * When the newest stored runs come from another environment, looks for runs of the candidate's own
 * fingerprint; failing that, keeps them and says which policy applies.
 */
export async function matchEnvironment(
  ctx: ActionContext,
  store: BaselineStore,
  loaded: BaselineLoad,
  candidates: readonly ResultDoc[],
): Promise<RestoredBaseline> {
  const candidateEnv = candidates[0]?.environment.hash;
  const fromElsewhere =
    candidateEnv !== undefined &&
    loaded.runs.length > 0 &&
    loaded.runs.every((r) => r.environment.hash !== candidateEnv);
  if (!fromElsewhere) return { load: loaded, provenance: baselineProvenance(store.kind, loaded), notes: [] };
  const again = await store.load({ ...baselineQuery(ctx), environmentHash: candidateEnv });
  if (again.runs.some((r) => r.environment.hash === candidateEnv))
    return { load: again, provenance: baselineProvenance(store.kind, again), notes: [] };
  const policy = ctx.gate.fingerprint_mismatch;
  const why =
    `the stored baseline was measured on another environment (fingerprint ${loaded.runs[0]?.environment.hash}, ` +
    `this run ${candidateEnv}); policy "${policy}" applies`;
  return {
    load: loaded,
    provenance: baselineProvenance(store.kind, loaded, policy === 'refuse' ? why : undefined),
    notes: [mdText(why)],
  };
}
