// The history shard format (v1). A shard is a small table: its header names the benchmarks (by name
// and settings hash) and the columns, and each saved commit is one line of rows, one row per
// benchmark: [benchmark index, verdict, iterations, runs, window runs, ...metric columns]. Rows, not
// objects, because the history holds every commit forever: 10,000 commits × 50 configs stay near a
// fifth of the bytes the same data takes as objects (see the store-size test). Numbers are rounded to
// five significant digits, what the dashboard shows; the raw samples of the newest K runs stay in runs/.
import { z } from 'zod';
import { MEMORY_METRICS, type MetricName } from '../../metrics.js';
import { VERDICTS, type VerdictKind } from '../../stats/types.js';

export const HISTORY_FORMAT = 'llm-perf-gate.history';
export const HISTORY_VERSION = 1;

/** Columns every row starts with. */
export const ROW_PREFIX = ['config', 'verdict', 'n', 'runs', 'window'] as const;

/** Metrics whose between-run interval is kept (the dashboard draws it); others keep their centre only. */
export const INTERVAL_METRICS: ReadonlySet<MetricName> = new Set<MetricName>(['e2e_tok_s', ...MEMORY_METRICS]);

const cell = z.union([z.number().finite(), z.string(), z.null()]);

export const shardSchema = z.strictObject({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(HISTORY_VERSION),
  config_hash: z.string(),
  config_path: z.string(),
  branch: z.string(),
  environment: z.strictObject({ hash: z.string(), machine: z.string().optional() }),
  /** Row index → benchmark. A benchmark whose settings changed gets a new entry (its numbers are a new series). */
  configs: z.array(
    z.strictObject({
      name: z.string().min(1),
      hash: z.string(),
      labels: z.record(z.string(), z.string()).optional(),
    }),
  ),
  /** ROW_PREFIX, then metric columns: `<metric>` (centre), `<metric>:lo`, `<metric>:hi`. Rows may be shorter (null). */
  columns: z.array(z.string()),
  records: z.array(
    z.strictObject({
      commit: z.string().optional(),
      time: z.iso.datetime(),
      run_ids: z.array(z.string()),
      accepted: z.boolean().optional(),
      rows: z.array(z.array(cell)),
    }),
  ),
});
export type HistoryShard = z.infer<typeof shardSchema>;
export type ShardHeader = Omit<HistoryShard, 'records'>;
export type StoredRecord = HistoryShard['records'][number];

/** [centre, interval low, interval high]; the interval is null where it is not kept or not known. */
export type MetricSummary = readonly [number, number | null, number | null];

/** One benchmark of one commit, as the code uses it (the shard stores it as a row). */
export interface ConfigSummary {
  readonly name: string;
  /** The benchmark's settings hash: a change means the numbers before it measured something else. */
  readonly hash: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Compared with the window before this commit; "new" when there was none, "failed" when it failed. */
  readonly verdict: VerdictKind;
  /** Measured iterations over this commit's runs. */
  readonly n: number;
  /** Runs (processes, adaptive rounds included) of this commit. */
  readonly runs: number;
  /** Runs in the window the interval comes from (this commit's and the newest earlier ones, up to K). */
  readonly window: number;
  readonly metrics: Readonly<Partial<Record<MetricName, MetricSummary>>>;
}

export interface CommitRecord {
  /** The measured commit; absent when the run recorded none. */
  readonly commit?: string;
  /** Start of the commit's first run (ISO 8601). */
  readonly time: string;
  readonly run_ids: readonly string[];
  /** A maintainer accepted this commit's regressions (the label was on its pull request). */
  readonly accepted?: boolean;
  readonly configs: readonly ConfigSummary[];
}

export function isVerdict(v: unknown): v is VerdictKind {
  return typeof v === 'string' && (VERDICTS as readonly string[]).includes(v);
}
