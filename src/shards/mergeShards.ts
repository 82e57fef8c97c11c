// Merges the result files of one sharded run (`run --shard I/N` on N runners) into one result
// document. Pure: parsed documents in, one document out. The files must belong together (same
// config, same commit, same shard total). A shard that is absent or that left a failure placeholder
// is never dropped quietly: each of its configs (recomputed from the recorded config, as
// `run --shard` selected them) enters the merged document as a failed benchmark whose message names
// the shard, so the comparison shows it as `failed` and `fail_on: regression-or-failed` fails.
import { plannedResult } from '../protocol/plannedResult.js';
import { configSchema } from '../config/schema.js';
import { expandBenchmarks, selectShard, type PlannedBenchmark } from '../protocol/expandBenchmarks.js';
import type { BenchmarkError, BenchmarkResult, ResultDoc } from '../result/schema.js';
import { stableHash } from '../util/hash.js';
import type { ShardFailure } from './shardFailure.js';

/** One input file: a shard's result document or its failure placeholder; `source` names it in messages. */
export type ShardInput =
  { readonly source: string; readonly doc: ResultDoc } | { readonly source: string; readonly failure: ShardFailure };

export type ShardState = 'ok' | 'failed' | 'missing';

export interface ShardStatus {
  readonly index: number;
  readonly state: ShardState;
  /** The file it came from (absent for a missing shard). */
  readonly source?: string;
  /** Why it failed or is missing. */
  readonly reason?: string;
  /** Configs that belong to this shard (as recorded, or as `--shard` selects them). */
  readonly configs: readonly string[];
}

export interface MergeOutcome {
  readonly doc: ResultDoc;
  readonly total: number;
  readonly shards: readonly ShardStatus[];
  /** Things worth saying that do not stop the merge (e.g. shards ran on different machines). */
  readonly warnings: readonly string[];
}

export interface MergeOptions {
  /** The shard count the workflow asked for; checked against the files. */
  readonly expectedTotal?: number;
}

/** The files do not belong to one run, or nothing can be merged: a usage error (exit 2). */
export class ShardMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardMergeError';
  }
}

function shardOf(input: ShardInput): { index: number; total: number } | undefined {
  return 'doc' in input ? input.doc.run.shard : input.failure.shard;
}

/** The configs in config order and per shard, recomputed from the recorded config; undefined if unreadable. */
function plannedShards(
  doc: ResultDoc,
  total: number,
): { order: string[]; byShard: Map<number, PlannedBenchmark[]> } | undefined {
  const parsed = configSchema.safeParse(doc.config.resolved);
  if (!parsed.success) return undefined;
  const all = expandBenchmarks(parsed.data);
  return {
    order: all.map((p) => p.name),
    byShard: new Map(Array.from({ length: total }, (_, i) => [i + 1, selectShard(all, { index: i + 1, total })])),
  };
}

function failedResult(plan: PlannedBenchmark, error: BenchmarkError): BenchmarkResult {
  return { ...plannedResult(plan), status: 'failed', error };
}

/** A stand-in when the shard's configs cannot be known: one failed entry named after the shard. */
function shardEntry(index: number, total: number, error: BenchmarkError, configHash: string): BenchmarkResult {
  return {
    name: `(shard ${index}/${total})`,
    engine: 'command',
    status: 'failed',
    error,
    config_hash: configHash,
    workload: { batch_size: 1, max_new_tokens: 1, warmup: 0, iterations: 1 },
    engine_info: {},
    iterations: [],
    memory: [],
  };
}

function same<T>(values: readonly T[]): boolean {
  return values.every((v) => v === values[0]);
}

type DocInput = Extract<ShardInput, { doc: ResultDoc }>;
type FailureInput = Extract<ShardInput, { failure: ShardFailure }>;

