import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  toRequestJson
} from "./chunk-YF5LDKIL.js";
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

// src/engines/command/commandEngine.ts
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
var REQUEST_ENV = "LLM_PERF_GATE_REQUEST";
var OUTPUT_ENV = "LLM_PERF_GATE_OUTPUT";
function commandLine(run) {
  if (typeof run === "string") return { file: "/bin/sh", args: ["-c", run], label: `command "${run}"` };
  const [file, ...args] = run;
  return { file, args, label: `command "${run.join(" ")}"` };
}
function commandEngine(deps = {}) {
  return {
    name: "command",
    run: (request, observer) => runCommand(request, observer, deps)
  };
}
async function runCommand(request, observer, deps) {
  const opts = request.options;
  const { file, args, label } = commandLine(opts.run);
  const cwd = path.resolve(request.configDir, opts.cwd ?? ".");
  return withTempDir(async (dir) => {
    const requestPath = path.join(dir, "request.json");
    const outputPath = path.join(dir, "output.json");
    await writeFile(requestPath, `${JSON.stringify(toRequestJson(request), null, 2)}
`);
    const outcome = await runChild({
      file,
      args,
      cwd,
      env: { ...deps.env ?? process.env, ...opts.env, [REQUEST_ENV]: requestPath, [OUTPUT_ENV]: outputPath },
      timeoutMs: opts.timeout_s * 1e3,
      signal: request.signal
    });
    const failure = childFailure(outcome, label, request.name, opts.timeout_s);
    if (failure) throw failure;
    const tail = outcome.stderrTail === "" ? void 0 : outcome.stderrTail;
    let text;
    try {
      text = await readFile(outputPath, "utf8");
    } catch {
      throw new EngineError(
        "invalid-output",
        `${label} exited with code 0 but wrote no output to $${OUTPUT_ENV} for config "${request.name}"`,
        tail
      );
    }
    const output = withRound(
      parseEngineOutput(text, `the output of ${label} for config "${request.name}"`, tail),
      request.round
    );
    output.iterations.forEach((sample, i) => observer.onIteration?.(i, output.iterations.length, sample));
    return output;
  });
}
export {
  OUTPUT_ENV,
  REQUEST_ENV,
  commandEngine,
  commandLine
};
