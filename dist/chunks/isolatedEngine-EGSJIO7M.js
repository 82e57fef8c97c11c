import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  toChildRequest
} from "./chunk-53SUKEUD.js";
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

// src/engines/isolation/isolatedEngine.ts
import { readFile, writeFile } from "node:fs/promises";
import path2 from "node:path";

// src/engines/isolation/childCommand.ts
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
var ENGINE_ROUND_COMMAND = "__engine-round";
function engineRoundCommand(deps = {}) {
  const moduleFile = fileURLToPath(deps.moduleUrl ?? import.meta.url);
  const exists = deps.exists ?? existsSync;
  const ext = path.extname(moduleFile);
  const candidates = [1, 2, 3].map(
    (up) => path.join(path.resolve(path.dirname(moduleFile), ...Array(up - 1).fill("..")), `cli${ext}`)
  );
  const entry = candidates.find((f) => exists(f));
  if (entry === void 0)
    throw new Error(`cannot find the CLI entry (cli${ext}) above ${moduleFile}; is the package complete?`);
  if (ext !== ".ts") return { file: process.execPath, args: [entry, ENGINE_ROUND_COMMAND] };
  const resolve = deps.resolve ?? ((s) => import.meta.resolve(s));
  return { file: process.execPath, args: ["--import", resolve("tsx"), entry, ENGINE_ROUND_COMMAND] };
}

// src/engines/isolation/isolatedEngine.ts
var NO_TIMEOUT_MS = 2 ** 31 - 1;
function isolatedWhen(inner, policy, deps = {}) {
  return {
    name: inner.name,
    run: (request, observer) => policy.isolate(request) ? runIsolated(inner.name, request, observer, policy.describe(request), deps) : inner.run(request, observer)
  };
}
async function runIsolated(engine, request, observer, subject, deps = {}) {
  const label = `the ${engine} child process for ${subject}`;
  const command = (deps.command ?? engineRoundCommand)();
  return withTempDir(async (dir) => {
    const requestPath = path2.join(dir, "request.json");
    const outputPath = path2.join(dir, "output.json");
    await writeFile(requestPath, JSON.stringify(toChildRequest(engine, request)));
    let reported;
    const outcome = await runChild({
      file: command.file,
      args: [...command.args, "--request", requestPath, "--output", outputPath],
      // The temporary folder: a core file of a crashed child goes away with it.
      cwd: dir,
      env: deps.env ?? process.env,
      timeoutMs: NO_TIMEOUT_MS,
      signal: request.signal,
      onSpawn: (pid) => observer.onProcess?.(pid),
      onStdoutLine: progressLineHandler(observer, request.round, (ev) => reported = ev)
    });
    const tail = outcome.stderrTail === "" ? void 0 : outcome.stderrTail;
    if (reported && !outcome.timedOut && !outcome.aborted) throw new EngineError(reported.kind, reported.message, tail);
    const text = outcome.timedOut || outcome.aborted ? void 0 : await readFile(outputPath, "utf8").catch(() => void 0);
    if (text === void 0) throw crashError(outcome, label, request.name);
    const output = withRound(parseEngineOutput(text, `the output of ${label}`, tail), request.round);
    return {
      ...output,
      engine_info: {
        ...output.engine_info,
        isolation: "child process",
        // Telemetry attributes GPU memory to this pid rather than to the runner's.
        ...outcome.pid !== void 0 ? { pid: outcome.pid } : {},
        // A complete output followed by a crash at teardown: the samples stand, the exit is recorded.
        ...outcome.code !== 0 ? { child_exit: exitText(outcome) } : {}
      }
    };
  });
}
function crashError(outcome, label, config) {
  const failure = childFailure(outcome, label, config, NO_TIMEOUT_MS / 1e3) ?? new EngineError("crash", `${label} exited with code 0 but wrote no output for config "${config}"`);
  const said = lastStatement(outcome.stderrTail);
  return new EngineError(
    failure.kind,
    said === void 0 ? failure.message : `${failure.message}: ${said}`,
    failure.stderrTail
  );
}
var STACK_LINE = /^(\d+: |at |-----|#\d+ )/;
function lastStatement(stderrTail) {
  return stderrTail.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !STACK_LINE.test(l)).at(-1);
}
function exitText(outcome) {
  return outcome.signal !== null ? `killed by ${outcome.signal} after writing its output` : `exit code ${outcome.code}`;
}
export {
  crashError,
  isolatedWhen,
  lastStatement,
  runIsolated
};
