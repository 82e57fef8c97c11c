import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  mulberry32
} from "./chunk-MASFX264.js";
import {
  configsNeedingMoreSamples
} from "./chunk-SRWI2EM7.js";
import {
  DEFAULT_CONFIRMATION_RUNS,
  compareRuns,
  markdownTable,
  mean,
  median,
  tQuantile,
  twoSidedP,
  variance
} from "./chunk-5SMNJ6R7.js";
import {
  EXIT,
  UsageError,
  parseArgs
} from "./chunk-ZOUG6ZSL.js";
import {
  gateSchema
} from "./chunk-6FFKXIB4.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-RD7UKX3A.js";
import {
  latencySeries
} from "./chunk-JKIUB3YX.js";
import {
  external_exports
} from "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";

// src/cli/evalCommand.ts
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

// src/stats/commonRules.ts
function ratioRule(threshold) {
  return {
    id: `ratio-${Math.round(threshold * 100)}`,
    label: `ratio of means > ${Math.round(threshold * 100)}% (github-action-benchmark)`,
    alarm: (baselineRuns, candidate) => {
      const previous = baselineRuns[baselineRuns.length - 1];
      if (!previous || previous.length === 0 || candidate.length === 0) return false;
      return mean(previous) / mean(candidate) > threshold;
    }
  };
}
function historyTTestRule(boundary = 0.99) {
  return {
    id: "history-t",
    label: `t-test prediction interval on run history, ${boundary} (Bencher)`,
    alarm: (baselineRuns, candidate) => {
      const history = baselineRuns.filter((r) => r.length > 0).map((r) => mean(r));
      const n = history.length;
      if (n < 2 || candidate.length === 0) return false;
      const limit = mean(history) - tQuantile(boundary, n - 1) * Math.sqrt(variance(history)) * Math.sqrt(1 + 1 / n);
      return mean(candidate) < limit;
    }
  };
}
function welchIterationsRule(alpha = 0.05) {
  return {
    id: "welch",
    label: `Welch t-test on iterations, \u03B1=${alpha}`,
    alarm: (baselineRuns, candidate) => {
      const b = baselineRuns.flat();
      if (b.length < 2 || candidate.length < 2) return false;
      const vb = variance(b) / b.length;
      const vc = variance(candidate) / candidate.length;
      const se = Math.sqrt(vb + vc);
      const diff = mean(candidate) - mean(b);
      if (se === 0) return diff < 0;
      const df = (vb + vc) ** 2 / (vb ** 2 / (b.length - 1) + vc ** 2 / (candidate.length - 1));
      return diff < 0 && twoSidedP(diff / se, df) < alpha;
    }
  };
}
var COMMON_RULES = [
  ratioRule(1.05),
  ratioRule(2),
  historyTTestRule(),
  welchIterationsRule()
];

