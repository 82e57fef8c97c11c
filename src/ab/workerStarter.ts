// Starts one worker of one side: the engine's worker launch with the side's environment (the commit
// it measures, which side and worker it is), so a `command` program can tell them apart.
import type { EngineName } from '../config/schema.js';
import type { EngineRequest } from '../engines/types.js';
import { workerLaunch } from '../engines/worker/launch.js';
import { startWorker, type EngineWorker } from '../engines/worker/workerClient.js';
import type { TrialSide } from '../trials/trialSet.js';

export interface WorkerStartRequest {
  readonly side: TrialSide;
  /** `base-2`, `head-1` … */
  readonly id: string;
  readonly engine: EngineName;
  readonly request: EngineRequest;
  readonly git: { readonly sha: string; readonly ref?: string };
}

export type WorkerStarter = (r: WorkerStartRequest) => Promise<EngineWorker>;

/** Environment of a side's workers: the commit it measures, and which side and worker it is. */
export function sideEnv(
  base: NodeJS.ProcessEnv,
  r: Pick<WorkerStartRequest, 'side' | 'id' | 'git'>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    GITHUB_SHA: r.git.sha,
    LLM_PERF_GATE_AB_SIDE: r.side,
    LLM_PERF_GATE_WORKER_ID: r.id,
  };
  if (r.git.ref) env.GITHUB_REF = r.git.ref;
  else delete env.GITHUB_REF;
  return env;
}

export function processWorkerStarter(env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): WorkerStarter {
  return async (r) =>
    startWorker(await workerLaunch(r.engine, r.request, { env: sideEnv(env, r) }), signal ? { signal } : {});
}
