// The harness's progress protocol: one JSON object per stdout line with an "event" field. Other
// stdout lines (a library printing) are not events and are ignored.
import { z } from 'zod';
import { ERROR_KINDS, iterationSampleSchema, type IterationSample } from '../../result/schema.js';
import type { ErrorKind, IterationObserver } from '../types.js';

const eventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('started'), pid: z.int() }),
  z.object({ event: z.literal('warmup'), index: z.int().min(0), total: z.int().min(0) }),
  z.object({
    event: z.literal('iteration'),
    index: z.int().min(0),
    total: z.int().min(0),
    sample: iterationSampleSchema,
  }),
  z.object({ event: z.literal('error'), kind: z.string(), message: z.string() }),
  z.object({ event: z.literal('info'), message: z.string() }),
]);

export type HarnessEvent =
  | { event: 'started'; pid: number }
  | { event: 'warmup'; index: number; total: number }
  | { event: 'iteration'; index: number; total: number; sample: IterationSample }
  | { event: 'error'; kind: ErrorKind; message: string }
  | { event: 'info'; message: string };

/** The event on this line, or undefined when the line is not a well-formed event. */
export function parseHarnessEvent(line: string): HarnessEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const parsed = eventSchema.safeParse(doc);
  if (!parsed.success) return undefined;
  const ev = parsed.data;
  if (ev.event === 'error') {
    // An unknown kind from a newer or patched harness must not break the report.
    return { event: 'error', kind: isErrorKind(ev.kind) ? ev.kind : 'internal', message: ev.message };
  }
  return ev;
}

function isErrorKind(kind: string): kind is ErrorKind {
  return (ERROR_KINDS as readonly string[]).includes(kind);
}

/**
 * A stdout-line handler that forwards progress events to `observer` (samples tagged with `round`)
 * and hands an error event, the child's own diagnosis, to `onError`.
 */
export function progressLineHandler(
  observer: IterationObserver,
  round: number,
  onError: (ev: Extract<HarnessEvent, { event: 'error' }>) => void,
): (line: string) => void {
  return (line) => {
    const ev = parseHarnessEvent(line);
    if (ev?.event === 'warmup') observer.onWarmup?.(ev.index, ev.total);
    else if (ev?.event === 'iteration') observer.onIteration?.(ev.index, ev.total, { ...ev.sample, round });
    else if (ev?.event === 'error') onError(ev);
  };
}
