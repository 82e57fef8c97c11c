// The process module: every child process of this program starts here (see startChild.ts).
export {
  DEFAULT_KILL_GRACE_MS,
  liveChildren,
  runChild,
  startChild,
  stopAllChildren,
  type ChildExit,
  type ChildSpec,
  type ExitReason,
  type ManagedChild,
} from './startChild.js';
export { isSecretEnvName, scrubbedEnv } from './scrubbedEnv.js';
export { LineSplitter } from './lineSplitter.js';
export { StreamTail } from './streamTail.js';
