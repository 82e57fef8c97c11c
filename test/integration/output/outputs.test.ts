// Outputs are checked before anything runs (writable, distinct from every input) and written
// atomically: a failed write leaves the previous file and no temporary file.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeFileAtomically } from '../../../src/output/atomicWrite.ts';
import { checkOutputs } from '../../../src/output/checkOutputs.ts';
import { OutputError } from '../../../src/output/writeError.ts';
import { fill, mountTmpfs } from '../../support/tmpfs.ts';
import { rejectionOf } from '../../support/rejection.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text = 'x') => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

const outputError = (run: Promise<unknown>) => rejectionOf(run, OutputError);

describe('checkOutputs', () => {
  it('refuses an output that is an input (the config, a baseline), also through another spelling', async () => {
    const config = file('perf-gate.yml');
    const err = await outputError(
      checkOutputs(
        [{ role: '--out', path: path.join(dir, 'sub', '..', 'perf-gate.yml') }],
        [{ role: '--config', path: config }],
      ),
    );
    assert.match(err.message, /--out it is also an input \(--config .*perf-gate.yml\); choose another path/);
  });

  it('refuses two outputs at one path', async () => {
    const out = path.join(dir, 'r.json');
    const err = await outputError(
      checkOutputs(
        [
          { role: '--out', path: out },
          { role: '--report-out', path: out },
        ],
        [],
      ),
    );
    assert.match(err.message, /--report-out it is also an output \(--out/);
  });

  it('names the reason: a folder, a path under a file', async () => {
    assert.match(
      (await outputError(checkOutputs([{ role: '--out', path: dir }], []))).message,
      /is a folder, not a file/,
    );
    const under = path.join(file('plain.txt'), 'results.json');
    assert.match(
      (await outputError(checkOutputs([{ role: '--out', path: under }], []))).message,
      /cannot write .*plain.txt\/results.json: a folder on its path is a file \((ENOTDIR|EEXIST)\)/,
    );
  });

  it('a read-only file system is found before the run', async (t) => {
    const ro = mountTmpfs(path.join(dir, 'ro'), { sizeKb: 64, readOnly: true });
    if (!ro) return t.skip('mounting a tmpfs is not permitted here (the CLI test injects the fault instead)');
    try {
      const err = await outputError(checkOutputs([{ role: '--out', path: path.join(ro.dir, 'r.json') }], []));
      assert.match(err.message, /the file system is read-only \(EROFS\)/);
    } finally {
      ro.unmount();
    }
  });
});

describe('writeFileAtomically', () => {
  it('replaces the file whole, leaving no temporary file', async () => {
    const target = file('a.json', 'old');
    await writeFileAtomically(target, 'new');
    assert.equal(readFileSync(target, 'utf8'), 'new');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('on a full disk: OutputError with the path and reason, the old file intact, no temporary file', async (t) => {
    const full = mountTmpfs(path.join(dir, 'full'), { sizeKb: 64 });
    if (!full) return t.skip('mounting a tmpfs is not permitted here (the CLI test injects the fault instead)');
    try {
      const target = path.join(full.dir, 'r.json');
      writeFileSync(target, 'old');
      fill(full);
      const err = await outputError(writeFileAtomically(target, 'x'.repeat(100_000)));
      assert.match(err.message, /cannot write .*r.json: no space left on the device \(ENOSPC\)/);
      assert.equal(readFileSync(target, 'utf8'), 'old');
      assert.deepEqual(
        readdirSync(full.dir).filter((f) => f.endsWith('.tmp')),
        [],
      );
    } finally {
      full.unmount();
    }
  });
});
