// 200 MB on stdout and stderr without a single newline: handled in linear time with bounded memory.
// (The old splitter re-joined and re-split the pending text on every chunk: quadratic, and it held
// the whole line.) In its own file so this process's peak RSS reflects this test alone.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runChild } from '../../../src/process/index.ts';

const MB = 1024 * 1024;

it('200 MB without a newline on both streams: one clipped line, tails, bounded memory', async () => {
  const lines: number[] = [];
  const before = process.resourceUsage().maxRSS * 1024;
  const exit = await runChild({
    command: '/bin/sh',
    args: ['-c', "head -c 209715200 /dev/zero | tr '\\0' x; head -c 209715200 /dev/zero | tr '\\0' y >&2"],
    onStdoutLine: (l) => lines.push(l.length),
    onStderrLine: () => undefined,
    maxLineChars: 4096,
    tailBytes: 1000,
  });
  const grew = process.resourceUsage().maxRSS * 1024 - before;
  assert.equal(exit.code, 0);
  assert.deepEqual(lines, [4096]);
  assert.equal(exit.stdoutTail, 'x'.repeat(1000));
  assert.equal(exit.omitted.stdout, 200 * MB - 1000);
  assert.equal(exit.omitted.stderr, 200 * MB - 1000);
  // Holding either stream would cost 200 MB or more; chunks in flight cost a few MB.
  assert.ok(grew < 100 * MB, `peak RSS grew by ${Math.round(grew / MB)} MB`);
});
