// Synthetic data branches for the store-size test, the dashboard tests and the screenshots: H
// commits × C configs of history records appended through the store's own shard code (the same
// appendRecords a save calls), plus the newest K raw result files of the series. Records are built
// directly instead of through summarizeCommit, so 10,000 commits take seconds, not a benchmark run
// per commit; their intervals still come from the store's windowInterval over the last K centres.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommitRecord, ConfigSummary } from '../../src/baseline/gitBranch/historySchema.js';
import {
  historyDir,
  runFileName,
  runsDir,
  shardFileName,
  SHARD_LIMITS,
  STORE_META_FILE,
  type SeriesKey,
  type ShardLimits,
} from '../../src/baseline/gitBranch/layout.js';
import { appendRecords, shardText, type ShardBase, type ShardDraft } from '../../src/baseline/gitBranch/shards.js';
import { storeMetaText } from '../../src/baseline/gitBranch/storeMeta.js';
import { round5, windowInterval } from '../../src/baseline/gitBranch/summarizeCommit.js';
import type { ResultDoc } from '../../src/result/schema.js';
import type { VerdictKind } from '../../src/stats/types.js';
import { mulberry32 } from '../../src/util/prng.js';

export interface FixtureConfig {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Throughput (e2e tok/s) at batch 1 before any event. */
  readonly tokS: number;
  readonly memoryMib: number;
}

/** From commit `at` on, a config's throughput (and memory) change by these factors. */
export interface FixtureEvent {
  readonly at: number;
  readonly config: string;
  readonly speed: number;
  readonly memory?: number;
  /** The commit's pull request carried the accept label. */
  readonly accepted?: boolean;
}

export interface FixtureSpec {
  readonly commits: number;
  readonly configs: readonly FixtureConfig[];
  readonly keep: number;
  readonly seed?: number;
  readonly events?: readonly FixtureEvent[];
  /** Relative between-run noise (SD of log throughput); default 0.03. */
  readonly noise?: number;
  readonly limits?: ShardLimits;
  readonly repository?: string;
  readonly key?: SeriesKey;
  readonly machine?: string;
}

export const FIXTURE_KEY: SeriesKey = { configHash: '4f1c2a9b7e3d5c60', branch: 'main', environmentHash: 'e9a1h200' };
const MEMORY_METRIC = 'torch_max_allocated_mib';
const NEW_TOKENS = 100;

function sha(rand: () => number): string {
  let s = '';
  for (let i = 0; i < 40; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

interface Point {
  readonly tokS: number;
  readonly memoryMib: number;
}

function verdictOf(e: FixtureEvent | undefined, rand: () => number): VerdictKind {
  if (e) return e.speed < 1 || (e.memory ?? 1) > 1 ? 'regression' : 'improvement';
  return rand() < 0.04 ? 'inconclusive' : 'unchanged';
}

function summary(c: FixtureConfig, p: Point, window: readonly Point[], verdict: VerdictKind): ConfigSummary {
  const tok = windowInterval(window.map((w) => w.tokS));
  const mem = windowInterval(window.map((w) => w.memoryMib));
  const interval = (ci: [number, number] | undefined) => (ci ? [round5(ci[0]), round5(ci[1])] : [null, null]);
  const ttft = 1000 / p.tokS;
  return {
    name: c.name,
    hash: `b-${c.name.length}`,
    labels: c.labels,
    verdict,
    n: 8,
    runs: 1,
    window: window.length,
    metrics: {
      e2e_tok_s: [round5(p.tokS), ...interval(tok)] as [number, number | null, number | null],
      decode_tok_s: [round5(p.tokS * 1.04), null, null],
      ttft_ms: [round5(ttft * 2), null, null],
      tpot_ms: [round5(ttft), null, null],
      [MEMORY_METRIC]: [round5(p.memoryMib), ...interval(mem)] as [number, number | null, number | null],
    },
  };
}

/** A raw result file whose medians are the point's (8 iterations around it). */
function rawRun(
  spec: FixtureSpec,
  commit: string,
  time: string,
  id: string,
  points: ReadonlyMap<string, Point>,
): ResultDoc {
  return {
    format: 'llm-perf-gate.result',
    version: 1,
    tool: { name: 'llm-perf-gate', version: 'fixture' },
    run: { id, started_at: time, finished_at: time, git: { sha: commit, ref: 'refs/heads/main' } },
    config: { path: 'perf-gate.yml', hash: (spec.key ?? FIXTURE_KEY).configHash, resolved: {} },
    environment: {
      fields: { gpu_name: spec.machine ?? 'NVIDIA H200' },
      comparable: ['gpu_name'],
      hash: (spec.key ?? FIXTURE_KEY).environmentHash,
    },
    benchmarks: spec.configs.map((c) => {
      const p = points.get(c.name)!;
      const e2e = (NEW_TOKENS / p.tokS) * 1000;
      return {
        name: c.name,
        engine: 'transformers' as const,
        status: 'ok' as const,
        config_hash: `b-${c.name.length}`,
        workload: { batch_size: 1, max_new_tokens: NEW_TOKENS, warmup: 1, iterations: 8 },
        labels: { ...c.labels },
        engine_info: {},
        iterations: [0.99, 1.01, 0.995, 1.005, 0.98, 1.02, 1, 1].map((f) => ({
          e2e_ms: e2e * f,
          ttft_ms: (e2e * f) / 50,
          new_tokens: NEW_TOKENS,
          batch_size: 1,
          prompt_tokens: 6,
        })),
        memory: [{ metric: MEMORY_METRIC, value_mib: p.memoryMib, source: 'torch.cuda.max_memory_allocated' }],
      };
    }),
  };
}

/** Every file of the data branch, path → text, for the spec. */
export function generateStoreFiles(spec: FixtureSpec): Map<string, string> {
  const rand = mulberry32(spec.seed ?? 1);
  const key = spec.key ?? FIXTURE_KEY;
  const files = new Map<string, string>([[STORE_META_FILE, storeMetaText(spec.repository)]]);
  const base: ShardBase = {
    format: 'llm-perf-gate.history',
    version: 1,
    config_hash: key.configHash,
    config_path: 'perf-gate.yml',
    branch: key.branch,
    environment: { hash: key.environmentHash, machine: spec.machine ?? 'NVIDIA H200' },
  };
  const level = new Map(spec.configs.map((c) => [c.name, { speed: 1, memory: 1 }]));
  const windows = new Map<string, Point[]>(spec.configs.map((c) => [c.name, []]));
  let newest: ShardDraft | undefined;
  // Shards are serialised once at the end; a save serialises the one it changed.
  const shards = new Map<number, ShardDraft>();
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < spec.commits; i++) {
    const commit = sha(rand);
    const time = new Date(start + i * 3_600_000 * 7).toISOString();
    const events = new Map((spec.events ?? []).filter((e) => e.at === i).map((e) => [e.config, e]));
    const points = new Map<string, Point>();
    const configs = spec.configs.map((c) => {
      const e = events.get(c.name);
      const l = level.get(c.name)!;
      if (e) level.set(c.name, { speed: l.speed * e.speed, memory: l.memory * (e.memory ?? 1) });
      const now = level.get(c.name)!;
      const p = {
        tokS: c.tokS * now.speed * Math.exp((spec.noise ?? 0.03) * gaussian(rand)),
        memoryMib: c.memoryMib * now.memory,
      };
      points.set(c.name, p);
      const w = [p, ...windows.get(c.name)!].slice(0, spec.keep);
      windows.set(c.name, w);
      return summary(c, p, w, i === 0 ? 'new' : verdictOf(e, rand));
    });
    const accepted = [...events.values()].some((e) => e.accepted);
    const record: CommitRecord = { commit, time, run_ids: [`run-${i}`], ...(accepted ? { accepted } : {}), configs };
    for (const d of appendRecords(newest, base, [record], spec.limits ?? SHARD_LIMITS))
      shards.set(d.index, (newest = d));
    if (i >= spec.commits - spec.keep)
      files.set(
        `${runsDir(key)}/${runFileName(time, `run-${i}`)}`,
        `${JSON.stringify(rawRun(spec, commit, time, `run-${i}`, points))}\n`,
      );
  }
  for (const d of shards.values()) files.set(`${historyDir(key)}/${shardFileName(d.index)}`, shardText(d));
  return files;
}

export async function writeStoreFiles(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [p, text] of files) {
    await mkdir(path.dirname(path.join(dir, p)), { recursive: true });
    await writeFile(path.join(dir, p), text);
  }
}

