import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  didYouMean
} from "./chunk-EOCHRCAM.js";

// src/cli/context.ts
var EXIT = {
  pass: 0,
  gateFailed: 1,
  badInput: 2,
  internal: 3
};
var UsageError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
};

// src/cli/parseArgs.ts
function parseArgs(command, args, spec) {
  const out = {};
  const shorts = new Map(Object.entries(spec).flatMap(([k, v]) => v.short ? [[v.short, k]] : []));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let name;
    let inline;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : void 0;
    } else if (/^-[a-zA-Z]$/.test(arg)) {
      name = shorts.get(arg.slice(1));
      if (!name) throw new UsageError(`${command}: unknown option ${arg}`);
    } else {
      throw new UsageError(`${command}: unexpected argument "${arg}" (options start with --)`);
    }
    const def = spec[name];
    if (!def) {
      const hint = didYouMean(name, Object.keys(spec));
      throw new UsageError(`${command}: unknown option --${name}${hint ? ` (did you mean --${hint}?)` : ""}`);
    }
    if (def.type === "boolean") {
      if (inline !== void 0) throw new UsageError(`${command}: --${name} takes no value`);
      out[name] = true;
    } else if (def.type === "string") {
      const value = inline ?? args[++i];
      if (value === void 0 || inline === void 0 && value.startsWith("--"))
        throw new UsageError(`${command}: --${name} needs a value`);
      out[name] = value;
    } else {
      const list = out[name] ?? [];
      if (inline !== void 0) list.push(inline);
      while (i + 1 < args.length && !args[i + 1].startsWith("-")) list.push(args[++i]);
      if (list.length === 0) throw new UsageError(`${command}: --${name} needs at least one value`);
      out[name] = list;
    }
  }
  return out;
}

export {
  EXIT,
  UsageError,
  parseArgs
};