// src/stats/sampleSet.ts
var SAMPLES_FORMAT = "llm-perf-gate.samples";
var TELEMETRY_FLAGS = ["gpu_throttled", "gpu_shared", "host_busy"];
var runSchema = external_exports.object({
  /** Order in which the run was recorded, across all configs of the file. */
  seq: external_exports.int().optional(),
  e2e_ms: external_exports.array(external_exports.number().positive()).min(1),
  ttft_ms: external_exports.array(external_exports.number().positive()).min(1),
  memory_mib: external_exports.number().nonnegative().optional(),
  build_s: external_exports.number().optional(),
  /** Telemetry flags the run's result file carried: replays judge the run as the gate did. */
  flags: external_exports.array(external_exports.enum(TELEMETRY_FLAGS)).optional(),
  /** Median SM clock of the run (MHz), when GPU telemetry recorded one. */
  sm_clock_mhz: external_exports.number().optional()
});
var configSchema = external_exports.object({
  name: external_exports.string().min(1),
  model: external_exports.string(),
  /** Model size label, e.g. "tiny", "124M", "7B": eval reports rates per size. */
  size: external_exports.string(),
  variant: external_exports.string(),
  new_tokens: external_exports.int().min(1),
  batch_size: external_exports.int().min(1),
  prompt_tokens: external_exports.int().min(1),
  runs: external_exports.array(runSchema)
});
var sampleSetSchema = external_exports.object({
  format: external_exports.literal(SAMPLES_FORMAT),
  version: external_exports.literal(1),
  source: external_exports.object({
    machine: external_exports.string(),
    recorded_by: external_exports.string(),
    engine: external_exports.string(),
    protocol: external_exports.string(),
    seconds: external_exports.number().optional(),
    errors: external_exports.array(external_exports.unknown()).default([]),
    notes: external_exports.array(external_exports.string()).default([])
  }),
  configs: external_exports.array(configSchema),
  /** Pairs of configs with a known real change between them. */
  pairs: external_exports.array(external_exports.object({ baseline: external_exports.string(), candidate: external_exports.string(), change: external_exports.string() })).default([])
});
function runToResultDoc(config, run, slowdown = 1) {
  const iterations = run.e2e_ms.map((e, i) => ({
    e2e_ms: e * slowdown,
    ttft_ms: Math.min(e, run.ttft_ms[i] ?? run.ttft_ms[0] ?? e) * slowdown,
    new_tokens: config.new_tokens,
    batch_size: config.batch_size,
    prompt_tokens: config.prompt_tokens
  }));
  const bench = {
    name: config.name,
    engine: "command",
    status: "ok",
    config_hash: "replay",
    workload: {
      batch_size: config.batch_size,
      max_new_tokens: config.new_tokens,
      warmup: 1,
      iterations: iterations.length
    },
    engine_info: {},
    iterations,
    memory: [],
    ...run.flags && run.flags.length > 0 ? {
      telemetry: {
        samples: 0,
        gpu_throttled: run.flags.includes("gpu_throttled"),
        gpu_shared: run.flags.includes("gpu_shared"),
        host_busy: run.flags.includes("host_busy"),
        notes: [`recorded run flagged ${run.flags.join(", ")}`],
        summary: {}
      }
    } : {}
  };
  return {
    format: "llm-perf-gate.result",
    version: 1,
    tool: { name: "llm-perf-gate", version: "replay" },
    run: {
      id: `replay-${run.seq ?? 0}`,
      started_at: "1970-01-01T00:00:00.000Z",
      finished_at: "1970-01-01T00:00:00.000Z"
    },
    config: { path: "replay", hash: "replay", resolved: {} },
    environment: { fields: {}, comparable: [], hash: "replay" },
    benchmarks: [bench]
  };
}

