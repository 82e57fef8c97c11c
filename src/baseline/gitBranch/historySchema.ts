// The history shard format (v1): per-commit summaries of every run saved to a series, one record
// per line so a save's diff is the lines it appended. Numbers are rounded to five significant
// digits (what the dashboard shows); the raw samples of the newest K runs stay in runs/.
import { z } from 'zod';
import { METRICS } from '../../metrics.js';
import { VERDICTS } from '../../stats/types.js';

export const HISTORY_FORMAT = 'llm-perf-gate.history';
export const HISTORY_VERSION = 1;

const num = z.number().finite();

/** [centre, interval low, interval high]; the interval is null with fewer than two runs in the window. */
export const metricSummarySchema = z.tuple([num, num.nullable(), num.nullable()]);
export type MetricSummary = z.infer<typeof metricSummarySchema>;

export const configSummarySchema = z.strictObject({
  name: z.string().min(1),
  /** The benchmark's own settings hash: a change here means the numbers before it measured something else. */
  hash: z.string(),
  status: z.enum(['ok', 'failed']),
  /** Compared with the window before this commit; "new" when there was none. */
  verdict: z.enum(VERDICTS),
  /** Measured iterations over this commit's runs. */
  n: z.int().min(0),
  /** Runs (processes, adaptive rounds included) of this commit. */
  runs: z.int().min(0),
  /** Runs in the window the interval was computed from (this commit's and the newest earlier ones, up to K). */
  window: z.int().min(0),
  metrics: z.partialRecord(z.enum(METRICS), metricSummarySchema),
});
export type ConfigSummary = z.infer<typeof configSummarySchema>;

export const commitRecordSchema = z.strictObject({
  /** The measured commit; absent when the run recorded none. */
  commit: z.string().optional(),
  /** Start of the commit's first run (ISO 8601). */
  time: z.iso.datetime(),
  run_ids: z.array(z.string()),
  /** A maintainer accepted this commit's regressions (the label was on its pull request). */
  accepted: z.boolean().optional(),
  configs: z.array(configSummarySchema),
});
export type CommitRecord = z.infer<typeof commitRecordSchema>;

export const shardSchema = z.strictObject({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_VERSION),
  config_hash: z.string(),
  config_path: z.string(),
  branch: z.string(),
  environment: z.strictObject({ hash: z.string(), machine: z.string().optional() }),
  /** Labels of each benchmark as last saved (model, technique, ...), for the dashboard's filters. */
  labels: z.record(z.string(), z.record(z.string(), z.string())),
  records: z.array(commitRecordSchema),
});
export type HistoryShard = z.infer<typeof shardSchema>;
export type ShardHeader = Omit<HistoryShard, 'records'>;
