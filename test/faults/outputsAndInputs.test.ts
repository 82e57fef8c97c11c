// Output and input faults through the real CLI (issue 15, "Output problems found last" and the
// hostile inputs): each ends with exit 2, a message naming the file and the reason and no stack
// trace; output problems are found before any benchmark starts; a write that fails after the run
// keeps the measurements; nothing partial or temporary is left.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { RESULT_VERSION } from '../../src/result/schema.ts';
import { cleanup, listFiles, ROOT, startCli, survivors } from '../support/cliProcess.ts';
import { fill, mountTmpfs } from '../support/tmpfs.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'lpg-outin-'));
after(() => rmSync(work, { recursive: true, force: true }));
const FAKE = path.join(ROOT, 'fixtures/engines/fake-subprocess.mjs');
const CONFIG = path.join(work, 'perf-gate.yml');
writeFileSync(
  CONFIG,
  `protocol: { iterations: 3, max_new_tokens: 5, prompt_tokens: 4 }
benchmarks:
  - name: a
    engine: command
    options: { run: ['${process.execPath}', '${FAKE}'], env: { FAKE_MODE: good } }
`,
);

/** Runs the CLI to its end and checks what every fault must satisfy. */
async function cli(args: string[], opts: { preload?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = startCli(args, { cwd: work, ...opts });
  const exit = await run.exited;
  assert.deepEqual(await survivors(run.marker), [], 'a process survived');
  assert.doesNotMatch(run.stderr(), /^\s+at /m, `a stack trace:\n${run.stderr()}`);
  const tmp = listFiles(run.tmp).filter((f) => !f.startsWith('tsx-'));
  cleanup(run);
  return { code: exit.code, stderr: run.stderr(), stdout: run.stdout(), tmp };
}

const noTempFiles = (dir: string) =>
  assert.deepEqual(
    listFiles(dir).filter((f) => f.endsWith('.tmp') || f.includes('.llm-perf-gate-probe-')),
    [],
  );

describe('outputs', { timeout: 120_000 }, () => {
  it('--out equal to the config or a baseline: exit 2 before anything runs', async () => {
    const r = await cli(['run', '--config', CONFIG, '--out', CONFIG]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write .*perf-gate.yml: --out it is also an input \(--config/);
    assert.doesNotMatch(r.stderr, /starting/);
    assert.match(readFileSync(CONFIG, 'utf8'), /^protocol:/, 'the config is intact');
  });

  it('--out under a file: exit 2 before anything runs', async () => {
    const r = await cli(['run', '--config', CONFIG, '--out', path.join(CONFIG, 'results.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write .*perf-gate.yml\/results.json: a folder on its path is a file/);
    assert.doesNotMatch(r.stderr, /starting/);
  });

  it('a read-only output folder: exit 2 before anything runs', async (t) => {
    const ro = mountTmpfs(path.join(work, 'ro'), { sizeKb: 64, readOnly: true });
    let dir = ro?.dir;
    if (!ro) {
      if (process.getuid?.() === 0) return t.skip('root without mount permission: a read-only folder cannot be made');
      dir = path.join(work, 'ro-chmod');
      mkdirSync(dir);
      chmodSync(dir, 0o555);
    }
    try {
      const r = await cli(['run', '--config', CONFIG, '--out', path.join(dir!, 'results.json')]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot write .*results.json: (the file system is read-only|permission denied)/);
      assert.doesNotMatch(r.stderr, /starting/);
    } finally {
      ro?.unmount();
    }
  });

  it('a disk that fills up during the run: exit 2 naming path and reason, results saved elsewhere, report printed', async () => {
    const mounted = mountTmpfs(path.join(work, 'full'), { sizeKb: 64 });
    const dir = mounted?.dir ?? path.join(work, 'injected');
    mkdirSync(dir, { recursive: true });
    try {
      if (mounted) fill(mounted);
      const out = path.join(dir, 'results.json');
      const r = await cli(['run', '--config', CONFIG, '--out', out, '--format', 'markdown'], {
        ...(mounted
          ? {}
          : { preload: path.join(ROOT, 'test/support/enospcPreload.mjs'), env: { FAULT_ENOSPC_DIR: dir } }),
      });
      assert.equal(r.code, 2, r.stderr);
      const m =
        /cannot write (.*results.json): no space left on the device \(ENOSPC\); the results were saved to (\S+) instead/.exec(
          r.stderr,
        );
      assert.ok(m, r.stderr);
      assert.equal(m[1], out);
      // The fallback is in the run's temp folder (which the harness inspects): a valid result file.
      assert.deepEqual(r.tmp, [path.basename(m[2]!)]);
      assert.match(r.stdout, /### llm-perf-gate/);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f !== '.filler'),
        [],
        'no partial or temporary file in the full folder',
      );
    } finally {
      mounted?.unmount();
    }
  });
});

describe('inputs', { timeout: 120_000 }, () => {
  const baseline = (name: string, text: string) => {
    const p = path.join(work, name);
    writeFileSync(p, text);
    return p;
  };
  const good = async () => {
    const out = path.join(work, 'good.json');
    const r = await cli(['run', '--config', CONFIG, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    return readFileSync(out, 'utf8');
  };

  it('a truncated, a corrupt and a newer-version baseline: exit 2 naming the file, before the run', async () => {
    const text = await good();
    const newer = JSON.parse(text) as { version: number };
    newer.version = RESULT_VERSION + 1;
    const cases: [string, RegExp][] = [
      [
        baseline('truncated.json', text.slice(0, text.length / 2)),
        /truncated.json: invalid JSON \(truncated or corrupt\?\)/,
      ],
      [
        baseline('corrupt.json', text.replace(/"e2e_ms": /g, '"e2e_ms": -')),
        /corrupt.json: not a valid result file:\n {2}benchmarks\[0\]\.iterations\[0\]\.e2e_ms: /,
      ],
      [baseline('newer.json', JSON.stringify(newer)), /newer.json: written by a newer llm-perf-gate/],
    ];
    for (const [file, message] of cases) {
      const r = await cli(['run', '--config', CONFIG, '--out', path.join(work, 'x.json'), '--baseline', file]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /starting/);
    }
  });

  it('the same baseline twice: exit 2 naming both files', async () => {
    const text = await good();
    const a = baseline('base-a.json', text);
    const b = baseline('base-b.json', text);
    const r = await cli(['compare', '--baseline', a, b, '--candidate', path.join(work, 'good.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /base-b.json: holds the same run as .*base-a.json/);
  });

  it('a FIFO as the config ends at once with exit 2; so does an alias bomb and margin: 2', async () => {
    const fifo = path.join(work, 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['run', '--config', fifo, '--out', path.join(work, 'y.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /fifo.yml: is not a regular file/);
    const bomb = baseline(
      'bomb.yml',
      `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
    );
    const rb = await cli(['run', '--config', bomb, '--out', path.join(work, 'y.json')]);
    assert.equal(rb.code, 2);
    assert.match(rb.stderr, /aliases expand too far/);
    const margin = baseline('margin.yml', `${readFileSync(CONFIG, 'utf8')}gate: { margin: 2 }\n`);
    const rm = await cli(['run', '--config', margin, '--out', path.join(work, 'y.json')]);
    assert.equal(rm.code, 2);
    assert.match(
      rm.stderr,
      /margin.yml:\d+:\d+: gate.margin: margin is a fraction below 1 \(0.05 = 5%\); for 2% write 0.02/,
    );
  });

  it('leaves no temporary or partial file in the work folder', () => {
    noTempFiles(work);
  });
});
