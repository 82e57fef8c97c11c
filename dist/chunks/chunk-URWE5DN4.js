import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  didYouMean
} from "./chunk-EOCHRCAM.js";
import {
  RESULT_FORMAT,
  RESULT_VERSION,
  resultSchema
} from "./chunk-6X43IM6E.js";

// src/config/formatIssues.ts
function formatPath(path) {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out === "" ? "(top level)" : out;
}
function describe(value) {
  if (value === void 0) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}
function valueAt(root, path) {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return void 0;
    cur = cur[p];
  }
  return cur;
}
function allowedKeysAt(schema, path, data) {
  let cur = schema;
  let value = data;
  const step = (s, v) => {
    let inner = s;
    for (; ; ) {
      const def2 = inner._zod.def;
      if (def2.innerType) inner = def2.innerType;
      else if (def2.type === "pipe" && def2.in) inner = def2.in;
      else if (def2.type === "union" && def2.options) {
        const disc = def2.discriminator;
        const found = def2.options.find((o) => {
          const shape = o._zod.def.shape;
          if (!shape || !disc || !v || typeof v !== "object") return false;
          const lit = shape[disc]?._zod.def;
          return lit?.values?.includes(v[disc]) ?? false;
        });
        if (!found) return inner;
        inner = found;
      } else return inner;
    }
  };
  for (const p of path) {
    if (!cur) return [];
    cur = step(cur, value);
    const def2 = cur._zod.def;
    if (def2.type === "object" && def2.shape) cur = def2.shape[String(p)];
    else if (def2.type === "array") cur = def2.element;
    else if (def2.type === "record") cur = def2.valueType;
    else return [];
    value = value && typeof value === "object" ? value[p] : void 0;
  }
  if (!cur) return [];
  cur = step(cur, value);
  const def = cur._zod.def;
  if (def.type === "object" && def.shape) return Object.keys(def.shape);
  if (def.type === "record" && def.keyType) {
    const keys = def.keyType._zod.def.entries;
    return keys ? Object.values(keys) : [];
  }
  return [];
}
function formatIssues(issues, data, schema, map) {
  const out = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, issue.path, data);
      for (const key of issue.keys) {
        const pos2 = map.keyPosition([...issue.path, key]);
        const hint = didYouMean(key, allowed);
        out.push({
          ...pos2,
          path: formatPath([...issue.path, key]),
          message: `unknown key "${key}"` + (hint ? ` (did you mean "${hint}"?)` : allowed.length > 0 ? `; allowed here: ${allowed.join(", ")}` : "")
        });
      }
      continue;
    }
    if (issue.code === "invalid_union" && "note" in issue && issue.note === "No matching discriminator") {
      const disc = issue.discriminator ?? "engine";
      const unionPath = issue.path[issue.path.length - 1] === disc ? issue.path.slice(0, -1) : issue.path;
      const found2 = valueAt(data, [...unionPath, disc]);
      const pos2 = map.position([...unionPath, disc]);
      const options = allowedDiscriminatorValues(schema, unionPath);
      const hint = typeof found2 === "string" ? didYouMean(found2, options) : void 0;
      out.push({
        ...pos2,
        path: formatPath([...unionPath, disc]),
        message: `expected one of ${options.map((o) => `"${o}"`).join(", ")}, found ${describe(found2)}` + (hint ? ` (did you mean "${hint}"?)` : "")
      });
      continue;
    }
    const found = valueAt(data, issue.path);
    const pos = map.position(issue.path);
    let message;
    if (found === void 0 && issue.code === "invalid_type") message = `required: expected ${issue.expected}`;
    else if (issue.code === "invalid_value")
      message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, found ${describe(found)}`;
    else if (issue.code === "invalid_type") message = `expected ${issue.expected}, found ${describe(found)}`;
    else message = `${issue.message}, found ${describe(found)}`;
    out.push({ ...pos, path: formatPath(issue.path), message });
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}
function allowedDiscriminatorValues(schema, path) {
  let cur = schema;
  for (const p of path) {
    let def2 = cur?._zod.def;
    while (def2?.innerType) def2 = def2.innerType._zod.def;
    cur = typeof p === "number" ? def2?.element : def2?.shape?.[String(p)];
  }
  let def = cur?._zod.def;
  while (def?.innerType) def = def.innerType._zod.def;
  const disc = def?.discriminator;
  if (!def?.options || !disc) return [];
  return def.options.flatMap((o) => {
    const shape = o._zod.def.shape;
    return (shape?.[disc]?._zod.def?.values ?? []).map(String);
  });
}

// src/result/readResult.ts
import { readFile } from "node:fs/promises";
var ResultFileError = class extends Error {
  constructor(file, problems) {
    super(
      problems.length === 1 ? `${file}: ${problems[0]}` : `${file}: not a valid result file:
${problems.map((p) => `  ${p}`).join("\n")}`
    );
    this.file = file;
    this.problems = problems;
    this.name = "ResultFileError";
  }
  file;
  problems;
};
async function readResult(file, display = file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = err.code;
    throw new ResultFileError(display, [code === "ENOENT" ? "file not found" : `cannot read: ${String(err)}`]);
  }
  return parseResult(text, display);
}
function parseResult(text, source) {
  if (text.trim() === "") throw new ResultFileError(source, ["the file is empty"]);
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const hint = /\bNaN\b|\bInfinity\b/.test(text) ? " (NaN and Infinity are not valid JSON numbers)" : "";
    const why = err.message.replace(/\s+/g, " ");
    throw new ResultFileError(source, [`invalid JSON (truncated or corrupt?): ${why}${hint}`]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new ResultFileError(source, ["expected a JSON object at the top level"]);
  }
  const head = data;
  if (head.format !== RESULT_FORMAT) {
    throw new ResultFileError(source, [
      `not an llm-perf-gate result file (format is ${JSON.stringify(head.format)}, expected "${RESULT_FORMAT}")`
    ]);
  }
  if (typeof head.version !== "number" || !Number.isInteger(head.version) || head.version < 1) {
    throw new ResultFileError(source, [
      `unknown result format version ${JSON.stringify(head.version)} (this llm-perf-gate reads version ${RESULT_VERSION})`
    ]);
  }
  if (head.version > RESULT_VERSION) {
    throw new ResultFileError(source, [
      `written by a newer llm-perf-gate (result format version ${head.version}; this one reads up to ${RESULT_VERSION}): upgrade llm-perf-gate`
    ]);
  }
  const parsed = resultSchema.safeParse(data);
  if (!parsed.success) {
    throw new ResultFileError(
      source,
      parsed.error.issues.slice(0, 20).map((i) => `${formatPath(i.path)}: ${i.message}`)
    );
  }
  return parsed.data;
}

// src/util/hash.ts
import { createHash } from "node:crypto";
function canonicalJson(value) {
  return JSON.stringify(value, (_key, v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v;
      return Object.fromEntries(
        Object.keys(o).sort().map((k) => [k, o[k]])
      );
    }
    return v;
  });
}
function stableHash(value) {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, 16);
}

export {
  formatPath,
  formatIssues,
  ResultFileError,
  readResult,
  parseResult,
  stableHash
};
