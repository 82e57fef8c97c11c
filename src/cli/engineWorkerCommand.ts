// Hidden `llm-perf-gate __engine-worker --request FILE`: a persistent worker of an in-process engine
// (onnxruntime) for A/B trials. Speaks the worker protocol on stdin/stdout (src/engines/worker/).
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseChildRequest } from '../engines/isolation/childRequest.js';
import { openOnnxWorker } from '../engines/onnxruntime/onnxWorker.js';
import type { OnnxOptions } from '../engines/onnxruntime/options.js';
import type { EngineRequest } from '../engines/types.js';
import { serveWorker } from '../engines/worker/serveWorker.js';
import { UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const ENGINE_WORKER_USAGE = `usage: llm-perf-gate __engine-worker --request FILE
  Internal: loads one onnxruntime config, warms it up, then answers one measured iteration per
  request line on stdin (the worker protocol, docs/command-engine.md "Worker mode").`;

export const engineWorkerCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('__engine-worker', args, { request: { type: 'string' } });
  if (!flags.request) throw new UsageError(`--request is required\n${ENGINE_WORKER_USAGE}`);
  let child;
  try {
    child = parseChildRequest(await readFile(flags.request, 'utf8'));
  } catch (err) {
    throw new UsageError(`${flags.request}: ${(err as Error).message}`);
  }
  if (child.engine !== 'onnxruntime')
    throw new UsageError(`__engine-worker serves the onnxruntime engine only, not ${child.engine}`);
  const emit = (m: Record<string, unknown>) => ctx.stdout.write(`${JSON.stringify(m)}\n`);
  const request = child.request as EngineRequest<OnnxOptions>;
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  try {
    return await serveWorker(() => openOnnxWorker(request, (index, total) => emit({ event: 'warmup', index, total })), {
      emit,
      lines,
    });
  } finally {
    // An open stdin would keep this process alive after the shutdown answer.
    lines.close();
    process.stdin.destroy();
  }
};
