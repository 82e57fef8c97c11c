// A real onnxruntime runtime whose sessions misbehave on purpose at a chosen call of session.run:
// throw an error (e.g. an out-of-memory message) or perturb the logits.
import type { DecoderSession, OrtRuntime } from '../../src/engines/onnxruntime/ortRuntime.js';
import { loadOrtRuntime } from '../../src/engines/onnxruntime/ortRuntime.js';

export interface Failure {
  /** 0-based index of the session.run call (counting across iterations) that misbehaves. */
  readonly atCall: number;
  readonly throwMessage?: string;
  /** Add this to logit 0 of every row at that call (changes the greedy choice). */
  readonly boostFirstLogit?: number;
}

export async function failingRuntime(failure: Failure): Promise<OrtRuntime> {
  const real = await loadOrtRuntime();
  return {
    version: real.version,
    Tensor: real.Tensor,
    async createSession(modelPath, settings) {
      const s: DecoderSession = await real.createSession(modelPath, settings);
      let calls = 0;
      return {
        inputMetadata: s.inputMetadata,
        outputMetadata: s.outputMetadata,
        release: () => s.release(),
        async run(feeds) {
          const n = calls++;
          if (n === failure.atCall && failure.throwMessage) throw new Error(failure.throwMessage);
          const out = await s.run(feeds);
          if (n === failure.atCall && failure.boostFirstLogit !== undefined) {
            const l = out.logits!;
            const data = l.data as Float32Array;
            const V = l.dims[2]!;
            for (let r = 0; r < data.length / V; r++) data[r * V] = data[r * V]! + failure.boostFirstLogit;
          }
          return out;
        },
      };
    },
  };
}
