import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  toRequestJson
} from "./chunk-YF5LDKIL.js";
import {
  progressLineHandler
} from "./chunk-TDEFHU4J.js";
import {
  childFailure,
  parseEngineOutput,
  runChild,
  withRound,
  withTempDir
} from "./chunk-U3HHI2CM.js";
import {
  EngineError
} from "./chunk-4TRCKOUO.js";
import "./chunk-6X43IM6E.js";
import "./chunk-JKIUB3YX.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";

// src/engines/transformers/transformersEngine.ts
import { existsSync as existsSync2 } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path2 from "node:path";

// src/engines/transformers/harnessPath.ts
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var HARNESS_RELATIVE_PATH = path.join("python", "llm_perf_gate_harness.py");
var HARNESS_ENV = "LLM_PERF_GATE_HARNESS";
function findPackageRoot(startDir) {
  let dir = path.resolve(startDir);
  for (; ; ) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, HARNESS_RELATIVE_PATH))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return void 0;
    dir = parent;
  }
}
function resolveHarnessPath(env = process.env, moduleUrl = import.meta.url) {
  const override = env[HARNESS_ENV];
  if (override !== void 0 && override !== "") return path.resolve(override);
  const root = findPackageRoot(path.dirname(fileURLToPath(moduleUrl)));
  if (root === void 0) {
    throw new Error(`cannot find ${HARNESS_RELATIVE_PATH} above ${fileURLToPath(moduleUrl)}; is the package complete?`);
  }
  return path.join(root, HARNESS_RELATIVE_PATH);
}

// src/engines/transformers/transformersEngine.ts
function resolveModel(model, configDir) {
  const local = path2.resolve(configDir, model);
  return existsSync2(local) ? local : model;
}
function transformersEngine(deps = {}) {
  return {
    name: "transformers",
    run: (request, observer) => runHarness(request, observer, deps)
  };
}
async function runHarness(request, observer, deps) {
  const opts = request.options;
  const env = deps.env ?? process.env;
  const harness = deps.harnessPath ?? resolveHarnessPath(env);
  const label = `the transformers harness (${opts.python} ${path2.basename(harness)})`;
  const options = { ...opts, model: resolveModel(opts.model, request.configDir) };
  return withTempDir(async (dir) => {
    const requestPath = path2.join(dir, "request.json");
    const outputPath = path2.join(dir, "output.json");
    await writeFile(requestPath, `${JSON.stringify(toRequestJson(request, options), null, 2)}
`);
    let reported;
    const outcome = await runChild({
      file: opts.python,
      args: [harness, "--request", requestPath, "--output", outputPath],
      cwd: request.configDir,
      // Unbuffered, so progress lines arrive as iterations finish rather than at exit.
      env: { ...env, PYTHONUNBUFFERED: "1" },
      timeoutMs: opts.timeout_s * 1e3,
      signal: request.signal,
      onSpawn: (pid) => observer.onProcess?.(pid),
      onStdoutLine: progressLineHandler(observer, request.round, (ev) => reported = ev)
    });
    const tail = outcome.stderrTail === "" ? void 0 : outcome.stderrTail;
    if (reported && !outcome.timedOut && !outcome.aborted) {
      throw new EngineError(reported.kind, namingConfig(reported.message, request.name), tail);
    }
    const failure = childFailure(outcome, label, request.name, opts.timeout_s);
    if (failure) throw failure;
    let text;
    try {
      text = await readFile(outputPath, "utf8");
    } catch {
      throw new EngineError(
        "invalid-output",
        `${label} exited with code 0 but wrote no output for config "${request.name}"`,
        tail
      );
    }
    return withRound(
      parseEngineOutput(text, `the output of ${label} for config "${request.name}"`, tail),
      request.round
    );
  });
}
function namingConfig(message, config) {
  return message.includes(`"${config}"`) ? message : `${message} (config "${config}")`;
}
export {
  resolveModel,
  transformersEngine
};