// src/stats/evaluateRules.ts
var OUR_RULE = { id: "ours", label: "llm-perf-gate (between-run t on per-run medians, margin, Holm)" };
var prng = mulberry32;
function pick(n, k, rand) {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k);
}
function runNoiseOf(c) {
  const meds = c.runs.map((r) => Math.log(median(r.e2e_ms)));
  return {
    runNoise: Math.sqrt(variance(meds)),
    iterationNoise: median(c.runs.map((r) => Math.sqrt(variance(r.e2e_ms.map((x) => Math.log(x)))))),
    centre: Math.exp(median(meds))
  };
}
function scoreTrials(scenario, change, trials, options, rules) {
  const alarms = { [OUR_RULE.id]: 0 };
  for (const r of rules) alarms[r.id] = 0;
  const verdicts = {};
  const mdes = [];
  let noMde = 0;
  let usedRuns = 0;
  const tokS = (d) => latencySeries("e2e_tok_s", d.benchmarks[0]?.iterations ?? []);
  for (const t of trials) {
    let used = 1;
    let cmp = compareRuns(t.baselines, t.candidates.slice(0, used), { gate: options.gate });
    while (used < t.candidates.length && configsNeedingMoreSamples(cmp).length > 0) {
      used++;
      cmp = compareRuns(t.baselines, t.candidates.slice(0, used), { gate: options.gate });
    }
    usedRuns += used;
    const m = cmp.configs[0]?.metrics.find((x) => x.metric === "e2e_tok_s");
    const v = m?.verdict ?? "inconclusive";
    verdicts[v] = (verdicts[v] ?? 0) + 1;
    if (v === "regression") alarms[OUR_RULE.id] = (alarms[OUR_RULE.id] ?? 0) + 1;
    if (m?.mde !== void 0) mdes.push(m.mde);
    if (v === "inconclusive" && m?.mde === void 0) noMde++;
    const base = t.baselines.map(tokS);
    const cand = tokS(t.candidates[0]);
    for (const r of rules) if (r.alarm(base, cand)) alarms[r.id] = (alarms[r.id] ?? 0) + 1;
  }
  return {
    scenario,
    change,
    trials: trials.length,
    alarms,
    verdicts,
    medianMde: mdes.length > 0 ? median(mdes) : NaN,
    inconclusiveWithoutMde: noMde,
    meanCandidateRuns: trials.length > 0 ? usedRuns / trials.length : 0
  };
}
function evaluateRules(sets, options) {
  const rules = options.rules ?? COMMON_RULES;
  const configs = [];
  for (const { name: source, set } of sets) {
    const byName = new Map(set.configs.map((c) => [c.name, c]));
    for (const c of set.configs) {
      if (c.runs.length < 3) continue;
      const m = Math.max(1, Math.min(options.maxCandidateRuns, c.runs.length - 2));
      const k = Math.min(options.baselineRuns, c.runs.length - m);
      const rand = prng(options.seed);
      const picks = Array.from({ length: options.trials }, () => pick(c.runs.length, k + m, rand));
      const scenario = (factor) => picks.map((p) => ({
        baselines: p.slice(0, k).map((i) => runToResultDoc(c, c.runs[i])),
        candidates: p.slice(k).map((i) => runToResultDoc(c, c.runs[i], factor))
      }));
      const scenarios = [
        scoreTrials("A/A", 0, scenario(1), options, rules),
        ...options.slowdowns.map(
          (s) => scoreTrials(`slow ${Math.round(s * 100)}%`, s, scenario(1 + s), options, rules)
        )
      ];
      const noise = runNoiseOf(c);
      configs.push({
        source,
        machine: set.source.machine,
        size: c.size,
        config: c.name,
        runs: c.runs.length,
        k,
        runNoise: noise.runNoise,
        iterationNoise: noise.iterationNoise,
        scenarios
      });
    }
    for (const pair of set.pairs) {
      let a = byName.get(pair.baseline);
      let b = byName.get(pair.candidate);
      if (!a || !b || a.runs.length < 2 || b.runs.length < 1) continue;
      let change = pair.change;
      if (runNoiseOf(b).centre < runNoiseOf(a).centre) {
        [a, b] = [b, a];
        change = `${pair.change} (reversed: candidate is the slower side)`;
      }
      const base = a;
      const cand = b;
      const k = Math.min(options.baselineRuns, base.runs.length);
      const rand = prng(options.seed);
      const m = Math.min(options.maxCandidateRuns, cand.runs.length);
      const trials = Array.from({ length: options.trials }, () => {
        const p = pick(base.runs.length, k, rand);
        const q = pick(cand.runs.length, m, rand);
        return {
          baselines: p.map((i) => runToResultDoc(cand, base.runs[i])),
          candidates: q.map((i) => runToResultDoc(cand, cand.runs[i]))
        };
      });
      const trueChange = runNoiseOf(cand).centre / runNoiseOf(base).centre - 1;
      const noise = runNoiseOf(base);
      configs.push({
        source,
        machine: set.source.machine,
        size: base.size,
        config: `${base.name} \u2192 ${cand.name}`,
        runs: base.runs.length + cand.runs.length,
        k,
        runNoise: noise.runNoise,
        iterationNoise: noise.iterationNoise,
        scenarios: [scoreTrials(change, trueChange, trials, options, rules)],
        pair: { baseline: base.name, candidate: cand.name, change }
      });
    }
  }
  return { rules: [OUR_RULE, ...rules.map((r) => ({ id: r.id, label: r.label }))], configs };
}

// src/stats/formatEvaluation.ts
var pct = (x, digits = 1) => Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : "\u2013";
function rate(s, id) {
  return pct((s.alarms[id] ?? 0) / s.trials);
}
function ourBreakdown(s) {
  const v = s.verdicts;
  const parts = ["regression", "inconclusive", "unchanged", "improvement"].filter((k) => (v[k] ?? 0) > 0).map((k) => `${k} ${pct((v[k] ?? 0) / s.trials, 0)}`);
  return `${parts.join(", ")}; median mde ${pct(s.medianMde)}; ${s.meanCandidateRuns.toFixed(1)} candidate runs`;
}
function formatEvaluation(e) {
  const out = [];
  const sizes = [...new Set(e.configs.map((c) => c.size))];
  out.push(
    "Rates on throughput (e2e tok/s). A/A rows: false-alarm rate (lower is better). Other rows: detection rate."
  );
  out.push(`Rules: ${e.rules.map((r) => `${r.id} = ${r.label}`).join("; ")}.`);
  for (const size of sizes) {
    const rows = [];
    const header = [
      "config",
      "runs (K)",
      "noise run / iter",
      "scenario",
      ...e.rules.map((r) => r.id),
      "ours in detail"
    ];
    for (const c of e.configs.filter((x) => x.size === size)) {
      for (const s of c.scenarios) {
        rows.push([
          c.config,
          `${c.runs} (${c.k})`,
          `${pct(c.runNoise)} / ${pct(c.iterationNoise)}`,
          c.pair ? `${s.scenario}: ${s.change >= 0 ? "+" : ""}${pct(s.change)} time` : s.scenario,
          ...e.rules.map((r) => rate(s, r.id)),
          ourBreakdown(s)
        ]);
      }
    }
    out.push("", `### Model size ${size}`, "", markdownTable([header, ...rows], { alignDelimiters: false }));
    const machines = [...new Set(e.configs.filter((x) => x.size === size).map((x) => `${x.source}: ${x.machine}`))];
    out.push("", `Recorded on ${machines.join("; ")}.`);
  }
  return `${out.join("\n")}
`;
}

