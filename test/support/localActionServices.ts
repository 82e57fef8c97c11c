// What a built action talks to in the end-to-end tests, all on 127.0.0.1: the Actions cache service
// (for the unmodified @actions/cache), the GitHub REST API, and a fresh workspace folder. One
// place for the environment that points the action at them, so every suite points it the same way.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CacheServer } from './cacheServer.js';
import { GitHubServer } from './githubServer.js';

export interface LocalActionServices {
  readonly cache: CacheServer;
  readonly github: GitHubServer;
  readonly workspace: string;
  /** The runner variables that send the action's cache and API calls to these services. */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startLocalActionServices(options: {
  readonly runtimeToken: string;
  readonly githubToken: string;
  readonly workspacePrefix: string;
}): Promise<LocalActionServices> {
  const cache = await new CacheServer({ token: options.runtimeToken }).start();
  const github = await new GitHubServer({ tokens: { [options.githubToken]: 'installation' } }).start();
  const workspace = await mkdtemp(path.join(os.tmpdir(), options.workspacePrefix));
  return {
    cache,
    github,
    workspace,
    env: () => ({
      GITHUB_API_URL: github.url,
      ACTIONS_RESULTS_URL: cache.url,
      ACTIONS_RUNTIME_TOKEN: options.runtimeToken,
      ACTIONS_CACHE_SERVICE_V2: 'True',
    }),
    async stop() {
      await cache.stop();
      await github.stop();
      await rm(workspace, { recursive: true, force: true });
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): connections are refused. */
export async function closedPort(): Promise<number> {
  const s = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}
