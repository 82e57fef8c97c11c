// The seam to onnxruntime-node: loads it lazily (it is a native addon: nothing loads at import
// time), creates sessions with the configured provider and threads, and makes tensors. Tests hand
// the engine a runtime whose sessions fail on purpose.
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OnnxOptions } from './options.js';
import type { ValueInfo } from './modelSignature.js';

export type OrtTensor = Tensor;
export type Feeds = Record<string, Tensor>;

export interface DecoderSession {
  readonly inputMetadata: readonly ValueInfo[];
  readonly outputMetadata: readonly ValueInfo[];
  run(feeds: Feeds): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

export interface SessionSettings {
  readonly provider: OnnxOptions['provider'];
  readonly intraOpThreads?: number;
  readonly interOpThreads?: number;
  readonly graphOptimization: OnnxOptions['graph_optimization'];
  /** Keep outputs on the device (WebGPU: present.* stay in GPU buffers between steps; the engine downloads only the logits). */
  readonly outputsOnDevice: boolean;
}

export interface OrtRuntime {
  readonly version: string;
  readonly Tensor: typeof Tensor;
  createSession(modelPath: string, settings: SessionSettings): Promise<DecoderSession>;
}

let loaded: Promise<OrtRuntime> | undefined;

/**
 * onnxruntime 1.30 starts a telemetry system in every process that loads it: a background thread
 * that tries HTTPS uploads and leaves a mat-debug-<pid>.log and a .ses file in the temp folder.
 * Neither belongs in a benchmark (extra threads and network while measuring, files left behind),
 * so it is off unless the user set the variable themselves.
 */
export const ORT_TELEMETRY_ENV = 'ORT_DISABLE_TELEMETRY';

/** The real onnxruntime-node, loaded on first use. */
export function loadOrtRuntime(): Promise<OrtRuntime> {
  process.env[ORT_TELEMETRY_ENV] ??= '1';
  loaded ??= import('onnxruntime-node').then((ort) => ({
    version: ort.env.versions.node ?? ort.env.versions.common,
    Tensor: ort.Tensor,
    async createSession(modelPath, s) {
      const opts: InferenceSession.SessionOptions = {
        executionProviders: [s.provider],
        graphOptimizationLevel: s.graphOptimization,
        // Errors come back as exceptions and are reported per config; the log would only repeat them.
        logSeverityLevel: 4,
      };
      if (s.intraOpThreads !== undefined) opts.intraOpNumThreads = s.intraOpThreads;
      if (s.interOpThreads !== undefined) opts.interOpNumThreads = s.interOpThreads;
      let session = await ort.InferenceSession.create(modelPath, opts);
      if (s.outputsOnDevice) {
        // Only present.* stay on the device; logits come to the host, where greedy argmax reads them.
        // Output names are known only once a session exists, so the session is made again.
        const names = session.outputNames;
        await session.release();
        opts.preferredOutputLocation = Object.fromEntries(
          names.map((n) => [n, n.startsWith('present') ? 'gpu-buffer' : 'cpu'] as const),
        );
        session = await ort.InferenceSession.create(modelPath, opts);
      }
      const created = session;
      return {
        inputMetadata: created.inputMetadata.map(toValueInfo),
        outputMetadata: created.outputMetadata.map(toValueInfo),
        run: (feeds) => created.run(feeds),
        release: () => created.release(),
      };
    },
  }));
  return loaded;
}

function toValueInfo(m: InferenceSession.ValueMetadata): ValueInfo {
  return m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name };
}
