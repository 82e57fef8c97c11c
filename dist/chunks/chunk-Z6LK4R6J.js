import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  ConfigError,
  DEFAULT_MAX_LENGTH,
  VERDICT_ICON,
  decideAndRender,
  formatChange,
  formatPercent,
  loadConfig,
  mdText
} from "./chunk-W222GVZB.js";
import {
  DEFAULT_CONFIRMATION_RUNS,
  compareRuns,
  markdownTable,
  median
} from "./chunk-5SMNJ6R7.js";
import {
  readResult
} from "./chunk-URWE5DN4.js";
import {
  gateSchema
} from "./chunk-6FFKXIB4.js";
import {
  latencySeries
} from "./chunk-JKIUB3YX.js";

// src/ab/gitRunner.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
var execFileP = promisify(execFile);
var GitError = class extends Error {
  constructor(message, stderr) {
    super(message);
    this.stderr = stderr;
    this.name = "GitError";
  }
  stderr;
};
function execGit(options = {}) {
  return {
    async run(args, cwd) {
      try {
        const { stdout } = await execFileP("git", [...args], {
          cwd,
          timeout: options.timeoutMs ?? 12e4,
          maxBuffer: 16 * 1024 * 1024
        });
        return stdout;
      } catch (err) {
        const e = err;
        const stderr = (e.stderr ?? "").trim();
        throw new GitError(`git ${args.join(" ")} failed: ${stderr || e.message}`, stderr);
      }
    }
  };
}

// src/ab/runAb.ts
import { access, copyFile, mkdir, realpath, writeFile } from "node:fs/promises";
import path2 from "node:path";

// src/ab/baseWorktree.ts
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
async function resolveCommits(git, cwd, baseRef) {
  const repoRoot = (await git.run(["rev-parse", "--show-toplevel"], cwd)).trim();
  const headSha = (await git.run(["rev-parse", "--verify", "HEAD^{commit}"], repoRoot)).trim();
  let baseSha;
  try {
    baseSha = (await git.run(["rev-parse", "--verify", "--end-of-options", `${baseRef}^{commit}`], repoRoot)).trim();
  } catch (err) {
    throw new GitError(
      `base ref "${baseRef}" is not a commit in this clone (on GitHub Actions use actions/checkout with fetch-depth: 0, or git fetch the base first)`,
      err instanceof GitError ? err.stderr : String(err)
    );
  }
  return { repoRoot, baseSha, headSha };
}
async function withBaseWorktree(git, repoRoot, sha, use, tempRoot = os.tmpdir()) {
  const holder = await mkdtemp(path.join(tempRoot, "llm-perf-gate-base-"));
  const tree = path.join(holder, "tree");
  try {
    await git.run(["worktree", "add", "--detach", "--force", tree, sha], repoRoot);
    return await use(tree);
  } finally {
    await git.run(["worktree", "remove", "--force", tree], repoRoot).catch(() => void 0);
    await rm(holder, { recursive: true, force: true });
    await git.run(["worktree", "prune"], repoRoot).catch(() => void 0);
  }
}

// src/ab/aaCheck.ts
var NOISE_FLOOR_METRIC = "e2e_tok_s";
function interleavedHalves(runs) {
  return [runs.filter((_, i) => i % 2 === 0), runs.filter((_, i) => i % 2 === 1)];
}
function sd(xs) {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}
function aaCheck(baseRuns, gate) {
  const [a, b] = interleavedHalves(baseRuns);
  const halves = [a.map((d) => d.run.label ?? d.run.id), b.map((d) => d.run.label ?? d.run.id)];
  const names = [...new Set(baseRuns.flatMap((d) => d.benchmarks.map((x) => x.name)))];
  const comparison = b.length > 0 ? compareRuns(a, b, { gate, mode: "ab" }) : void 0;
  const configs = names.map((name) => {
    const logMedians = baseRuns.flatMap((d) => d.benchmarks.filter((x) => x.name === name && x.status === "ok")).map((x) => latencySeries(NOISE_FLOOR_METRIC, x.iterations)).filter((s) => s.length > 0).map((s) => Math.log(median(s)));
    const spread = logMedians.length >= 2 ? sd(logMedians) : void 0;
    const metric = comparison?.configs.find((c) => c.name === name)?.metrics.find((m) => m.metric === NOISE_FLOOR_METRIC);
    return {
      name,
      runs: logMedians.length,
      ...spread !== void 0 ? { noiseFloor: Math.exp(spread) - 1, logSd: spread } : {},
      ...metric?.change !== void 0 ? { change: metric.change } : {},
      ...metric?.ci ? { ci: metric.ci } : {},
      ...metric ? { verdict: metric.verdict, method: metric.method } : {}
    };
  });
  const alarms = (comparison?.configs ?? []).filter((c) => c.verdict === "regression" || c.verdict === "improvement").map((c) => c.name);
  return { halves, configs, alarms, ...comparison ? { comparison } : {} };
}
function noiseFloorOf(aa) {
  return Object.fromEntries(aa.configs.flatMap((c) => c.noiseFloor !== void 0 ? [[c.name, c.noiseFloor]] : []));
}
function logNoiseOf(aa) {
  return Object.fromEntries(aa.configs.flatMap((c) => c.logSd !== void 0 ? [[c.name, c.logSd]] : []));
}

