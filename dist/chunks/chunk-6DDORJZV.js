import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  ResultFileError,
  formatPath,
  parseResult,
  stableHash
} from "./chunk-URWE5DN4.js";
import {
  configSchema
} from "./chunk-6FFKXIB4.js";
import {
  ERROR_KINDS
} from "./chunk-6X43IM6E.js";
import {
  external_exports
} from "./chunk-3RLTGJO7.js";

// src/result/writeResult.ts
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
async function writeResult(file, doc) {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(doc, null, 2)}
`);
  await rename(tmp, file);
}

// src/protocol/plannedResult.ts
function plannedResult(b) {
  const p = b.protocol;
  return {
    name: b.name,
    engine: b.engine,
    status: "ok",
    config_hash: b.configHash,
    workload: {
      batch_size: p.batch_size,
      ...p.prompt_tokens !== void 0 ? { prompt_tokens: p.prompt_tokens } : { prompt: p.prompt },
      max_new_tokens: p.max_new_tokens,
      warmup: p.warmup,
      iterations: p.iterations
    },
    ...b.sweep ? { sweep: { group: b.sweep.group, params: { ...b.sweep.params } } } : {},
    ...b.labels ? { labels: { ...b.labels } } : {},
    engine_info: {},
    iterations: [],
    memory: []
  };
}

// src/protocol/expandBenchmarks.ts
function applyOverrides(base, b) {
  const o = b.protocol ?? {};
  const merged = {
    ...base,
    ...Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== void 0 && k !== "budget")),
    budget: { ...base.budget, ...o.budget ?? {} }
  };
  return merged;
}
function plan(b, name, protocol, sweep) {
  const { budget: _budget, iterations: _iterations, warmup: _warmup, ...workload } = protocol;
  return {
    name,
    engine: b.engine,
    options: b.options,
    protocol,
    ...b.labels ? { labels: b.labels } : {},
    ...sweep ? { sweep } : {},
    configHash: stableHash({ engine: b.engine, options: b.options, workload })
  };
}
function expandBenchmarks(config) {
  const out = [];
  for (const b of config.benchmarks) {
    const protocol = applyOverrides(config.protocol, b);
    if (!b.sweep || !b.sweep.batch_size && !b.sweep.prompt_tokens) {
      out.push(plan(b, b.name, protocol));
      continue;
    }
    const batches = b.sweep.batch_size ?? [protocol.batch_size];
    const prompts = b.sweep.prompt_tokens ?? [protocol.prompt_tokens];
    for (const bs of batches) {
      for (const pt of prompts) {
        const params = {};
        const parts = [];
        if (b.sweep.batch_size) {
          params.batch_size = bs;
          parts.push(`bs=${bs}`);
        }
        if (b.sweep.prompt_tokens && pt !== void 0) {
          params.prompt_tokens = pt;
          parts.push(`prompt=${pt}`);
        }
        const p = { ...protocol, batch_size: bs, ...pt !== void 0 ? { prompt_tokens: pt } : {} };
        out.push(plan(b, `${b.name} [${parts.join(", ")}]`, p, { group: b.name, params }));
      }
    }
  }
  return out;
}
function selectShard(items, shard) {
  return items.filter((_, i) => i % shard.total === shard.index - 1);
}

// src/shards/mergeShards.ts
var ShardMergeError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ShardMergeError";
  }
};
function shardOf(input) {
  return "doc" in input ? input.doc.run.shard : input.failure.shard;
}
function plannedShards(doc, total) {
  const parsed = configSchema.safeParse(doc.config.resolved);
  if (!parsed.success) return void 0;
  const all = expandBenchmarks(parsed.data);
  return {
    order: all.map((p) => p.name),
    byShard: new Map(Array.from({ length: total }, (_, i) => [i + 1, selectShard(all, { index: i + 1, total })]))
  };
}
function failedResult(plan2, error) {
  return { ...plannedResult(plan2), status: "failed", error };
}
function shardEntry(index, total, error, configHash) {
  return {
    name: `(shard ${index}/${total})`,
    engine: "command",
    status: "failed",
    error,
    config_hash: configHash,
    workload: { batch_size: 1, max_new_tokens: 1, warmup: 0, iterations: 1 },
    engine_info: {},
    iterations: [],
    memory: []
  };
}
function same(values) {
  return values.every((v) => v === values[0]);
}
function mergeShards(inputs, options = {}) {
  if (inputs.length === 0) throw new ShardMergeError("no shard files to merge");
  const unsharded = inputs.filter((i) => !shardOf(i));
  if (unsharded.length > 0)
    throw new ShardMergeError(
      `not a shard result (it was not run with --shard I/N): ${unsharded.map((i) => i.source).join(", ")}`
    );
  const totals = [...new Set(inputs.map((i) => shardOf(i).total))];
  if (options.expectedTotal !== void 0 && !totals.includes(options.expectedTotal))
    totals.push(options.expectedTotal);
  if (totals.length > 1)
    throw new ShardMergeError(
      `the shard files disagree on the number of shards (${totals.join(" vs ")}): ${inputs.map((i) => `${i.source} is ${shardOf(i).index}/${shardOf(i).total}`).join(", ")}${options.expectedTotal !== void 0 ? `; expected ${options.expectedTotal}` : ""}`
    );
  const total = totals[0];
  const docs = inputs.filter((i) => "doc" in i);
  const failures = inputs.filter((i) => "failure" in i);
  if (docs.length === 0)
    throw new ShardMergeError(
      `no shard produced results (${failures.length} of ${total} left a failure placeholder: ${failures.map((f) => `shard ${f.failure.shard.index}: ${f.failure.reason}`).join("; ")}); nothing to compare`
    );
  const hashes = [
    .../* @__PURE__ */ new Set([...docs.map((d) => d.doc.config.hash), ...failures.flatMap((f) => f.failure.config_hash ?? [])])
  ];
  if (hashes.length > 1)
    throw new ShardMergeError(
      `the shard files come from different configs (config hash ${hashes.join(" vs ")}): ${docs.map((d) => `${d.source}: ${d.doc.config.hash}`).join(", ")}`
    );
  const shas = [...new Set(docs.flatMap((d) => d.doc.run.git?.sha ?? []))];
  if (shas.length > 1) throw new ShardMergeError(`the shard files measured different commits (${shas.join(" vs ")})`);
  const warnings = [];
  const byIndex = /* @__PURE__ */ new Map();
  for (const input of inputs) {
    const { index } = shardOf(input);
    const prev = byIndex.get(index);
    if (!prev) {
      byIndex.set(index, input);
      continue;
    }
    if ("doc" in prev && "doc" in input) {
      if (prev.doc.run.id === input.doc.run.id) continue;
      throw new ShardMergeError(
        `shard ${index}/${total} has two different result files (${prev.source} and ${input.source}): keep one`
      );
    }
    const [kept, dropped] = "doc" in prev ? [prev, input] : "doc" in input ? [input, prev] : [prev, input];
    byIndex.set(index, kept);
    warnings.push(`shard ${index}/${total}: using ${kept.source}, ignoring ${dropped.source}`);
  }
  const first = docs[0].doc;
  const plans = plannedShards(first, total);
  if (!plans)
    warnings.push(
      "the recorded config could not be re-read, so the configs of a missing or failed shard are unknown; each such shard is reported as one failed entry"
    );
  const envHashes = new Set(docs.map((d) => d.doc.environment.hash));
  if (envHashes.size > 1)
    warnings.push(
      `the shards ran on ${envHashes.size} differently configured machines; the merged result records the first shard's environment`
    );
  const seen = /* @__PURE__ */ new Map();
  const shards = [];
  const benchmarks = [];
  for (let index = 1; index <= total; index++) {
    const input = byIndex.get(index);
    const planned = plans?.byShard.get(index) ?? [];
    if (input && "doc" in input) {
      for (const b of input.doc.benchmarks) {
        const other = seen.get(b.name);
        if (other !== void 0)
          throw new ShardMergeError(
            `config "${b.name}" appears in shard ${other} and shard ${index}: the shards were not split from one config`
          );
        seen.set(b.name, index);
        benchmarks.push(b);
      }
      const allFailed = input.doc.benchmarks.length > 0 && input.doc.benchmarks.every((b) => b.status === "failed");
      shards.push({
        index,
        state: allFailed ? "failed" : "ok",
        source: input.source,
        ...allFailed ? { reason: `every config of shard ${index}/${total} failed` } : {},
        configs: input.doc.benchmarks.map((b) => b.name)
      });
      continue;
    }
    const state = input ? "failed" : "missing";
    const reason = input ? `shard ${index}/${total} failed: ${input.failure.reason}${input.failure.log_url ? ` (log: ${input.failure.log_url})` : ""}` : `shard ${index}/${total} is missing: no result file for it was among the merged files (its job failed, was cancelled or did not upload)`;
    const error = { kind: input ? input.failure.kind : "crash", message: reason };
    const entries = planned.length > 0 ? planned.map((p) => failedResult(p, error)) : [shardEntry(index, total, error, first.config.hash)];
    for (const e of entries) seen.set(e.name, index);
    benchmarks.push(...entries);
    shards.push({
      index,
      state,
      ...input ? { source: input.source } : {},
      reason,
      configs: entries.map((e) => e.name)
    });
  }
  const order = plans?.order ?? [];
  const rank = (name) => {
    const i = order.indexOf(name);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  benchmarks.sort((a, b) => rank(a.name) - rank(b.name));
  const runs = docs.map((d) => d.doc.run);
  const labels = runs.map((r) => r.label);
  const git = runs.find((r) => r.git)?.git;
  const doc = {
    format: first.format,
    version: first.version,
    tool: { ...first.tool },
    run: {
      // Deterministic, so merging the same files twice gives the same document.
      id: `merged-${stableHash(runs.map((r) => r.id).sort())}`,
      started_at: runs.map((r) => r.started_at).sort()[0],
      finished_at: runs.map((r) => r.finished_at).sort().at(-1),
      ...labels[0] !== void 0 && same(labels) ? { label: labels[0] } : {},
      ...git ? { git: { ...git } } : {}
    },
    config: first.config,
    environment: first.environment,
    benchmarks
  };
  return { doc, total, shards, warnings };
}
function describeShards(outcome) {
  return outcome.shards.map((s) => {
    const what = s.state === "ok" ? `${s.configs.length} config${s.configs.length === 1 ? "" : "s"}` : s.reason;
    return `shard ${s.index}/${outcome.total}: ${s.state}${s.source ? ` (${s.source})` : ""} \u2014 ${what}`;
  });
}

