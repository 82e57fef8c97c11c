import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
} from "./chunk-R43DLYHQ.js";
import "./chunk-ZOUG6ZSL.js";
import "./chunk-EQTXPOHH.js";
import "./chunk-DBIY7KA7.js";
import "./chunk-5PNFBZWM.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-3EBO2KQK.js";
import "./chunk-2HQLPLRA.js";
import "./chunk-W23NJ7YX.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";
export {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
};
