// The persistent-worker protocol (version 1): one engine process loads the model once, runs its own
// warm-up, then answers one measured iteration per request. JSON lines both ways: requests on the
// worker's stdin, messages on its stdout (other stdout lines are ignored, so a library that prints
// does no harm). Spoken by the transformers harness (--worker), the onnxruntime child
// (__engine-worker) and `command` programs that opt in (docs/command-engine.md, "Worker mode").
import { z } from 'zod';
import { ERROR_KINDS, iterationSampleSchema, memoryPeakSchema, type IterationSample } from '../../result/schema.js';
import type { ErrorKind } from '../types.js';

export const WORKER_PROTOCOL = 1;
/** Set to the protocol version in a worker's environment: a program that speaks it answers `ready`. */
export const WORKER_ENV = 'LLM_PERF_GATE_WORKER';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const readySchema = z.object({
  event: z.literal('ready'),
  protocol: z.int(),
  /** Warm-up iterations run before this message. */
  warmup: z.int().min(0).default(0),
  /** Milliseconds from process start to a loaded model (weights in place), measured by the worker. */
  load_ms: z.number().nonnegative().optional(),
  warmup_ms: z.number().nonnegative().optional(),
  engine_info: z.record(z.string(), scalar).default({}),
  /** Peaks so far (load and warm-up included): what one more copy of this worker needs. */
  memory: z.array(memoryPeakSchema).default([]),
  pid: z.int().optional(),
});

const messageSchema = z.discriminatedUnion('event', [
  readySchema,
  z.object({
    event: z.literal('sample'),
    id: z.int(),
    sample: iterationSampleSchema,
    tokens_digest: z.string().optional(),
  }),
  z.object({ event: z.literal('error'), kind: z.string(), message: z.string(), id: z.int().optional() }),
  z.object({
    event: z.literal('done'),
    /** Peaks over the measured iterations (reset after warm-up). */
    memory: z.array(memoryPeakSchema).default([]),
    engine_info: z.record(z.string(), scalar).default({}),
  }),
  z.object({ event: z.literal('warmup'), index: z.int().min(0), total: z.int().min(0) }),
  z.object({ event: z.literal('started'), pid: z.int() }),
  z.object({ event: z.literal('info'), message: z.string() }),
]);

const EVENTS = ['ready', 'sample', 'error', 'done', 'warmup', 'started', 'info'] as const;

export type WorkerReady = z.infer<typeof readySchema>;
export type WorkerMessage =
  | WorkerReady
  | { event: 'sample'; id: number; sample: IterationSample; tokens_digest?: string }
  | { event: 'error'; kind: ErrorKind; message: string; id?: number }
  | { event: 'done'; memory: WorkerReady['memory']; engine_info: WorkerReady['engine_info'] }
  | { event: 'warmup'; index: number; total: number }
  | { event: 'started'; pid: number }
  | { event: 'info'; message: string };

export type WorkerRequest = { op: 'iterate'; id: number } | { op: 'shutdown' };

/** The message on this stdout line; undefined for a line that is not one (a library printing). */
export function parseWorkerMessage(line: string): WorkerMessage | { invalid: string } | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.includes('"event"')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const parsed = messageSchema.safeParse(doc);
  if (!parsed.success) {
    const known = (EVENTS as readonly unknown[]).includes((doc as { event?: unknown }).event);
    // A line that says it is a message but breaks the contract is reported, not ignored.
    return known ? { invalid: `${trimmed.slice(0, 200)}: ${parsed.error.issues[0]?.message ?? 'invalid'}` } : undefined;
  }
  const m = parsed.data;
  if (m.event === 'error') {
    const kind = (ERROR_KINDS as readonly string[]).includes(m.kind) ? (m.kind as ErrorKind) : 'internal';
    return { ...m, kind, ...(m.id !== undefined ? { id: m.id } : {}) } as WorkerMessage;
  }
  return m as WorkerMessage;
}

export function requestLine(request: WorkerRequest): string {
  return `${JSON.stringify(request)}\n`;
}
