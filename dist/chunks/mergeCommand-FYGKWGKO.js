import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
} from "./chunk-BJX6H2MQ.js";
import "./chunk-ZOUG6ZSL.js";
import "./chunk-MLGI4625.js";
import "./chunk-DBIY7KA7.js";
import "./chunk-K7UPWBTK.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-RD7UKX3A.js";
import "./chunk-2HQLPLRA.js";
import "./chunk-W23NJ7YX.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";
export {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
};
