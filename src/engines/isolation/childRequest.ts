// The request an isolated round's child process reads: an EngineRequest (less its AbortSignal, which
// the parent keeps: aborting kills the child) plus the engine to run. A private format between two
// copies of this program, so it keeps the TypeScript field names.
import { z } from 'zod';
import type { EngineName } from '../../config/schema.js';
import type { EngineRequest } from '../types.js';

export const childRequestSchema = z.strictObject({
  engine: z.enum(['onnxruntime', 'transformers', 'command']),
  request: z.strictObject({
    name: z.string(),
    options: z.unknown(),
    warmup: z.int().min(0),
    iterations: z.int().min(0),
    maxNewTokens: z.int().positive(),
    batchSize: z.int().positive(),
    prompt: z.string(),
    promptTokens: z.int().positive().optional(),
    seed: z.int(),
    configDir: z.string(),
    round: z.int().min(0),
    budgetMs: z.number().nonnegative().optional(),
  }),
});

export interface ChildRequest {
  readonly engine: EngineName;
  readonly request: Omit<EngineRequest, 'signal'>;
}

export function toChildRequest(engine: EngineName, request: EngineRequest): ChildRequest {
  // Spelled out rather than spread: a field added to EngineRequest must be added here on purpose.
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
      ...(request.promptTokens !== undefined ? { promptTokens: request.promptTokens } : {}),
      seed: request.seed,
      configDir: request.configDir,
      round: request.round,
      ...(request.budgetMs !== undefined ? { budgetMs: request.budgetMs } : {}),
    },
  };
}

/** Parses a request file's text; throws an Error naming what is wrong. */
export function parseChildRequest(text: string): ChildRequest {
  const parsed = childRequestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`not an engine round request: ${parsed.error.message}`);
  return parsed.data as ChildRequest;
}