// src/shards/combineShardedRuns.ts
function isShardInput(input) {
  return "failure" in input || input.doc.run.shard !== void 0;
}
function combineShardedRuns(inputs, options = {}) {
  const sharded = inputs.filter(isShardInput);
  if (sharded.length === 0) return { runs: inputs.map((i) => i.doc) };
  if (sharded.length < inputs.length)
    throw new ShardMergeError(
      `shard files and unsharded result files given together (${inputs.filter((i) => !isShardInput(i)).map((i) => i.source).join(
        ", "
      )} ${inputs.length - sharded.length === 1 ? "is" : "are"} not shards): pass the shards of one run only`
    );
  const merge = mergeShards(inputs, options);
  return { runs: [merge.doc], merge };
}

// src/shards/readShardInputs.ts
import { readdir, readFile, stat } from "node:fs/promises";
import path2 from "node:path";

// src/shards/shardFailure.ts
var SHARD_FAILURE_FORMAT = "llm-perf-gate.shard-failure";
var shardFailureSchema = external_exports.strictObject({
  format: external_exports.literal(SHARD_FAILURE_FORMAT),
  version: external_exports.literal(1),
  shard: external_exports.strictObject({ index: external_exports.int().min(1), total: external_exports.int().min(1) }),
  /** Why the shard has no results, e.g. "job failed" or the run step's exit code. */
  reason: external_exports.string().min(1).default("the shard job failed before writing its result file"),
  /** Error kind its configs are reported with; `crash` unless the writer knows better. */
  kind: external_exports.enum(ERROR_KINDS).default("crash"),
  /** Hash of the config the shard ran (optional: a shell step may not know it). */
  config_hash: external_exports.string().optional(),
  /** Link to the failed job's log, shown in the report. */
  log_url: external_exports.string().optional()
});
function isShardFailure(data) {
  return typeof data === "object" && data !== null && data.format === SHARD_FAILURE_FORMAT;
}

