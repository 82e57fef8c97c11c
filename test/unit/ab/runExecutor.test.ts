import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AbRunError, processRunExecutor, runArgs, type AbRunRequest } from '../../../src/ab/runExecutor.ts';
import { benchmark, around, resultDoc } from '../../support/reportBuilders.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-abexec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Stands in for `llm-perf-gate run`: writes a result whose fields echo what it was given.
const template = resultDoc([benchmark('x', around(100))]);
const fakeCli = path.join(dir, 'fake-cli.mjs');
writeFileSync(
  fakeCli,
  `import { writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
const at = (f) => args[args.indexOf(f) + 1];
if (process.env.FAKE_FAIL) { process.stderr.write('config broken in this tree\\n'); process.exit(2); }
const doc = ${JSON.stringify(template)};
doc.run.label = at('--label');
doc.run.git = { sha: process.env.GITHUB_SHA, ...(process.env.GITHUB_REF ? { ref: process.env.GITHUB_REF } : {}) };
doc.benchmarks[0].engine_info = { cwd: process.cwd(), side: process.env.LLM_PERF_GATE_AB_SIDE, args: args.join(' ') };
writeFileSync(at('--out'), JSON.stringify(doc));
`,
);

const request = (over: Partial<AbRunRequest> = {}): AbRunRequest => ({
  side: 'base',
  pair: 2,
  treeRoot: dir,
  configPath: path.join(dir, 'perf-gate.yml'),
  outFile: path.join(dir, 'base-2.json'),
  label: 'base-2',
  git: { sha: 'b'.repeat(40), ref: 'origin/main' },
  ...over,
});

describe('processRunExecutor', () => {
  it("starts `run` in the side's tree with the side's commit and labels, and reads its result", async () => {
    const exec = processRunExecutor({
      cli: [process.execPath, fakeCli],
      env: { ...process.env, GITHUB_SHA: 'head', GITHUB_REF: 'refs/pull/1/merge' },
    });
    const doc = await exec.run(request({ filter: '^x$' }));
    assert.equal(doc.run.label, 'base-2');
    assert.deepEqual(doc.run.git, { sha: 'b'.repeat(40), ref: 'origin/main' });
    const info = doc.benchmarks[0]!.engine_info;
    assert.equal(info.cwd, dir);
    assert.equal(info.side, 'base');
    assert.equal(info.args, runArgs(request({ filter: '^x$' })).join(' '));
    assert.match(String(info.args), /--filter \^x\$/);
    // The head side keeps no stale base ref.
    const head = await exec.run(
      request({ side: 'head', label: 'head-2', git: { sha: 'h'.repeat(40) }, outFile: path.join(dir, 'head-2.json') }),
    );
    assert.deepEqual(head.run.git, { sha: 'h'.repeat(40) });
  });

  it('turns a run that exits non-zero into an AbRunError carrying its stderr', async () => {
    const exec = processRunExecutor({ cli: [process.execPath, fakeCli], env: { ...process.env, FAKE_FAIL: '1' } });
    await assert.rejects(
      exec.run(request()),
      (e: unknown) =>
        e instanceof AbRunError && /base-2 \(base at bbbbbbbbbbbb\) exited with code 2:\nconfig broken/.test(e.message),
    );
  });
});
