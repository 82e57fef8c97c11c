import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { findPackageRoot, resolveHarnessPath } from '../../../../src/engines/transformers/harnessPath.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const HARNESS = path.join(ROOT, 'python', 'llm_perf_gate_harness.py');

describe('harness path', () => {
  it('is found from the source tree', () => {
    assert.equal(resolveHarnessPath({}), HARNESS);
  });

  it('is found from a bundle nested like dist/chunks/', async () => {
    // The real dist/ is a bundle: the module's own folder says nothing about the src/ layout.
    const dir = path.join(ROOT, 'tmp', `harness-path-test-${process.pid}`);
    const outfile = path.join(dir, 'dist', 'chunks', 'entry.js');
    mkdirSync(path.dirname(outfile), { recursive: true });
    try {
      await build({
        stdin: {
          contents:
            "import { resolveHarnessPath } from './src/engines/transformers/harnessPath.ts'; console.log(resolveHarnessPath({}));",
          resolveDir: ROOT,
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'esm',
        outfile,
        logLevel: 'silent',
      });
      assert.equal(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }).trim(), HARNESS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows LLM_PERF_GATE_HARNESS, and gives a clear error outside a package', () => {
    assert.equal(resolveHarnessPath({ LLM_PERF_GATE_HARNESS: '/opt/h.py' }), '/opt/h.py');
    assert.equal(findPackageRoot('/'), undefined);
    assert.throws(
      () => resolveHarnessPath({}, pathToFileURL('/x/y.js').href),
      /cannot find python\/llm_perf_gate_harness\.py above/,
    );
  });
});
