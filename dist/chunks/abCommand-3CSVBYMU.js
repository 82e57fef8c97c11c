import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  AbRunError,
  AbUsageError,
  MIN_AB_PAIRS,
  execGit,
  processRunExecutor,
  runAb
} from "./chunk-Z6LK4R6J.js";
import {
  printReport,
  reportFormat
} from "./chunk-QDPZKCOF.js";
import "./chunk-W222GVZB.js";
import "./chunk-5SMNJ6R7.js";
import {
  EXIT,
  UsageError,
  parseArgs
} from "./chunk-ZOUG6ZSL.js";
import "./chunk-URWE5DN4.js";
import {
  FAIL_ON
} from "./chunk-6FFKXIB4.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-RD7UKX3A.js";
import "./chunk-6X43IM6E.js";
import "./chunk-JKIUB3YX.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";

// src/cli/abCommand.ts
import path from "node:path";
var AB_USAGE = `usage: llm-perf-gate ab --config perf-gate.yml --base GIT_REF
         [--pairs N (default 3)] [--out-dir DIR (default .perf-gate/ab)] [--format terminal|markdown|json]
         [--filter REGEX] [--fail-on regression|regression-or-failed|never] [--accepted] [--quiet]
  Runs base, head, base, head \u2026 (N pairs, each a separate process) on this machine: the base from a
  temporary git worktree of GIT_REF, the head from the current tree, the same config path in each.
  Writes base-I.json, head-I.json, comparison.json and report.md into --out-dir.`;
var LOADER_FLAGS = /* @__PURE__ */ new Set(["--import", "--loader", "--experimental-loader", "--require", "-r"]);
function selfCommand() {
  const entry = process.argv[1];
  if (!entry) throw new Error("cannot tell how this CLI was started (process.argv[1] is empty)");
  const execArgv = process.execArgv.map((arg, i, all) => {
    if (!LOADER_FLAGS.has(all[i - 1] ?? "") || arg.startsWith(".") || arg.startsWith("/") || arg.includes(":"))
      return arg;
    try {
      return import.meta.resolve(arg);
    } catch {
      return arg;
    }
  });
  return [process.execPath, ...execArgv, path.resolve(entry)];
}
var abCommand = async (args, ctx) => {
  const flags = parseArgs("ab", args, {
    config: { type: "string", short: "c" },
    base: { type: "string" },
    pairs: { type: "string" },
    "out-dir": { type: "string" },
    format: { type: "string" },
    filter: { type: "string" },
    "fail-on": { type: "string" },
    accepted: { type: "boolean" },
    quiet: { type: "boolean", short: "q" }
  });
  if (!flags.config) throw new UsageError(`ab: --config is required
${AB_USAGE}`);
  if (!flags.base) throw new UsageError(`ab: --base is required
${AB_USAGE}`);
  const pairs = flags.pairs === void 0 ? 3 : Number(flags.pairs);
  if (!Number.isInteger(pairs) || pairs < MIN_AB_PAIRS)
    throw new UsageError(
      `ab: --pairs must be an integer \u2265 ${MIN_AB_PAIRS} (a regression needs ${MIN_AB_PAIRS} head runs to be confirmed), got "${flags.pairs}"`
    );
  if (flags["fail-on"] && !FAIL_ON.includes(flags["fail-on"]))
    throw new UsageError(`ab: --fail-on must be one of ${FAIL_ON.join(", ")}, got "${flags["fail-on"]}"`);
  if (flags.filter !== void 0) {
    try {
      new RegExp(flags.filter);
    } catch (err) {
      throw new UsageError(`ab: --filter is not a valid regular expression: ${err.message}`);
    }
  }
  const format = reportFormat(flags.format, ctx.isTTY);
  const outDir = path.resolve(ctx.cwd, flags["out-dir"] ?? ".perf-gate/ab");
  const log = flags.quiet ? void 0 : (line) => ctx.stderr.write(`${line}
`);
  try {
    const outcome = await runAb(
      {
        cwd: ctx.cwd,
        config: flags.config,
        baseRef: flags.base,
        pairs,
        outDir,
        ...flags.filter !== void 0 ? { filter: flags.filter } : {},
        ...flags["fail-on"] ? { failOn: flags["fail-on"] } : {},
        accepted: flags.accepted ?? false
      },
      {
        git: execGit(),
        executor: processRunExecutor({ cli: selfCommand(), env: ctx.env }),
        ...log ? { log } : {}
      }
    );
    if (log) log(`A/B results, comparison.json and report.md written to ${path.relative(ctx.cwd, outDir) || "."}`);
    printReport(ctx, outcome.evaluation, format);
    return outcome.evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
  } catch (err) {
    if (err instanceof AbUsageError || err instanceof AbRunError) throw new UsageError(err.message);
    throw err;
  }
};
export {
  AB_USAGE,
  abCommand,
  selfCommand
};
