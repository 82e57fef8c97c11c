// The request handed to an engine subprocess (the `command` engine's program, the Python harness):
// the EngineRequest fields in snake_case, so any language can read it without knowing TypeScript.
import type { EngineRequest } from '../types.js';

export interface RequestJson {
  readonly name: string;
  readonly warmup: number;
  readonly iterations: number;
  readonly max_new_tokens: number;
  readonly batch_size: number;
  readonly prompt: string;
  /** null when the text prompt is used. */
  readonly prompt_tokens: number | null;
  readonly seed: number;
  readonly round: number;
  /** Folder of the config file, against which relative paths in options resolve. */
  readonly config_dir: string;
  readonly options: unknown;
  /**
   * Seconds left in the config's budget when the round starts: start no measured iteration after
   * it ran out (one is always measured). null: no limit. A round that overruns it by far is stopped.
   */
  readonly time_budget_s: number | null;
}

export function toRequestJson(request: EngineRequest, options: unknown = request.options): RequestJson {
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
    options,
    time_budget_s: request.budgetMs !== undefined ? Math.round(request.budgetMs) / 1000 : null,
  };
}
