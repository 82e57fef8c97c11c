// The action's entry (bundled to dist/index.js). The only place that fails the step.
import * as core from '@actions/core';
import { run } from './action/runAction.js';

try {
  const outcome = await run();
  if (outcome.failed) core.setFailed(outcome.message ?? 'llm-perf-gate failed');
} catch (err) {
  core.setFailed(`llm-perf-gate crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
}
