import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  ERROR_KINDS,
  iterationSampleSchema
} from "./chunk-6X43IM6E.js";
import {
  external_exports
} from "./chunk-3RLTGJO7.js";

// src/engines/transformers/harnessEvents.ts
var eventSchema = external_exports.discriminatedUnion("event", [
  external_exports.object({ event: external_exports.literal("started"), pid: external_exports.int() }),
  external_exports.object({ event: external_exports.literal("warmup"), index: external_exports.int().min(0), total: external_exports.int().min(0) }),
  external_exports.object({
    event: external_exports.literal("iteration"),
    index: external_exports.int().min(0),
    total: external_exports.int().min(0),
    sample: iterationSampleSchema
  }),
  external_exports.object({ event: external_exports.literal("error"), kind: external_exports.string(), message: external_exports.string() }),
  external_exports.object({ event: external_exports.literal("info"), message: external_exports.string() })
]);
function parseHarnessEvent(line) {
  const trimmed = line.trim();
  if (!trimmed.startsWith("{")) return void 0;
  let doc;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return void 0;
  }
  const parsed = eventSchema.safeParse(doc);
  if (!parsed.success) return void 0;
  const ev = parsed.data;
  if (ev.event === "error") {
    return { event: "error", kind: isErrorKind(ev.kind) ? ev.kind : "internal", message: ev.message };
  }
  return ev;
}
function isErrorKind(kind) {
  return ERROR_KINDS.includes(kind);
}
function progressLineHandler(observer, round, onError) {
  return (line) => {
    const ev = parseHarnessEvent(line);
    if (ev?.event === "warmup") observer.onWarmup?.(ev.index, ev.total);
    else if (ev?.event === "iteration") observer.onIteration?.(ev.index, ev.total, { ...ev.sample, round });
    else if (ev?.event === "error") onError(ev);
  };
}

export {
  progressLineHandler
};
