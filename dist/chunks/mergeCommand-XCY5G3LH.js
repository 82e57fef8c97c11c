import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
} from "./chunk-R75FAXFV.js";
import "./chunk-ZOUG6ZSL.js";
import "./chunk-6DDORJZV.js";
import "./chunk-URWE5DN4.js";
import "./chunk-6FFKXIB4.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-RD7UKX3A.js";
import "./chunk-6X43IM6E.js";
import "./chunk-JKIUB3YX.js";
import "./chunk-3RLTGJO7.js";
import "./chunk-7XMN4UL4.js";
export {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
};
