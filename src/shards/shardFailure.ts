// The placeholder a shard job leaves when it could not produce a result file (its run crashed, timed
// out or was cancelled): small enough to write from a shell step (`if: failure()`), so the report
// job learns that the shard failed instead of merely not finding its file. Pure parsing, no I/O.
import { z } from 'zod';
import { ERROR_KINDS } from '../result/schema.js';

const SHARD_FAILURE_FORMAT = 'llm-perf-gate.shard-failure';

export const shardFailureSchema = z.strictObject({
  format: z.literal(SHARD_FAILURE_FORMAT),
  version: z.literal(1),
  shard: z.strictObject({ index: z.int().min(1), total: z.int().min(1) }),
  /** Why the shard has no results, e.g. "job failed" or the run step's exit code. */
  reason: z.string().min(1).default('the shard job failed before writing its result file'),
  /** Error kind its configs are reported with; `crash` unless the writer knows better. */
  kind: z.enum(ERROR_KINDS).default('crash'),
  /** Hash of the config the shard ran (optional: a shell step may not know it). */
  config_hash: z.string().optional(),
  /** Link to the failed job's log, shown in the report. */
  log_url: z.string().optional(),
});
export type ShardFailure = z.infer<typeof shardFailureSchema>;

/** Whether parsed JSON claims to be a shard-failure placeholder (then it must also be a valid one). */
export function isShardFailure(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === SHARD_FAILURE_FORMAT;
}

/** The placeholder for shard `index` of `total`, as the action or a shell step should write it. */
export function shardFailurePlaceholder(
  shard: { readonly index: number; readonly total: number },
  reason?: string,
  extra: { readonly configHash?: string; readonly logUrl?: string } = {},
): ShardFailure {
  return shardFailureSchema.parse({
    format: SHARD_FAILURE_FORMAT,
    version: 1,
    shard: { index: shard.index, total: shard.total },
    ...(reason ? { reason } : {}),
    ...(extra.configHash ? { config_hash: extra.configHash } : {}),
    ...(extra.logUrl ? { log_url: extra.logUrl } : {}),
  });
}
