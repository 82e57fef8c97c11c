#!/usr/bin/env node
import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  printReport,
  reportFormat
} from "./chunks/chunk-QDPZKCOF.js";
import {
  TOOL_VERSION,
  runBenchmarks,
  silentProgress
} from "./chunks/chunk-HZQQXKO3.js";
import "./chunks/chunk-SRWI2EM7.js";
import {
  ConfigError,
  evaluate,
  findCrossovers,
  loadConfig,
  renderCrossovers,
  renderStudyTable
} from "./chunks/chunk-W222GVZB.js";
import "./chunks/chunk-5SMNJ6R7.js";
import "./chunks/chunk-YACFOET2.js";
import "./chunks/chunk-JPISD55V.js";
import "./chunks/chunk-4TRCKOUO.js";
import {
  loadRunsMergingShards
} from "./chunks/chunk-R75FAXFV.js";
import {
  EXIT,
  UsageError,
  parseArgs
} from "./chunks/chunk-ZOUG6ZSL.js";
import {
  writeResult
} from "./chunks/chunk-6DDORJZV.js";
import {
  ResultFileError,
  readResult
} from "./chunks/chunk-URWE5DN4.js";
import {
  FAIL_ON,
  gateSchema
} from "./chunks/chunk-6FFKXIB4.js";
import {
  didYouMean
} from "./chunks/chunk-EOCHRCAM.js";
import "./chunks/chunk-RD7UKX3A.js";
import "./chunks/chunk-6X43IM6E.js";
import "./chunks/chunk-JKIUB3YX.js";
import "./chunks/chunk-3RLTGJO7.js";
import "./chunks/chunk-7XMN4UL4.js";

// src/cli/loadResults.ts
import path from "node:path";
async function loadResults(files, cwd) {
  return Promise.all(files.map((f) => readResult(path.resolve(cwd, f), f)));
}
function gateFromResult(doc) {
  const parsed = gateSchema.safeParse(doc.config.resolved.gate ?? {});
  return parsed.success ? parsed.data : gateSchema.parse({});
}

// src/cli/compareCommand.ts
import { writeFile } from "node:fs/promises";
import path2 from "node:path";
var COMPARE_USAGE = `usage: llm-perf-gate compare --baseline A.json [B.json ...] --candidate C.json [D.json ...]
         [--format terminal|markdown|json] [--out report] [--config perf-gate.yml] [--fail-on regression|regression-or-failed|never] [--accepted]`;
var compareCommand = async (args, ctx) => {
  const flags = parseArgs("compare", args, {
    baseline: { type: "list" },
    candidate: { type: "list" },
    format: { type: "string" },
    out: { type: "string" },
    config: { type: "string" },
    "fail-on": { type: "string" },
    accepted: { type: "boolean" },
    mode: { type: "string" }
  });
  if (!flags.baseline) throw new UsageError(`compare: --baseline is required
${COMPARE_USAGE}`);
  if (!flags.candidate) throw new UsageError(`compare: --candidate is required
${COMPARE_USAGE}`);
  const format = reportFormat(flags.format, ctx.isTTY);
  if (flags["fail-on"] && !FAIL_ON.includes(flags["fail-on"]))
    throw new UsageError(`compare: --fail-on must be one of ${FAIL_ON.join(", ")}, got "${flags["fail-on"]}"`);
  if (flags.mode && flags.mode !== "stored-baseline" && flags.mode !== "ab")
    throw new UsageError(`compare: --mode must be stored-baseline or ab, got "${flags.mode}"`);
  const [baselines, candidates] = await Promise.all([
    loadRunsMergingShards(flags.baseline, ctx.cwd, ctx.stderr).then((c) => c.runs),
    loadRunsMergingShards(flags.candidate, ctx.cwd, ctx.stderr).then((c) => c.runs)
  ]);
  const gate = flags.config ? (await loadConfig(flags.config, ctx.cwd)).config.gate : gateFromResult(candidates[0]);
  const effective = flags["fail-on"] ? gateSchema.parse({ ...gate, fail_on: flags["fail-on"] }) : gate;
  const evaluation = evaluate({
    baselines,
    candidates,
    gate: effective,
    ...flags.mode ? { mode: flags.mode } : {},
    accepted: flags.accepted ?? false,
    reproduceCommand: `npx llm-perf-gate compare --baseline ${flags.baseline.join(" ")} --candidate ${flags.candidate.join(" ")}`
  });
  if (flags.out) {
    const body = format === "json" ? JSON.stringify({ comparison: evaluation.comparison, decision: evaluation.decision }, null, 2) : evaluation.markdown;
    await writeFile(path2.resolve(ctx.cwd, flags.out), `${body}
`);
  }
  printReport(ctx, evaluation, format);
  return evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
};

