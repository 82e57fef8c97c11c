import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  EngineError
} from "./chunk-4TRCKOUO.js";
import {
  engineOutputSchema
} from "./chunk-6X43IM6E.js";

// src/engines/process/childFailure.ts
var OOM_PATTERNS = [/OutOfMemoryError/, /CUDA out of memory/i, /CUDA error: out of memory/i, /\bOOM\b/];
function looksLikeOutOfMemory(text) {
  return OOM_PATTERNS.some((re) => re.test(text));
}
function childFailure(outcome, what, config, timeoutS) {
  const tail = outcome.stderrTail === "" ? void 0 : outcome.stderrTail;
  if (outcome.spawnError) {
    const err = outcome.spawnError;
    const kind = err.code === "ENOENT" || err.code === "EACCES" ? "dependency-missing" : "crash";
    const why = err.code === "ENOENT" ? "not found" : err.code === "EACCES" ? "not executable" : err.message;
    return new EngineError(kind, `${what} could not be started for config "${config}": ${why}`, tail);
  }
  if (outcome.timedOut) {
    return new EngineError(
      "timeout",
      `${what} did not finish within ${timeoutS} s (timeout_s) for config "${config}"; its process group was killed`,
      tail
    );
  }
  if (outcome.aborted) {
    return new EngineError("internal", `${what} was stopped for config "${config}": the run was aborted`, tail);
  }
  if (outcome.code === 0) return void 0;
  const how = outcome.signal !== null ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
  if (looksLikeOutOfMemory(outcome.stderrTail)) {
    return new EngineError("out-of-memory", `${what} ran out of memory for config "${config}" (${how})`, tail);
  }
  const hint = outcome.signal === "SIGKILL" ? " (the kernel OOM killer sends SIGKILL when host memory runs out)" : "";
  const notFound = outcome.code === 127 ? " (exit 127: the shell did not find a program)" : "";
  return new EngineError(
    outcome.code === 127 ? "dependency-missing" : "crash",
    `${what} ${how}${hint}${notFound} for config "${config}"`,
    tail
  );
}

// src/engines/process/runChild.ts
import { spawn } from "node:child_process";

// src/engines/process/stderrTail.ts
var DEFAULT_TAIL_LINES = 40;
var MAX_LINE_CHARS = 2e3;
var LineTail = class {
  constructor(maxLines = DEFAULT_TAIL_LINES) {
    this.maxLines = maxLines;
  }
  maxLines;
  lines = [];
  partial = "";
  push(chunk) {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = clip(parts.pop() ?? "");
    for (const line of parts) this.add(line);
  }
  /** The last lines (including an unterminated last line), joined with newlines. */
  text() {
    const all = this.partial === "" ? this.lines : [...this.lines, this.partial];
    return all.slice(-this.maxLines).join("\n");
  }
  add(line) {
    this.lines.push(clip(line));
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
};
function clip(line) {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}\u2026` : line;
}

// src/engines/process/runChild.ts
function runChild(spec) {
  const stderr = new LineTail(spec.tailLines ?? DEFAULT_TAIL_LINES);
  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    let killTimer;
    let closeTimer;
    let exit;
    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      // A new process group: kill(-pid) then reaches everything the program started.
      detached: true
    });
    const killGroup = (sig) => {
      if (child.pid === void 0) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
      }
    };
    const stop = () => {
      killGroup("SIGTERM");
      killTimer ??= setTimeout(() => killGroup("SIGKILL"), spec.killGraceMs ?? 3e3);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener("abort", onAbort, { once: true });
    const finish = (spawnError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      clearTimeout(closeTimer);
      spec.signal?.removeEventListener("abort", onAbort);
      killGroup("SIGKILL");
      flushStdout();
      resolve({
        code: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        aborted,
        ...spawnError ? { spawnError } : {},
        stderrTail: stderr.text(),
        ...child.pid !== void 0 ? { pid: child.pid } : {}
      });
    };
    let pending = "";
    const flushStdout = () => {
      if (pending !== "") spec.onStdoutLine?.(pending);
      pending = "";
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => {
      const lines = (pending + chunk).split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) spec.onStdoutLine?.(line);
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.on("spawn", () => {
      if (child.pid !== void 0) spec.onSpawn?.(child.pid);
    });
    child.on("error", (err) => {
      if (child.pid === void 0) finish(err);
    });
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, 2e3);
    });
    child.on("close", () => finish());
  });
}

// src/engines/process/tempDir.ts
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
async function withTempDir(fn) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "llm-perf-gate-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// src/engines/process/validateOutput.ts
var MAX_ISSUES = 8;
function jsonPath(path2) {
  let out = "";
  for (const key of path2) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === "" ? "(root)" : out;
}
function formatIssues(issues) {
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => `  - ${jsonPath(issue.path)}: ${issue.message}`);
  if (issues.length > MAX_ISSUES) lines.push(`  - \u2026 and ${issues.length - MAX_ISSUES} more`);
  return lines.join("\n");
}
function parseEngineOutput(text, what, stderrTail) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new EngineError("invalid-output", `${what} is not valid JSON: ${err.message}`, stderrTail);
  }
  const parsed = engineOutputSchema.safeParse(doc);
  if (!parsed.success) {
    throw new EngineError(
      "invalid-output",
      `${what} does not match the engine output schema (schema/engine-output.schema.json):
${formatIssues(parsed.error.issues)}`,
      stderrTail
    );
  }
  return parsed.data;
}
function withRound(output, round) {
  return { ...output, iterations: output.iterations.map((s) => s.round === void 0 ? { ...s, round } : s) };
}

export {
  childFailure,
  runChild,
  withTempDir,
  parseEngineOutput,
  withRound
};
