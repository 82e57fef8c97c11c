// The worker's side of the protocol, for workers written in this program (the onnxruntime child):
// open the session (load + warm-up), say `ready`, then answer each request line until `shutdown`
// or the end of stdin. An iteration that fails is answered with an error carrying its id; the
// worker stays up, and the runner decides what a failed trial means.
import type { IterationSample, MemoryPeak } from '../../result/schema.js';
import { EngineError } from '../types.js';
import { WORKER_PROTOCOL, type WorkerReady } from './protocol.js';

export interface ServedSession {
  iterate(): Promise<{ readonly sample: IterationSample; readonly tokensDigest?: string }>;
  /** Peaks over the measured iterations and the final facts; releases the session. */
  finish(): Promise<{ readonly memory: readonly MemoryPeak[]; readonly engineInfo: WorkerReady['engine_info'] }>;
}

export interface OpenedSession {
  readonly session: ServedSession;
  readonly ready: Omit<WorkerReady, 'event' | 'protocol'>;
}

export interface WorkerIo {
  /** Writes one message (a JSON line) to the runner. */
  readonly emit: (message: Record<string, unknown>) => void;
  /** Request lines from the runner (stdin). */
  readonly lines: AsyncIterable<string>;
}

function errorMessage(err: unknown, id?: number): Record<string, unknown> {
  const e = err instanceof EngineError ? err : undefined;
  return {
    event: 'error',
    kind: e?.kind ?? 'internal',
    message: e?.message ?? `unexpected error: ${err instanceof Error ? err.message : String(err)}`,
    ...(id !== undefined ? { id } : {}),
  };
}

/** Serves requests; resolves with the exit code (0 after shutdown or end of input, 2 on a fatal error). */
export async function serveWorker(open: () => Promise<OpenedSession>, io: WorkerIo): Promise<number> {
  io.emit({ event: 'started', pid: process.pid });
  let opened: OpenedSession;
  try {
    opened = await open();
  } catch (err) {
    io.emit(errorMessage(err));
    return 2;
  }
  io.emit({ event: 'ready', protocol: WORKER_PROTOCOL, pid: process.pid, ...opened.ready });
  const { session } = opened;
  for await (const line of io.lines) {
    if (line.trim() === '') continue;
    let request: { op?: unknown; id?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      io.emit(errorMessage(new EngineError('internal', `not a JSON request line: ${line.slice(0, 200)}`)));
      return 2;
    }
    if (request.op === 'iterate' && Number.isInteger(request.id)) {
      const id = request.id as number;
      try {
        const { sample, tokensDigest } = await session.iterate();
        io.emit({ event: 'sample', id, sample, ...(tokensDigest ? { tokens_digest: tokensDigest } : {}) });
      } catch (err) {
        io.emit(errorMessage(err, id));
      }
    } else if (request.op === 'shutdown') {
      const final = await session.finish();
      io.emit({ event: 'done', memory: final.memory, engine_info: final.engineInfo });
      return 0;
    } else {
      io.emit(
        errorMessage(
          new EngineError('internal', `unknown request (protocol ${WORKER_PROTOCOL}): ${line.slice(0, 200)}`),
        ),
      );
      return 2;
    }
  }
  await session.finish();
  return 0;
}