// src/cli/reportCommand.ts
var REPORT_USAGE = `usage: llm-perf-gate report --results R.json [R2.json ...] [--baseline A.json ...]
         [--reference CONFIG] [--format terminal|markdown|json]`;
var reportCommand = async (args, ctx) => {
  const flags = parseArgs("report", args, {
    results: { type: "list" },
    candidate: { type: "list" },
    baseline: { type: "list" },
    reference: { type: "string" },
    format: { type: "string" }
  });
  const files = [...flags.results ?? [], ...flags.candidate ?? []];
  if (files.length === 0) throw new UsageError(`report: --results is required
${REPORT_USAGE}`);
  const format = reportFormat(flags.format, ctx.isTTY);
  const candidates = await loadResults(files, ctx.cwd);
  const baselines = flags.baseline ? await loadResults(flags.baseline, ctx.cwd) : [];
  if (format === "json") {
    const evaluation = evaluate({ baselines, candidates, gate: gateFromResult(candidates[0]) });
    ctx.stdout.write(`${JSON.stringify({ comparison: evaluation.comparison }, null, 2)}
`);
    return EXIT.pass;
  }
  const tableFormat = format === "markdown" ? "markdown" : "terminal";
  for (const doc of candidates) {
    ctx.stdout.write(`${renderStudyTable(doc, flags.reference, tableFormat)}
`);
    const crossovers = findCrossovers(doc);
    if (crossovers.length > 0) ctx.stdout.write(`${renderCrossovers(crossovers, tableFormat)}
`);
  }
  if (baselines.length > 0) {
    const evaluation = evaluate({ baselines, candidates, gate: gateFromResult(candidates[0]) });
    ctx.stdout.write(
      `${format === "markdown" ? evaluation.markdown : evaluation.terminal(ctx.isTTY && !ctx.env.NO_COLOR)}
`
    );
  }
  return EXIT.pass;
};

// src/cli/runCommand.ts
import { writeFile as writeFile2, mkdir } from "node:fs/promises";
import path3 from "node:path";

// src/cli/gitInfo.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
var run = promisify(execFile);
async function gitInfo(cwd, env) {
  if (env.GITHUB_SHA) return { sha: env.GITHUB_SHA, ...env.GITHUB_REF ? { ref: env.GITHUB_REF } : {} };
  try {
    const { stdout } = await run("git", ["rev-parse", "HEAD"], { cwd, timeout: 5e3 });
    const ref = await run("git", ["rev-parse", "--abbrev-ref", "HEAD"], { cwd, timeout: 5e3 }).catch(() => void 0);
    return { sha: stdout.trim(), ...ref ? { ref: ref.stdout.trim() } : {} };
  } catch {
    return void 0;
  }
}

