import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);

// src/engines/registry.ts
import path from "node:path";
function inProcessEngines() {
  return {
    onnxruntime: async () => (await import("./onnxDecoder-NFYHZO2O.js")).onnxruntimeEngine(),
    transformers: async () => (await import("./transformersEngine-ZDI552WH.js")).transformersEngine(),
    command: async () => (await import("./commandEngine-45RFCQKX.js")).commandEngine()
  };
}
function defaultEngines() {
  const local = inProcessEngines();
  return {
    ...local,
    onnxruntime: async () => {
      const [{ isolatedWhen }, { needsIsolation }] = await Promise.all([
        import("./isolatedEngine-EGSJIO7M.js"),
        import("./options-NE2QYIXO.js")
      ]);
      return isolatedWhen(await local.onnxruntime(), {
        isolate: (r) => {
          const o = r.options;
          return needsIsolation(o) || r.round > 0 && o.isolate !== "never";
        },
        describe: (r) => `model ${path.resolve(r.configDir, r.options.model)}`
      });
    }
  };
}

export {
  inProcessEngines,
  defaultEngines
};
