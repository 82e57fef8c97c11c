import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);

// src/engines/process/requestJson.ts
function toRequestJson(request, options = request.options) {
  return {
    name: request.name,
    warmup: request.warmup,
    iterations: request.iterations,
    max_new_tokens: request.maxNewTokens,
    batch_size: request.batchSize,
    prompt: request.prompt,
    prompt_tokens: request.promptTokens ?? null,
    seed: request.seed,
    round: request.round,
    config_dir: request.configDir,
    options
  };
}

export {
  toRequestJson
};
