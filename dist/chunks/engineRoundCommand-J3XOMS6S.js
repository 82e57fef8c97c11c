import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  inProcessEngines
} from "./chunk-YACFOET2.js";
import {
  parseChildRequest
} from "./chunk-53SUKEUD.js";
import {
  EngineError
} from "./chunk-4TRCKOUO.js";
import {
  EXIT,
  UsageError,
  parseArgs
} from "./chunk-ZOUG6ZSL.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";

// src/cli/engineRoundCommand.ts
import { readFile, writeFile } from "node:fs/promises";

// src/engines/isolation/childRound.ts
var TEST_ABORT_ENV = "LLM_PERF_GATE_TEST_ABORT_IN_CHILD";
async function runChildRound(child, engines, io) {
  const abortHere = io.env[TEST_ABORT_ENV] !== void 0 && io.env[TEST_ABORT_ENV] === child.request.name;
  const event = (e) => {
    io.emit(JSON.stringify(e));
    if (abortHere) io.abort();
  };
  try {
    const engine = await engines[child.engine]();
    return await engine.run(child.request, {
      onWarmup: (index, total) => event({ event: "warmup", index, total }),
      onIteration: (index, total, sample) => event({ event: "iteration", index, total, sample })
    });
  } catch (err) {
    const e = err instanceof EngineError ? err : new EngineError("internal", `unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    io.emit(JSON.stringify({ event: "error", kind: e.kind, message: e.message }));
    return void 0;
  }
}

// src/cli/engineRoundCommand.ts
var ENGINE_ROUND_USAGE = `usage: llm-perf-gate __engine-round --request FILE --output FILE
  Internal: runs one engine round in this process for a parent run; progress and errors are JSON
  lines on stdout, the engine output goes to --output.`;
var engineRoundCommand = async (args, ctx) => {
  const flags = parseArgs("__engine-round", args, { request: { type: "string" }, output: { type: "string" } });
  if (!flags.request || !flags.output)
    throw new UsageError(`--request and --output are required
${ENGINE_ROUND_USAGE}`);
  let child;
  try {
    child = parseChildRequest(await readFile(flags.request, "utf8"));
  } catch (err) {
    throw new UsageError(`${flags.request}: ${err.message}`);
  }
  const output = await runChildRound(child, inProcessEngines(), {
    emit: (line) => ctx.stdout.write(`${line}
`),
    env: ctx.env,
    abort: () => process.abort()
  });
  if (!output) return EXIT.gateFailed;
  await writeFile(flags.output, JSON.stringify(output));
  return EXIT.pass;
};
export {
  ENGINE_ROUND_USAGE,
  engineRoundCommand
};
