import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-ZOUG6ZSL.js";

// src/cli/printReport.ts
function reportFormat(value, isTTY) {
  if (value === void 0) return isTTY ? "terminal" : "markdown";
  if (value === "terminal" || value === "markdown" || value === "json") return value;
  throw new UsageError(`--format must be terminal, markdown or json, got "${value}"`);
}
function printReport(ctx, evaluation, format) {
  if (format === "json") {
    ctx.stdout.write(
      `${JSON.stringify({ comparison: evaluation.comparison, decision: evaluation.decision }, null, 2)}
`
    );
  } else if (format === "markdown") {
    ctx.stdout.write(`${evaluation.markdown}
`);
  } else {
    const color = ctx.isTTY && !ctx.env.NO_COLOR;
    ctx.stdout.write(`${evaluation.terminal(color)}
`);
  }
  for (const f of evaluation.decision.failing) {
    ctx.stderr.write(`${evaluation.decision.accepted ? "accepted" : "gate"}: ${f.name}: ${f.reason}
`);
  }
}

export {
  reportFormat,
  printReport
};
