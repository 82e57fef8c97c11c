import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
} from "./chunk-IBVKXIGI.js";
import "./chunk-WY5GHM3H.js";
import "./chunk-4EYFFMNQ.js";
import "./chunk-7Z4FOGHR.js";
import "./chunk-ZOUG6ZSL.js";
import "./chunk-SOK5BT5N.js";
import "./chunk-EOCHRCAM.js";
import "./chunk-LON43RBP.js";
import "./chunk-7XMN4UL4.js";
export {
  MERGE_USAGE,
  loadRunsMergingShards,
  mergeCommand
};
