// The process module: every child process of this program starts here (see startChild.ts).
export {
  DEFAULT_KILL_GRACE_MS,
  killAllChildrenNow,
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
export {
  CANCEL_EXIT_BOUND_MS,
  exitCodeForSignal,
  installCancellation,
  type Cancellation,
  type CancellationOptions,
} from './cancellation.js';
export { removeLeftoversSync, trackLeftover } from './leftovers.js';
export { TEMP_PREFIX, withTempDir } from './tempDir.js';