// src/shards/readShardInputs.ts
function parseShardInput(text, source) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { source, doc: parseResult(text, source) };
  }
  if (!isShardFailure(data)) return { source, doc: parseResult(text, source) };
  const parsed = shardFailureSchema.safeParse(data);
  if (!parsed.success)
    throw new ResultFileError(
      source,
      parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`)
    );
  return { source, failure: parsed.data };
}
async function jsonFilesUnder(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".json")).map((e) => path2.join(e.parentPath, e.name)).sort();
}
async function readShardInputs(files, cwd) {
  const expanded = [];
  for (const f of files) {
    const abs = path2.resolve(cwd, f);
    const info = await stat(abs).catch(() => void 0);
    if (!info) throw new ResultFileError(f, ["file not found"]);
    if (info.isDirectory()) {
      const found = await jsonFilesUnder(abs);
      if (found.length === 0) throw new ResultFileError(f, ["folder holds no .json files"]);
      for (const x of found) expanded.push({ abs: x, display: path2.join(f, path2.relative(abs, x)) });
    } else expanded.push({ abs, display: f });
  }
  return Promise.all(expanded.map(async ({ abs, display }) => parseShardInput(await readFile(abs, "utf8"), display)));
}

export {
  writeResult,
  expandBenchmarks,
  selectShard,
  plannedResult,
  ShardMergeError,
  mergeShards,
  describeShards,
  combineShardedRuns,
  readShardInputs
};