/** The inputs checked to be shards of one run: one shard total, one config, one commit, some results. */
function checkShardSet(
  inputs: readonly ShardInput[],
  expectedTotal: number | undefined,
): { total: number; docs: DocInput[]; failures: FailureInput[] } {
  if (inputs.length === 0) throw new ShardMergeError('no shard files to merge');
  const unsharded = inputs.filter((i) => !shardOf(i));
  if (unsharded.length > 0)
    throw new ShardMergeError(
      `not a shard result (it was not run with --shard I/N): ${unsharded.map((i) => i.source).join(', ')}`,
    );

  const totals = [...new Set(inputs.map((i) => shardOf(i)!.total))];
  if (expectedTotal !== undefined && !totals.includes(expectedTotal)) totals.push(expectedTotal);
  if (totals.length > 1)
    throw new ShardMergeError(
      `the shard files disagree on the number of shards (${totals.join(' vs ')}): ${inputs
        .map((i) => `${i.source} is ${shardOf(i)!.index}/${shardOf(i)!.total}`)
        .join(', ')}${expectedTotal !== undefined ? `; expected ${expectedTotal}` : ''}`,
    );
  const total = totals[0]!;

  const docs = inputs.filter((i): i is DocInput => 'doc' in i);
  const failures = inputs.filter((i): i is FailureInput => 'failure' in i);
  if (docs.length === 0)
    throw new ShardMergeError(
      `no shard produced results (${failures.length} of ${total} left a failure placeholder: ${failures
        .map((f) => `shard ${f.failure.shard.index}: ${f.failure.reason}`)
        .join('; ')}); nothing to compare`,
    );

  const hashes = [
    ...new Set([...docs.map((d) => d.doc.config.hash), ...failures.flatMap((f) => f.failure.config_hash ?? [])]),
  ];
  if (hashes.length > 1)
    throw new ShardMergeError(
      `the shard files come from different configs (config hash ${hashes.join(' vs ')}): ${docs
        .map((d) => `${d.source}: ${d.doc.config.hash}`)
        .join(', ')}`,
    );
  const shas = [...new Set(docs.flatMap((d) => d.doc.run.git?.sha ?? []))];
  if (shas.length > 1) throw new ShardMergeError(`the shard files measured different commits (${shas.join(' vs ')})`);
  return { total, docs, failures };
}

/**
 * One input per shard index: the same file twice is harmless; two different runs of a shard are
 * ambiguous; results beat a placeholder (the job may have failed after its results were written).
 */
function oneInputPerShard(inputs: readonly ShardInput[], total: number, warnings: string[]): Map<number, ShardInput> {
  const byIndex = new Map<number, ShardInput>();
  for (const input of inputs) {
    const { index } = shardOf(input)!;
    const prev = byIndex.get(index);
    if (!prev) {
      byIndex.set(index, input);
      continue;
    }
    if ('doc' in prev && 'doc' in input) {
      if (prev.doc.run.id === input.doc.run.id) continue;
      throw new ShardMergeError(
        `shard ${index}/${total} has two different result files (${prev.source} and ${input.source}): keep one`,
      );
    }
    const [kept, dropped] = 'doc' in prev ? [prev, input] : 'doc' in input ? [input, prev] : [prev, input];
    byIndex.set(index, kept);
    warnings.push(`shard ${index}/${total}: using ${kept.source}, ignoring ${dropped.source}`);
  }
  return byIndex;
}

/** One shard's part of the merged document and its line in the shard table. */
interface ShardEntries {
  readonly benchmarks: readonly BenchmarkResult[];
  readonly status: ShardStatus;
}

/** A shard that delivered results: its benchmarks as they are; `failed` when every one of them failed. */
function deliveredShard(input: DocInput, index: number, total: number): ShardEntries {
  const benchmarks = input.doc.benchmarks;
  const allFailed = benchmarks.length > 0 && benchmarks.every((b) => b.status === 'failed');
  return {
    benchmarks,
    status: {
      index,
      state: allFailed ? 'failed' : 'ok',
      source: input.source,
      ...(allFailed ? { reason: `every config of shard ${index}/${total} failed` } : {}),
      configs: benchmarks.map((b) => b.name),
    },
  };
}

/**
 * A shard that left a failure placeholder (`input`) or nothing: each of its planned configs as a
 * failed benchmark naming the shard, or one stand-in entry when its configs are unknown.
 */
function undeliveredShard(
  input: FailureInput | undefined,
  index: number,
  total: number,
  planned: readonly PlannedBenchmark[],
  configHash: string,
): ShardEntries {
  const reason = input
    ? `shard ${index}/${total} failed: ${input.failure.reason}${input.failure.log_url ? ` (log: ${input.failure.log_url})` : ''}`
    : `shard ${index}/${total} is missing: no result file for it was among the merged files (its job failed, was cancelled or did not upload)`;
  const error: BenchmarkError = { kind: input ? input.failure.kind : 'crash', message: reason };
  const benchmarks =
    planned.length > 0 ? planned.map((p) => failedResult(p, error)) : [shardEntry(index, total, error, configHash)];
  return {
    benchmarks,
    status: {
      index,
      state: input ? 'failed' : 'missing',
      ...(input ? { source: input.source } : {}),
      reason,
      configs: benchmarks.map((e) => e.name),
    },
  };
}

