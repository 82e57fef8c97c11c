// How the action ships: the runtime lockfile derived from the root one, npm configuration npm
// accepts, workflows that run on this repository (not the examples), everything pinned.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
// @ts-expect-error: a plain ES module script without type declarations
import { asText, runtimeFiles, RUNTIME_DIR } from '../../../scripts/action/runtime-lock.mjs';
import { REPO_ROOT } from '../../support/freshDist.js';

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), 'utf8');

describe('the runtime dependency', () => {
  it('scripts/action/runtime/ is what runtime-lock.mjs derives from package-lock.json', () => {
    const { pkg, lock } = runtimeFiles(JSON.parse(read('package-lock.json'))) as { pkg: unknown; lock: unknown };
    assert.equal(
      readFileSync(path.join(RUNTIME_DIR, 'package.json'), 'utf8'),
      asText(pkg),
      'run node scripts/action/runtime-lock.mjs',
    );
    assert.equal(
      readFileSync(path.join(RUNTIME_DIR, 'package-lock.json'), 'utf8'),
      asText(lock),
      'run node scripts/action/runtime-lock.mjs',
    );
    const root = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
    assert.deepEqual((pkg as { dependencies: unknown }).dependencies, {
      'onnxruntime-node': root.packages['node_modules/onnxruntime-node']?.version,
    });
  });
});

describe('npm configuration', () => {
  it('has no project config key npm does not know (it says those stop working in its next major)', () => {
    const r = spawnSync('npm', ['config', 'get', 'registry'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.doesNotMatch(r.stderr, /Unknown project config/);
  });
  it("denies onnxruntime-node's install script (the CUDA download from NuGet) in allowScripts", () => {
    const pkg = JSON.parse(read('package.json')) as {
      allowScripts?: Record<string, boolean>;
      engines?: { node?: string };
    };
    assert.equal(pkg.allowScripts?.['onnxruntime-node'], false);
    assert.equal(pkg.engines?.node, '>=24');
  });
});

describe('workflows', () => {
  const dir = path.join(REPO_ROOT, '.github', 'workflows');
  const workflows = readdirSync(dir).filter((n) => n.endsWith('.yml'));
  it('run on GitHub-hosted runners only; the self-hosted GPU examples live in examples/workflows', () => {
    for (const name of workflows) {
      const wf = parse(readFileSync(path.join(dir, name), 'utf8')) as { jobs: Record<string, { 'runs-on': unknown }> };
      for (const [job, spec] of Object.entries(wf.jobs))
        assert.equal(spec['runs-on'], 'ubuntu-latest', `${name}: ${job}`);
    }
    assert.ok(existsSync(path.join(REPO_ROOT, 'examples/workflows/perf-gate.yml')));
  });
  it('use the action itself as ./ and every other action pinned to a commit SHA', () => {
    const files = [
      ...workflows.map((n) => `.github/workflows/${n}`),
      ...readdirSync(path.join(REPO_ROOT, 'examples/workflows')).map((n) => `examples/workflows/${n}`),
    ];
    for (const file of files)
      for (const [, ref] of read(file).matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm))
        if (ref !== './' && !ref!.startsWith('acme/llm-perf-gate@'))
          assert.match(ref ?? '', /@[0-9a-f]{40}$/, `${file}: ${ref} is not pinned to a commit`);
    assert.match(read('.github/workflows/self-test.yml'), /uses: \.\/\n/);
  });
});
