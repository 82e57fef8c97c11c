// The action's collaborators, passed in (tests hand in local servers, temp folders or fakes).
import type { BaselineStore } from '../baseline/store.js';
import { loadConfig } from '../config/loadConfig.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { evaluate } from '../report/evaluate.js';
import { runBenchmarks } from '../protocol/runBenchmarks.js';
import { readResult } from '../result/readResult.js';
import { writeResult } from '../result/writeResult.js';
import type { RunEvent } from './event.js';
import { createBaselineStore } from './history.js';
import { coreIO, type ActionIO } from './io.js';
import type { ActionInputs } from './parseInputs.js';

export interface Pipeline {
  readonly loadConfig: typeof loadConfig;
  readonly runBenchmarks: typeof runBenchmarks;
  readonly evaluate: typeof evaluate;
  readonly readResult: typeof readResult;
  readonly writeResult: typeof writeResult;
}

export interface ActionDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly io: ActionIO;
  readonly pipeline: Pipeline;
  readonly createStore: (inputs: ActionInputs, event: RunEvent, workspace: string) => BaselineStore;
  readonly createClient: (token: string, apiUrl: string, io: ActionIO) => GitHubClient;
  /** Cancellation of the job (SIGINT/SIGTERM): the run stops and keeps what finished. */
  readonly signal?: AbortSignal | undefined;
}

export interface ActionOutcome {
  readonly failed: boolean;
  /** Why the step fails: one line per failing config, or the error. */
  readonly message?: string;
}

export function defaultDeps(): ActionDeps {
  return {
    env: process.env,
    io: coreIO(),
    pipeline: { loadConfig, runBenchmarks, evaluate, readResult, writeResult },
    createStore: (inputs, event, workspace) => createBaselineStore(inputs, event, workspace, process.env),
    createClient: (token, apiUrl, io) => createGitHubClient({ token, apiUrl, warn: (m) => io.warning(m) }),
  };
}