// src/cli/terminalProgress.ts
function terminalProgress(out, isTTY) {
  let current = "";
  let prefix = "";
  const draw = (line) => {
    if (isTTY) out.write(`\r\x1B[2K${line}`);
  };
  const done = (line) => {
    out.write(isTTY ? `\r\x1B[2K${line}
` : `${line}
`);
  };
  return {
    benchmarkStart(index, total, name) {
      current = name;
      prefix = `[${index + 1}/${total}] ${name}`;
      if (isTTY) draw(`${prefix}: starting`);
      else out.write(`${prefix}: starting
`);
    },
    warmup(index, total) {
      draw(`${prefix}: warm-up ${index + 1}/${total}`);
    },
    iteration(index, total, tps) {
      const speed = tps === void 0 ? "" : `, ${tps.toFixed(1)} tok/s so far`;
      if (isTTY) draw(`${prefix}: iteration ${index + 1}/${total}${speed}`);
      else if (index + 1 === total) out.write(`${prefix}: iteration ${index + 1}/${total}${speed}
`);
    },
    benchmarkEnd(name, outcome) {
      done(`${prefix || name}: ${outcome.ok ? "done" : "FAILED"} (${outcome.summary})`);
      current = "";
    },
    note(message) {
      done(current ? `${prefix}: ${message}` : message);
    }
  };
}

// src/cli/runCommand.ts
var RUN_USAGE = `usage: llm-perf-gate run --config perf-gate.yml --out results.json
         [--baseline base1.json [base2.json ...]] [--format terminal|markdown|json] [--report-out report.md]
         [--filter REGEX] [--shard I/N] [--label NAME] [--quiet]`;
