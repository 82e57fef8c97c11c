import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-3RLTGJO7.js";

// src/engines/onnxruntime/options.ts
var onnxOptionsSchema = external_exports.strictObject({
  /** Path to the decoder .onnx file, relative to the config file. */
  model: external_exports.string().min(1),
  /** Execution provider; an unavailable provider is a per-config error, never a fall-back to CPU. */
  provider: external_exports.enum(["cpu", "webgpu", "cuda"]).default("cpu"),
  intra_op_threads: external_exports.int().positive().optional(),
  inter_op_threads: external_exports.int().positive().optional(),
  /** tokenizer.json to encode a text prompt; defaults to tokenizer.json beside the model. */
  tokenizer: external_exports.string().min(1).optional(),
  graph_optimization: external_exports.enum(["disabled", "basic", "extended", "all"]).default("all"),
  /**
   * Where present.* (the KV cache) lives between steps: `auto` keeps it in GPU buffers on webgpu and
   * on the host elsewhere; `cpu` forces a host round trip per step (a baseline for the device path).
   * Optional (absent = auto) so that configs written before it keep their hash and their baselines.
   */
  kv_location: external_exports.enum(["auto", "cpu", "gpu-buffer"]).optional(),
  /**
   * Whether each round runs in a child process, so a native abort (which no try/catch can stop)
   * fails this config only: `auto` (also when absent) isolates every provider but `cpu`. Optional
   * without a default, so configs that do not set it keep their config hash.
   */
  isolate: external_exports.enum(["auto", "always", "never"]).optional()
});
function needsIsolation(options) {
  const mode = options.isolate ?? "auto";
  return mode === "always" || mode === "auto" && options.provider !== "cpu";
}

export {
  onnxOptionsSchema,
  needsIsolation
};