function seedConfig(
  name: string,
  model: string,
  technique: string,
  reference: string,
  tokS: number,
  memoryMib: number,
): FixtureConfig {
  return { name, labels: { model, technique, reference }, tokS, memoryMib };
}

/** The seed study's Table 3 configurations (A100 figures; memory GB as MiB) as fixture configs. */
export const SEED_CONFIGS: readonly FixtureConfig[] = [
  seedConfig('gpt2-fp32', 'GPT-2', 'Baseline (FP32)', 'true', 96.2, 486),
  seedConfig('gpt2-fp16', 'GPT-2', 'FP16', 'gpt2-fp32', 99.6, 248),
  seedConfig('gpt2-int8', 'GPT-2', 'INT8', 'gpt2-fp32', 32.7, 172),
  seedConfig('mistral-7b-fp16', 'Mistral-7B', 'Baseline (FP16)', 'true', 26.7, 13_828),
  seedConfig('mistral-7b-fa2', 'Mistral-7B', 'FlashAttention-2', 'mistral-7b-fp16', 20.4, 13_828),
  seedConfig('mistral-7b-nf4', 'Mistral-7B', '4-bit NF4', 'mistral-7b-fp16', 18.7, 3_815),
];

/** The realistic fixture's story: a regression fixed six commits later, an accepted trade-off, a speed-up. */
export const REALISTIC_EVENTS: readonly FixtureEvent[] = [
  { at: 40, config: 'gpt2-fp16', speed: 0.8 },
  { at: 46, config: 'gpt2-fp16', speed: 1.25 },
  { at: 75, config: 'mistral-7b-nf4', speed: 0.9, memory: 0.85, accepted: true },
  { at: 95, config: 'mistral-7b-fa2', speed: 1.2 },
];

/** `count` configs for the scale fixtures: models × techniques, names like "model-07 int8". */
export function manyConfigs(count: number): FixtureConfig[] {
  const techniques = ['fp32', 'fp16', 'bf16', 'int8', 'nf4', 'fa2', 'sdpa', 'compile', 'int4', 'fp8'];
  return Array.from({ length: count }, (_, i) => {
    const model = `model-${String(Math.floor(i / techniques.length)).padStart(2, '0')}`;
    const technique = techniques[i % techniques.length]!;
    return {
      name: `${model} ${technique}`,
      labels: { model, technique, ...(i % techniques.length === 0 ? { reference: 'true' } : {}) },
      tokS: 20 + ((i * 37) % 180),
      memoryMib: 500 + ((i * 911) % 20_000),
    };
  });
}
