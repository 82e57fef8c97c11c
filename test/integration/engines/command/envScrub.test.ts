// Issue 16: the benchmarked program (its command comes from the pull request's own config) never
// sees the action's inputs or the runner's credentials. The command engine here dumps its
// environment into its engine_info.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { commandEngine } from '../../../../src/engines/command/commandEngine.js';
import { commandOptionsSchema } from '../../../../src/engines/command/options.js';
import { request } from './fixtures.js';

const SECRETS = {
  'INPUT_GITHUB-TOKEN': 'ghs_input',
  INPUT_CONFIG: 'perf-gate.yml',
  GITHUB_TOKEN: 'ghs_env',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_RESULTS_URL: 'https://results.example/',
  ACTIONS_CACHE_URL: 'https://cache.example/',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
};

// Writes one sample and its whole environment (names and values) into engine_info.
const DUMP_ENV = `
const fs = require('node:fs');
fs.writeFileSync(process.env.LLM_PERF_GATE_OUTPUT, JSON.stringify({
  iterations: [{ e2e_ms: 10, ttft_ms: 2, new_tokens: 20, batch_size: 2, prompt_tokens: 7 }],
  engine_info: { env: JSON.stringify(process.env) },
}));`;

async function childEnv(deps: Parameters<typeof commandEngine>[0]): Promise<Record<string, string>> {
  const options = commandOptionsSchema.parse({
    run: [process.execPath, '-e', DUMP_ENV],
    env: { FROM_CONFIG: 'yes' },
  });
  const out = await commandEngine(deps).run(request(options), {});
  return JSON.parse(String(out.engine_info.env)) as Record<string, string>;
}

describe('the environment of a command engine', () => {
  before(() => Object.assign(process.env, SECRETS));
  after(() => {
    for (const name of Object.keys(SECRETS)) delete process.env[name];
  });

  it("has no action input, token or runner service URL, from this process's environment", async () => {
    const env = await childEnv({});
    for (const name of Object.keys(SECRETS)) assert.equal(env[name], undefined, `${name} reached the engine`);
    assert.deepEqual(
      Object.values(env).filter((v) => Object.values(SECRETS).includes(v)),
      [],
    );
    // Everything else still arrives: PATH, the config's own env, the request and output paths.
    assert.equal(env.PATH, process.env.PATH);
    assert.equal(env.FROM_CONFIG, 'yes');
    assert.ok(env.LLM_PERF_GATE_REQUEST && env.LLM_PERF_GATE_OUTPUT);
  });

  it('has none of them either when the caller hands an environment in', async () => {
    const env = await childEnv({ env: { PATH: process.env.PATH, ...SECRETS } });
    for (const name of Object.keys(SECRETS)) assert.equal(env[name], undefined, `${name} reached the engine`);
  });
});
