// `llm-perf-gate ab` option checking: every bad value is refused with exit 2 and a message naming
// the option, before anything starts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main.ts';

async function run(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  let stderr = '';
  let stdout = '';
  const code = await main(['ab', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: process.cwd(),
    env: process.env,
    isTTY: false,
  });
  return { code, stderr, stdout };
}

describe('ab command options', () => {
  const base = ['--config', 'fixtures/default.perf-gate.yml', '--base', 'HEAD'];
  it('refuses one worker a side, with the reason', async () => {
    const r = await run([...base, '--workers', '1']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--workers must be a whole number ≥ 2, got "1"/);
  });
  it('refuses bad budgets, blocks, trial counts and seeds', async () => {
    for (const [flag, value, re] of [
      ['--budget-s', '0', /--budget-s must be a positive number/],
      ['--block', '0', /--block must be a whole number ≥ 1/],
      ['--trials', '2.5', /--trials must be a whole number ≥ 1/],
      ['--seed', '-1', /--seed must be a whole number ≥ 0/],
    ] as const) {
      const r = await run([...base, flag, value]);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.match(r.stderr, re);
    }
  });
  it('documents the options in --help', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    for (const o of ['--workers', '--budget-s', '--block', '--no-restart', '--trials', '--seed'])
      assert.ok(r.stdout.includes(o), o);
  });
});