/** Every shard's entries in index order; a delivered config already seen in another shard means they were not split from one config. */
function collectShards(
  byIndex: ReadonlyMap<number, ShardInput>,
  total: number,
  plans: ReturnType<typeof plannedShards>,
  configHash: string,
): { benchmarks: BenchmarkResult[]; shards: ShardStatus[] } {
  const seen = new Map<string, number>();
  const benchmarks: BenchmarkResult[] = [];
  const shards: ShardStatus[] = [];
  for (let index = 1; index <= total; index++) {
    const input = byIndex.get(index);
    const entries =
      input && 'doc' in input
        ? deliveredShard(input, index, total)
        : undeliveredShard(input, index, total, plans?.byShard.get(index) ?? [], configHash);
    for (const b of entries.benchmarks) {
      const other = seen.get(b.name);
      if (other !== undefined && input && 'doc' in input)
        throw new ShardMergeError(
          `config "${b.name}" appears in shard ${other} and shard ${index}: the shards were not split from one config`,
        );
      seen.set(b.name, index);
    }
    benchmarks.push(...entries.benchmarks);
    shards.push(entries.status);
  }
  return { benchmarks, shards };
}

/** The config's own order, so a merged run reads like an unsharded one. */
function inConfigOrder(benchmarks: BenchmarkResult[], order: readonly string[]): BenchmarkResult[] {
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return benchmarks.sort((a, b) => rank(a.name) - rank(b.name));
}

/** The merged run's record: the earliest start, the latest finish, a label and git info they share. */
function mergedRun(runs: readonly ResultDoc['run'][]): ResultDoc['run'] {
  const labels = runs.map((r) => r.label);
  const git = runs.find((r) => r.git)?.git;
  return {
    // Deterministic, so merging the same files twice gives the same document.
    id: `merged-${stableHash(runs.map((r) => r.id).sort())}`,
    started_at: runs.map((r) => r.started_at).sort()[0]!,
    finished_at: runs
      .map((r) => r.finished_at)
      .sort()
      .at(-1)!,
    ...(labels[0] !== undefined && same(labels) ? { label: labels[0] } : {}),
    ...(git ? { git: { ...git } } : {}),
  };
}

export function mergeShards(inputs: readonly ShardInput[], options: MergeOptions = {}): MergeOutcome {
  const { total, docs } = checkShardSet(inputs, options.expectedTotal);
  const warnings: string[] = [];
  const byIndex = oneInputPerShard(inputs, total, warnings);

  const first = docs[0]!.doc;
  const plans = plannedShards(first, total);
  if (!plans)
    warnings.push(
      'the recorded config could not be re-read, so the configs of a missing or failed shard are unknown; each such shard is reported as one failed entry',
    );
  const envHashes = new Set(docs.map((d) => d.doc.environment.hash));
  if (envHashes.size > 1)
    warnings.push(
      `the shards ran on ${envHashes.size} differently configured machines; the merged result records the first shard's environment`,
    );

  const { benchmarks, shards } = collectShards(byIndex, total, plans, first.config.hash);
  const doc: ResultDoc = {
    format: first.format,
    version: first.version,
    tool: { ...first.tool },
    run: mergedRun(docs.map((d) => d.doc.run)),
    config: first.config,
    environment: first.environment,
    benchmarks: inConfigOrder(benchmarks, plans?.order ?? []),
  };
  return { doc, total, shards, warnings };
}

/** One line per shard, for logs and the CLI: "shard 2/3: missing — ...". */
export function describeShards(outcome: MergeOutcome): string[] {
  return outcome.shards.map((s) => {
    const what = s.state === 'ok' ? `${s.configs.length} config${s.configs.length === 1 ? '' : 's'}` : s.reason;
    return `shard ${s.index}/${outcome.total}: ${s.state}${s.source ? ` (${s.source})` : ''} — ${what}`;
  });
}