// src/cli/evalCommand.ts
var EVAL_USAGE = `usage: llm-perf-gate eval --samples DIR|FILE [--trials N] [--baseline-runs K] [--seed S] [--max-candidate-runs M]
         [--correction holm|benjamini-hochberg|bonferroni|none] [--alpha A] [--margin M] [--format markdown|json]`;
function positiveInt(name, value, fallback) {
  if (value === void 0) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`eval: --${name} expects a positive integer, got "${value}"`);
  return n;
}
async function loadSampleSets(target) {
  const info = await stat(target).catch(() => void 0);
  if (!info) throw new UsageError(`eval: --samples ${target} does not exist`);
  const files = info.isDirectory() ? (await readdir(target)).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(target, f)) : [target];
  const sets = [];
  for (const file of files) {
    let raw;
    try {
      raw = JSON.parse(await readFile(file, "utf8"));
    } catch (err) {
      throw new UsageError(`eval: ${file} is not JSON: ${err.message}`);
    }
    if (raw?.format !== SAMPLES_FORMAT) continue;
    const parsed = sampleSetSchema.safeParse(raw);
    if (!parsed.success)
      throw new UsageError(`eval: ${file}: ${parsed.error.issues[0]?.message ?? "invalid sample set"}`);
    sets.push({ name: path.basename(file), set: parsed.data });
  }
  if (sets.length === 0) throw new UsageError(`eval: no "${SAMPLES_FORMAT}" files in ${target}`);
  return sets;
}
var evalCommand = async (args, ctx) => {
  const flags = parseArgs("eval", args, {
    samples: { type: "string", short: "s" },
    trials: { type: "string" },
    "baseline-runs": { type: "string" },
    seed: { type: "string" },
    "max-candidate-runs": { type: "string" },
    correction: { type: "string" },
    alpha: { type: "string" },
    margin: { type: "string" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" }
  });
  if (flags.help) {
    ctx.stdout.write(`${EVAL_USAGE}
`);
    return EXIT.pass;
  }
  if (!flags.samples) throw new UsageError(`eval: --samples is required
${EVAL_USAGE}`);
  const format = flags.format ?? "markdown";
  if (format !== "markdown" && format !== "json") throw new UsageError(`eval: --format must be markdown or json`);
  const gateInput = {};
  if (flags.correction) gateInput["correction"] = flags.correction;
  if (flags.alpha) gateInput["alpha"] = Number(flags.alpha);
  if (flags.margin) gateInput["margin"] = Number(flags.margin);
  const gate = gateSchema.safeParse(gateInput);
  if (!gate.success)
    throw new UsageError(`eval: ${gate.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const sets = await loadSampleSets(path.resolve(ctx.cwd, flags.samples));
  const evaluation = evaluateRules(sets, {
    gate: gate.data,
    baselineRuns: positiveInt("baseline-runs", flags["baseline-runs"], gate.data.baseline_runs),
    trials: positiveInt("trials", flags.trials, 400),
    seed: positiveInt("seed", flags.seed, 1),
    slowdowns: [0.05, 0.1, 0.2],
    maxCandidateRuns: positiveInt("max-candidate-runs", flags["max-candidate-runs"], DEFAULT_CONFIRMATION_RUNS)
  });
  ctx.stdout.write(format === "json" ? `${JSON.stringify(evaluation, null, 2)}
` : formatEvaluation(evaluation));
  return EXIT.pass;
};
export {
  EVAL_USAGE,
  evalCommand
};
