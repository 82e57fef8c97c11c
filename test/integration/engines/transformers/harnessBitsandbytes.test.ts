// The harness's check of an installed bitsandbytes (python/llm_perf_gate_harness.py,
// check_bitsandbytes): a build from source can leave a package that imports but has no CUDA
// library (bitsandbytes then stands in an ErrorHandlerMockBNBNativeLibrary and fails only at the
// first kernel call), or an old version that transformers refuses. Each must end the row as
// dependency-missing with the reason, before any model is loaded. Stand-in packages reproduce
// those states here (no GPU, no bitsandbytes on this machine).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from '../command/fixtures.js';

const noPython = spawnSync('python3', ['--version']).error !== undefined;

/** A bitsandbytes package of these files (name -> text), and the harness's verdict on it. */
function verdict(
  dir: string,
  label: string,
  files: Record<string, string>,
): { kind?: string; message?: string; ok?: boolean } {
  const site = path.join(dir, label);
  mkdirSync(path.join(site, 'bitsandbytes'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(site, 'bitsandbytes', name), text);
  const code = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'python'))})`,
    'import llm_perf_gate_harness as h',
    'try:',
    '    h.check_bitsandbytes("mistral-7b-nf4", "nf4")',
    '    print(json.dumps({"ok": True}))',
    'except h.HarnessError as err:',
    '    print(json.dumps({"kind": err.kind, "message": str(err)}))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', code], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: '1' },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { kind?: string; message?: string; ok?: boolean };
}

describe('harness: bitsandbytes check', { skip: noPython ? 'python3 is not installed' : false }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-bnb-'));

  it('accepts a recent bitsandbytes whose CUDA library loaded', () => {
    const files = {
      '__init__.py': '__version__ = "0.50.1"\n',
      'cextension.py': 'class CudaBNBNativeLibrary: pass\nlib = CudaBNBNativeLibrary()\n',
    };
    assert.deepEqual(verdict(dir, 'good', files), { ok: true });
  });

  it('refuses a package without its CUDA library, quoting bitsandbytes’ own error', () => {
    const cextension = [
      'class ErrorHandlerMockBNBNativeLibrary:',
      '    error_msg = "No compatible CUDA binary found at .../libbitsandbytes_cuda130.so"',
      'lib = ErrorHandlerMockBNBNativeLibrary()',
    ].join('\n');
    const v = verdict(dir, 'nolib', { '__init__.py': '__version__ = "0.50.1"\n', 'cextension.py': cextension });
    assert.equal(v.kind, 'dependency-missing');
    assert.match(
      v.message ?? '',
      /^bitsandbytes 0\.50\.1 has no usable CUDA library for this torch \(No compatible CUDA binary found at .*libbitsandbytes_cuda130\.so\); config "mistral-7b-nf4" needs it for quantization nf4$/,
    );
  });

  it('refuses a version older than transformers accepts', () => {
    const v = verdict(dir, 'old', { '__init__.py': '__version__ = "0.45.5"\n' });
    assert.equal(v.kind, 'dependency-missing');
    assert.match(v.message ?? '', /^bitsandbytes 0\.45\.5 is too old \(>= 0\.46\.1 needed, as transformers requires\)/);
  });

  it('reports a package that fails to import', () => {
    const v = verdict(dir, 'broken', {
      '__init__.py': 'raise OSError("libcudart.so.13: cannot open shared object file")\n',
    });
    assert.equal(v.kind, 'dependency-missing');
    assert.match(
      v.message ?? '',
      /^bitsandbytes is installed but does not import \(OSError: libcudart\.so\.13: cannot open shared object file\); config "mistral-7b-nf4"/,
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));
});