function parseShard(value) {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || index < 1 || total < 1 || index > total)
    throw new UsageError(`run: --shard expects I/N with 1 \u2264 I \u2264 N (e.g. 2/3), got "${value}"`);
  return { index, total };
}
function parseFilter(value) {
  try {
    const re = new RegExp(value);
    return (name) => re.test(name);
  } catch (err) {
    throw new UsageError(`run: --filter is not a valid regular expression: ${err.message}`);
  }
}
function shellWord(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
var runCommand = async (args, ctx) => {
  const flags = parseArgs("run", args, {
    config: { type: "string", short: "c" },
    out: { type: "string", short: "o" },
    baseline: { type: "list" },
    format: { type: "string" },
    "report-out": { type: "string" },
    filter: { type: "string" },
    shard: { type: "string" },
    label: { type: "string" },
    quiet: { type: "boolean", short: "q" }
  });
  if (!flags.config) throw new UsageError(`run: --config is required
${RUN_USAGE}`);
  if (!flags.out) throw new UsageError(`run: --out is required
${RUN_USAGE}`);
  const format = reportFormat(flags.format, ctx.isTTY);
  const shard = flags.shard ? parseShard(flags.shard) : void 0;
  const filter = flags.filter ? parseFilter(flags.filter) : void 0;
  const loaded = await loadConfig(flags.config, ctx.cwd);
  const baselines = flags.baseline ? await loadResults(flags.baseline, ctx.cwd) : [];
  const git = await gitInfo(ctx.cwd, ctx.env);
  const doc = await runBenchmarks(loaded, {
    progress: flags.quiet ? silentProgress : terminalProgress(ctx.stderr, ctx.isTTY),
    ...filter ? { filter } : {},
    ...shard ? { shard } : {},
    ...flags.label ? { label: flags.label } : {},
    ...git ? { git } : {},
    ...baselines.length > 0 ? { baselines } : {}
  });
  if (doc.benchmarks.length === 0) {
    throw new UsageError(`run: no benchmark of ${flags.config} matches the --filter/--shard given`);
  }
  const outPath = path3.resolve(ctx.cwd, flags.out);
  await writeResult(outPath, doc);
  if (!flags.quiet) ctx.stderr.write(`results written to ${flags.out}
`);
  const evaluation = evaluate({
    baselines,
    candidates: [doc],
    gate: loaded.config.gate,
    configPath: flags.config,
    reproduceCommand: [
      "npx llm-perf-gate run --config",
      shellWord(flags.config),
      "--out",
      shellWord(flags.out),
      ...flags.filter ? ["--filter", shellWord(flags.filter)] : [],
      ...flags.shard ? ["--shard", shellWord(flags.shard)] : [],
      ...flags.baseline ? ["--baseline", ...flags.baseline.map(shellWord)] : []
    ].join(" ")
  });
  if (flags["report-out"]) {
    const reportPath = path3.resolve(ctx.cwd, flags["report-out"]);
    await mkdir(path3.dirname(reportPath), { recursive: true });
    await writeFile2(reportPath, evaluation.markdown);
  }
  printReport(ctx, evaluation, format);
  return evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
};

// src/cli/main.ts
var HELP = `llm-perf-gate ${TOOL_VERSION}: guard LLM inference performance on every change

usage: llm-perf-gate <command> [options]

commands:
  run        measure the configs of a perf-gate.yml and write a result file
             (with --baseline: compare, print the report, exit by the gate)
  compare    verdicts of candidate runs against baseline runs (exit 0 pass, 1 gate fails)
  report     render result files: study table, and the comparison when baselines are given
  ab         same-runner A/B: base and head interleaved in one job, with an A/A noise check
  merge      merge the result files of sharded runs into one
  eval       replay recorded runs: false-alarm and detection rates of the gate's rule vs common rules
  make-model generate a GPT-2-architecture ONNX decoder with deterministic weights

exit codes: 0 pass, 1 the gate failed, 2 bad usage or input, 3 internal error
run 'llm-perf-gate <command> --help' for a command's options`;
var COMMANDS = {
  run: async () => ({ command: runCommand, usage: RUN_USAGE }),
  compare: async () => ({ command: compareCommand, usage: COMPARE_USAGE }),
  report: async () => ({ command: reportCommand, usage: REPORT_USAGE }),
  eval: async () => {
    const m = await import("./chunks/evalCommand-FR7AFWKT.js");
    return { command: m.evalCommand, usage: m.EVAL_USAGE };
  },
  ab: async () => {
    const m = await import("./chunks/abCommand-3CSVBYMU.js");
    return { command: m.abCommand, usage: m.AB_USAGE };
  },
  merge: async () => {
    const m = await import("./chunks/mergeCommand-XCY5G3LH.js");
    return { command: m.mergeCommand, usage: m.MERGE_USAGE };
  },
  "make-model": async () => {
    const m = await import("./chunks/makeModelCommand-WYXUUG4Z.js");
    return { command: m.makeModelCommand, usage: m.MAKE_MODEL_USAGE };
  },
  // Hidden: the child process of an isolated engine round (src/engines/isolation/).
  "__engine-round": async () => {
    const m = await import("./chunks/engineRoundCommand-J3XOMS6S.js");
    return { command: m.engineRoundCommand, usage: m.ENGINE_ROUND_USAGE };
  },
  "telemetry-probe": async () => {
    const m = await import("./chunks/telemetryProbeCommand-VB3VIC55.js");
    return { command: m.telemetryProbeCommand, usage: m.TELEMETRY_PROBE_USAGE };
  }
};
async function main(argv, ctx) {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    ctx.stdout.write(`${HELP}
`);
    return name ? EXIT.pass : EXIT.badInput;
  }
  if (name === "--version" || name === "-v") {
    ctx.stdout.write(`${TOOL_VERSION}
`);
    return EXIT.pass;
  }
  const load = COMMANDS[name];
  if (!load) {
    const hint = didYouMean(
      name,
      Object.keys(COMMANDS).filter((c) => !c.startsWith("__"))
    );
    ctx.stderr.write(`llm-perf-gate: unknown command "${name}"${hint ? ` (did you mean "${hint}"?)` : ""}
${HELP}
`);
    return EXIT.badInput;
  }
  try {
    const { command, usage } = await load();
    if (rest.includes("--help") || rest.includes("-h")) {
      ctx.stdout.write(`${usage}
`);
      return EXIT.pass;
    }
    return await command(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof ResultFileError) {
      ctx.stderr.write(`llm-perf-gate ${name}: ${err.message}
`);
      return EXIT.badInput;
    }
    ctx.stderr.write(
      `llm-perf-gate ${name}: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}
`
    );
    return EXIT.internal;
  }
}

// src/cli.ts
var code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stderr.isTTY)
});
process.exitCode = code;
