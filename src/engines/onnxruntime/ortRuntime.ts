// The seam to onnxruntime-node: loads it lazily (it is a native addon: nothing loads at import
// time), creates sessions with the configured provider and threads, and makes tensors. Tests hand
// the engine a runtime whose sessions fail on purpose.
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { OnnxOptions } from './options.js';
import type { ValueInfo } from './modelSignature.js';
import { providerUsage, type ProviderUsage } from './providerUsage.js';

export type OrtTensor = Tensor;
export type Feeds = Record<string, Tensor>;

export interface DecoderSession {
  readonly inputMetadata: readonly ValueInfo[];
  readonly outputMetadata: readonly ValueInfo[];
  run(feeds: Feeds): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
  /** With `profileDir`: which providers ran the kernels of the first run (undefined before it). */
  providerUsage?(): Promise<ProviderUsage | undefined>;
}

export interface SessionSettings {
  readonly provider: OnnxOptions['provider'];
  readonly intraOpThreads?: number | undefined;
  readonly interOpThreads?: number | undefined;
  readonly graphOptimization: OnnxOptions['graph_optimization'];
  /** Keep outputs on the device (WebGPU: present.* stay in GPU buffers between steps; the engine downloads only the logits). */
  readonly outputsOnDevice: boolean;
  /**
   * An empty folder: profile the session's first run there (one inference step, then profiling
   * stops) to learn which provider ran each kernel. The folder is removed once read.
   */
  readonly profileDir?: string | undefined;
}

export interface OrtRuntime {
  readonly version: string;
  readonly Tensor: typeof Tensor;
  createSession(modelPath: string, settings: SessionSettings): Promise<DecoderSession>;
}

let loaded: Promise<OrtRuntime> | undefined;

/**
 * onnxruntime-common maps float16 tensors to Float16Array wherever the runtime has one (Node 23+),
 * and onnxruntime-node 1.30 reads such an input's byte length as 0 ("not enough space: expected N,
 * got 0", microsoft/onnxruntime PR 32323), so every fp16 KV cache fails on Node 24. The mapping is
 * decided once, at the first Tensor: make that check while Float16Array is hidden, so float16 data
 * stays in Uint16Array as on Node 20 (what the engine's fp16 argmax reads).
 */
function mapFloat16ToUint16(Tensor: typeof import('onnxruntime-node').Tensor): void {
  const desc = Object.getOwnPropertyDescriptor(globalThis, 'Float16Array');
  if (!desc?.configurable) {
    new Tensor('float32', new Float32Array(1), [1]);
    return;
  }
  delete (globalThis as { Float16Array?: unknown }).Float16Array;
  try {
    new Tensor('float32', new Float32Array(1), [1]);
  } finally {
    Object.defineProperty(globalThis, 'Float16Array', desc);
  }
}

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
  loaded ??= import('onnxruntime-node').then((ort) => {
    mapFloat16ToUint16(ort.Tensor);
    return runtimeOf(ort);
  });
  return loaded;
}

function runtimeOf(ort: typeof import('onnxruntime-node')): OrtRuntime {
  return {
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
      if (s.outputsOnDevice) {
        // Only present.* stay on the device; logits come to the host, where greedy argmax reads them.
        // Output names are known only once a session exists, so a first session is made to read them.
        const probe = await ort.InferenceSession.create(modelPath, opts);
        const names = probe.outputNames;
        await probe.release();
        opts.preferredOutputLocation = Object.fromEntries(
          names.map((n) => [n, n.startsWith('present') ? 'gpu-buffer' : 'cpu'] as const),
        );
      }
      if (s.profileDir !== undefined) {
        opts.enableProfiling = true;
        opts.profileFilePrefix = path.join(s.profileDir, 'ort');
      }
      const created = await ort.InferenceSession.create(modelPath, opts);
      let profiling = s.profileDir !== undefined;
      return {
        inputMetadata: created.inputMetadata.map(toValueInfo),
        outputMetadata: created.outputMetadata.map(toValueInfo),
        run: async (feeds) => {
          const out = await created.run(feeds);
          // One step is enough to see every node's provider; the rest runs unprofiled.
          if (profiling) {
            profiling = false;
            created.endProfiling();
          }
          return out;
        },
        release: () => created.release(),
        providerUsage: async () => (s.profileDir === undefined || profiling ? undefined : readProfile(s.profileDir, s)),
      };
    },
  };
}

/** Reads the one profile file onnxruntime wrote into `dir`, then removes the folder. */
async function readProfile(dir: string, s: SessionSettings): Promise<ProviderUsage> {
  try {
    const file = (await readdir(dir)).find((n) => n.endsWith('.json'));
    if (!file) throw new Error(`onnxruntime wrote no profile into ${dir}`);
    return providerUsage(JSON.parse(await readFile(path.join(dir, file), 'utf8')), s.provider);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function toValueInfo(m: InferenceSession.ValueMetadata): ValueInfo {
  return m.isTensor ? { name: m.name, type: m.type, shape: m.shape } : { name: m.name };
}