// src/ab/renderAaSection.ts
var plainPercent = (v) => `\xB1${formatPercent(v).replace(/^[+-]/, "")}`;
function renderAaMarkdown(aa, notes = []) {
  const lines = [];
  const [a, b] = aa.halves;
  if (b.length === 0) {
    lines.push("Only one base run: the A/A check needs at least two (use `--pairs 3` or more).");
  } else {
    lines.push(
      `Base runs ${a.map(mdText).join(", ")} against ${b.map(mdText).join(", ")}: the same code on both halves, so their difference is this runner's own noise.`,
      ""
    );
    if (aa.alarms.length > 0)
      lines.push(
        `\u26A0\uFE0F **The A/A check raised a false alarm** for ${aa.alarms.map(mdText).join(", ")}: this runner is noisier than the statistics assume here; read the A/B verdicts with care.`,
        ""
      );
    const rows = aa.configs.map((c) => [
      mdText(c.name),
      c.noiseFloor === void 0 ? "\u2014" : plainPercent(c.noiseFloor),
      String(c.runs),
      c.change === void 0 ? "\u2014" : formatChange(c.change, c.ci),
      c.verdict === void 0 ? "\u2014" : `${VERDICT_ICON[c.verdict]} ${c.verdict}`
    ]);
    lines.push(
      markdownTable(
        [["Configuration", "Noise floor (between base runs)", "Base runs", "A/A change [CI]", "A/A verdict"], ...rows],
        {
          align: ["l", "r", "r", "r", "l"],
          alignDelimiters: false
        }
      ),
      "",
      "Noise floor: spread (SD) of the per-run median throughput between base runs, relative."
    );
  }
  for (const n of notes) lines.push("", mdText(n));
  return `<details><summary>A/A check: base against base (this job's noise floor)</summary>

${lines.join("\n")}

</details>`;
}
function renderAaText(aa, notes = []) {
  const out = ["A/A check (base against base):"];
  if (aa.halves[1].length === 0) out.push("  only one base run: not measured");
  for (const c of aa.configs)
    out.push(
      `  ${c.name}: noise floor ${c.noiseFloor === void 0 ? "\u2014" : plainPercent(c.noiseFloor)} over ${c.runs} base runs; A/A ${c.change === void 0 ? "\u2014" : formatChange(c.change, c.ci)} ${c.verdict ?? ""}`.trimEnd()
    );
  if (aa.alarms.length > 0) out.push(`  warning: false alarm on unchanged code for ${aa.alarms.join(", ")}`);
  for (const n of notes) out.push(`  ${n}`);
  return out.join("\n");
}

