import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  needsIsolation,
  onnxOptionsSchema
} from "./chunk-3EBO2KQK.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";
export {
  needsIsolation,
  onnxOptionsSchema
};
