// Issue 15: `compare` on very many configs ignored SIGTERM while it computed (a signal handler that
// only runs when the event loop is free). It now keeps the default action: it ends at once.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, it } from 'node:test';
import type { ResultDoc } from '../../src/result/schema.ts';
import { cleanup, listFiles, ROOT, startCli, survivors } from '../support/cliProcess.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'lpg-cmpint-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A result file of `n` synthetic configs (the committed baseline's first config, renamed). */
function bigResult(n: number, id: string): string {
  const template = JSON.parse(
    readFileSync(path.join(ROOT, 'fixtures/baseline/default-run1.json'), 'utf8'),
  ) as ResultDoc;
  const b = template.benchmarks[0]!;
  const benchmarks = Array.from({ length: n }, (_, i) => ({
    ...b,
    name: `config-${i}`,
    config_hash: `hash-${i}`,
    iterations: b.iterations.map(({ step_ms: _s, ...s }) => s),
  }));
  const file = path.join(work, `${id}.json`);
  writeFileSync(file, JSON.stringify({ ...template, run: { ...template.run, id }, benchmarks }));
  return file;
}

it('compare over 10,000 configs ends at once on SIGTERM while it computes', { timeout: 120_000 }, async () => {
  const files = ['b1', 'b2', 'b3', 'c'].map((id) => bigResult(10_000, id));
  const run = startCli(['compare', '--baseline', ...files.slice(0, 3), '--candidate', files[3]!, '--format', 'json'], {
    cwd: work,
  });
  // Well into reading and comparing (the whole command takes several seconds here).
  await new Promise((r) => setTimeout(r, 2500));
  const sent = Date.now();
  run.child.kill('SIGTERM');
  const exit = await run.exited;
  const took = Date.now() - sent;
  assert.equal(run.stdout(), '', 'it had not finished yet');
  assert.equal(exit.signal, 'SIGTERM');
  // Generous for a loaded machine; the old code took over a minute.
  assert.ok(took < 5000, `ended ${took} ms after SIGTERM`);
  assert.deepEqual(await survivors(run.marker), []);
  assert.deepEqual(
    listFiles(run.tmp).filter((f) => !f.startsWith('tsx-')),
    [],
  );
  cleanup(run);
});