// src/ab/evaluateAb.ts
function evaluateAb(input) {
  if (input.baseRuns.length !== input.headRuns.length)
    throw new Error(`A/B needs as many base runs as head runs (${input.baseRuns.length} vs ${input.headRuns.length})`);
  const aa = aaCheck(input.baseRuns, input.gate);
  const floor = noiseFloorOf(aa);
  const raw = compareRuns(input.baseRuns, input.headRuns, { gate: input.gate, mode: "ab", noiseFloor: logNoiseOf(aa) });
  const comparison = { ...raw, ...Object.keys(floor).length > 0 ? { noiseFloor: floor } : {} };
  const section = renderAaMarkdown(aa, input.notes);
  const maxLength = input.maxLength ?? DEFAULT_MAX_LENGTH;
  const main = decideAndRender(comparison, input.baseRuns, input.headRuns, {
    ...input,
    maxLength: Math.max(1e3, maxLength - section.length - 2)
  });
  const markdown = main.markdown.length + section.length + 2 <= maxLength ? `${main.markdown}

${section}` : main.markdown;
  return {
    ...main,
    markdown,
    terminal: (color) => `${main.terminal(color)}

${renderAaText(aa, input.notes)}`,
    aa
  };
}

// src/ab/runAb.ts
var AbUsageError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "AbUsageError";
  }
};
var exists = (p) => access(p).then(
  () => true,
  () => false
);
async function prepareBaseConfig(tree, rel, headConfig) {
  const target = path2.join(tree, rel);
  if (await exists(target)) {
    try {
      await loadConfig(target);
      return { source: "base" };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      await copyFile(headConfig, target);
      return {
        source: "head",
        note: `The base commit's ${rel} is not valid for this version of llm-perf-gate, so the base ran the head's ${rel}, with its paths resolved in the base tree.`
      };
    }
  }
  await mkdir(path2.dirname(target), { recursive: true });
  await copyFile(headConfig, target);
  return {
    source: "head",
    note: `The base commit has no ${rel}, so the base ran the head's ${rel}, with its paths resolved in the base tree.`
  };
}
function effectiveGate(gate, failOn) {
  return failOn ? gateSchema.parse({ ...gate, fail_on: failOn }) : gate;
}
var MIN_AB_PAIRS = DEFAULT_CONFIRMATION_RUNS;
async function runAb(options, deps) {
  if (!Number.isInteger(options.pairs) || options.pairs < MIN_AB_PAIRS)
    throw new AbUsageError(
      `--pairs must be an integer \u2265 ${MIN_AB_PAIRS} (a regression needs ${MIN_AB_PAIRS} head runs to be confirmed), got ${options.pairs}`
    );
  const log = deps.log ?? (() => void 0);
  const commits = await resolveCommits(deps.git, options.cwd, options.baseRef).catch((err) => {
    throw new AbUsageError(err instanceof Error ? err.message : String(err));
  });
  const headLoaded = await loadConfig(options.config, options.cwd);
  const headConfig = await realpath(headLoaded.absPath);
  const rel = path2.relative(await realpath(commits.repoRoot), headConfig);
  if (rel.startsWith("..") || path2.isAbsolute(rel))
    throw new AbUsageError(`the config ${options.config} lies outside the repository ${commits.repoRoot}`);
  const gate = effectiveGate(headLoaded.config.gate, options.failOn);
  await mkdir(options.outDir, { recursive: true });
  const baseRuns = [];
  const headRuns = [];
  const files = [];
  const notes = [];
  let configSource = "base";
  log(
    `A/B: base ${options.baseRef} (${commits.baseSha.slice(0, 12)}) vs head ${commits.headSha.slice(0, 12)}, ${options.pairs} pairs`
  );
  await withBaseWorktree(
    deps.git,
    commits.repoRoot,
    commits.baseSha,
    async (tree) => {
      const prepared = await prepareBaseConfig(tree, rel, headConfig);
      configSource = prepared.source;
      if (prepared.note) {
        notes.push(prepared.note);
        log(prepared.note);
      }
      const roots = { base: tree, head: commits.repoRoot };
      const shas = { base: commits.baseSha, head: commits.headSha };
      for (let pair = 1; pair <= options.pairs; pair++) {
        for (const side of ["base", "head"]) {
          const label = `${side}-${pair}`;
          const outFile = path2.join(options.outDir, `${label}.json`);
          const started = Date.now();
          const doc = await deps.executor.run({
            side,
            pair,
            treeRoot: roots[side],
            configPath: path2.join(roots[side], rel),
            outFile,
            label,
            git: { sha: shas[side], ...side === "base" ? { ref: options.baseRef } : {} },
            ...options.filter !== void 0 ? { filter: options.filter } : {}
          });
          (side === "base" ? baseRuns : headRuns).push(doc);
          files.push(outFile);
          log(`${label} done in ${((Date.now() - started) / 1e3).toFixed(1)} s`);
        }
      }
    },
    deps.tempRoot
  );
  const evaluation = evaluateAb({
    baseRuns,
    headRuns,
    gate,
    notes,
    configPath: rel,
    reproduceCommand: `npx llm-perf-gate ab --config ${rel} --base ${options.baseRef} --pairs ${options.pairs}`,
    ...options.accepted !== void 0 ? { accepted: options.accepted } : {},
    ...options.acceptLabel ? { acceptLabel: options.acceptLabel } : {},
    ...options.marker ? { marker: options.marker } : {},
    ...options.maxLength ? { maxLength: options.maxLength } : {}
  });
  const comparisonFile = path2.join(options.outDir, "comparison.json");
  const reportFile = path2.join(options.outDir, "report.md");
  await writeFile(
    comparisonFile,
    `${JSON.stringify(
      {
        mode: "ab",
        base: { ref: options.baseRef, sha: commits.baseSha },
        head: { sha: commits.headSha },
        pairs: options.pairs,
        config: rel,
        config_source: configSource,
        runs: files.map((f) => path2.basename(f)),
        comparison: evaluation.comparison,
        decision: evaluation.decision,
        aa: { halves: evaluation.aa.halves, configs: evaluation.aa.configs, alarms: evaluation.aa.alarms }
      },
      null,
      2
    )}
`
  );
  await writeFile(reportFile, `${evaluation.markdown}
`);
  return {
    evaluation,
    baseRuns,
    headRuns,
    commits,
    configRel: rel,
    configSource,
    notes,
    files: { runs: files, comparison: comparisonFile, report: reportFile }
  };
}

