import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  needsIsolation,
  onnxOptionsSchema
} from "./chunk-RD7UKX3A.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";
export {
  needsIsolation,
  onnxOptionsSchema
};
