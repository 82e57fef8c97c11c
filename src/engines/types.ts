// The seam between the protocol runner and the engines. An engine runs one benchmark's warm-up and
// measured iterations (one "round": a fresh session or process) and returns every sample.
import type { BenchmarkError, EngineOutput, IterationSample } from '../result/schema.js';

export type ErrorKind = BenchmarkError['kind'];

/** A failure of one benchmark: reported per config; the other configs still run. */
export class EngineError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly stderrTail?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** What one round of one benchmark must do. Paths are absolute (resolved against the config file). */
export interface EngineRequest<Options = unknown> {
  /** Benchmark name (after sweep expansion). */
  readonly name: string;
  readonly options: Options;
  readonly warmup: number;
  readonly iterations: number;
  readonly maxNewTokens: number;
  readonly batchSize: number;
  /** Text prompt, used when promptTokens is not set. */
  readonly prompt: string;
  /** Synthetic prompt length in tokens; takes the place of the text prompt when set. */
  readonly promptTokens?: number;
  readonly seed: number;
  /** Folder of the config file: relative paths in options resolve against it. */
  readonly configDir: string;
  /** Round index (0 = planned iterations, 1+ = adaptive extensions). */
  readonly round: number;
  /**
   * Time left in the config's budget (budget.max_seconds), in ms from the start of this round: the
   * engine starts no measured iteration after it ran out (one is always measured). Absent: no limit.
   */
  readonly budgetMs?: number;
  /** Aborted on cancellation, or when the round overran its budget by far (the round is stopped). */
  readonly signal?: AbortSignal;
}

export interface IterationObserver {
  /** Called after each measured iteration (index from 0), for progress display. */
  onIteration?(index: number, total: number, sample: IterationSample): void;
  /** Called after each warm-up iteration. */
  onWarmup?(index: number, total: number): void;
  /** Called when an engine starts a child process, so telemetry can attribute GPU memory by pid. */
  onProcess?(pid: number): void;
}

export interface Engine<Options = unknown> {
  readonly name: 'onnxruntime' | 'transformers' | 'command';
  run(request: EngineRequest<Options>, observer: IterationObserver): Promise<EngineOutput>;
}