// src/ab/runExecutor.ts
import { spawn } from "node:child_process";
var AbRunError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "AbRunError";
  }
};
function sideEnv(base, request) {
  const env = {
    ...base,
    GITHUB_SHA: request.git.sha,
    LLM_PERF_GATE_AB_SIDE: request.side,
    LLM_PERF_GATE_AB_RUN: request.label
  };
  if (request.git.ref) env.GITHUB_REF = request.git.ref;
  else delete env.GITHUB_REF;
  return env;
}
function runArgs(request) {
  return [
    "run",
    "--config",
    request.configPath,
    "--out",
    request.outFile,
    "--label",
    request.label,
    "--format",
    "json",
    "--quiet",
    ...request.filter !== void 0 ? ["--filter", request.filter] : []
  ];
}
function processRunExecutor(options) {
  const [file, ...lead] = options.cli;
  if (!file) throw new Error("processRunExecutor: cli must name a program");
  return {
    run: (request) => new Promise((resolve, reject) => {
      const child = spawn(file, [...lead, ...runArgs(request)], {
        cwd: request.treeRoot,
        env: sideEnv(options.env ?? process.env, request),
        stdio: ["ignore", "ignore", "pipe"]
      });
      let tail = "";
      child.stderr.setEncoding("utf8");
      child.stderr.on("data", (chunk) => {
        options.onStderr?.(chunk);
        tail = (tail + chunk).slice(-4e3);
      });
      const timer = options.timeoutMs !== void 0 ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs).unref() : void 0;
      child.on("error", (err) => {
        if (timer) clearTimeout(timer);
        reject(new AbRunError(`${request.label}: could not start ${file}: ${err.message}`));
      });
      child.on("close", (code, signal) => {
        if (timer) clearTimeout(timer);
        if (code !== 0) {
          reject(
            new AbRunError(
              `${request.label} (${request.side} at ${request.git.sha.slice(0, 12)}) exited with ${signal ? `signal ${signal}` : `code ${String(code)}`}${tail.trim() ? `:
${tail.trim()}` : ""}`
            )
          );
          return;
        }
        readResult(request.outFile, request.label).then(
          resolve,
          (err) => reject(new AbRunError(`${request.label}: ${err instanceof Error ? err.message : String(err)}`))
        );
      });
    })
  };
}

export {
  execGit,
  AbUsageError,
  MIN_AB_PAIRS,
  runAb,
  AbRunError,
  processRunExecutor
};
