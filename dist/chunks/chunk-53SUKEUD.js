import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-3RLTGJO7.js";

// src/engines/isolation/childRequest.ts
var childRequestSchema = external_exports.strictObject({
  engine: external_exports.enum(["onnxruntime", "transformers", "command"]),
  request: external_exports.strictObject({
    name: external_exports.string(),
    options: external_exports.unknown(),
    warmup: external_exports.int().min(0),
    iterations: external_exports.int().min(0),
    maxNewTokens: external_exports.int().positive(),
    batchSize: external_exports.int().positive(),
    prompt: external_exports.string(),
    promptTokens: external_exports.int().positive().optional(),
    seed: external_exports.int(),
    configDir: external_exports.string(),
    round: external_exports.int().min(0)
  })
});
function toChildRequest(engine, request) {
  return {
    engine,
    request: {
      name: request.name,
      options: request.options,
      warmup: request.warmup,
      iterations: request.iterations,
      maxNewTokens: request.maxNewTokens,
      batchSize: request.batchSize,
      prompt: request.prompt,
      ...request.promptTokens !== void 0 ? { promptTokens: request.promptTokens } : {},
      seed: request.seed,
      configDir: request.configDir,
      round: request.round
    }
  };
}
function parseChildRequest(text) {
  const parsed = childRequestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not an engine round request: ${parsed.error.message}`);
  return parsed.data;
}

export {
  toChildRequest,
  parseChildRequest
};
