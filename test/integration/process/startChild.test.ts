// The process executor against real child processes: process groups, timeouts, cancellation,
// streams, exit classification and the scrubbed environment.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { liveChildren, runChild, startChild, stopAllChildren } from '../../../src/process/index.ts';
import { gone, pidsWithMarker } from '../../support/processProbe.ts';

const node = process.execPath;

/** A long-lived process that ignores SIGTERM; its command line carries `marker`, so /proc finds it. */
function sleeper(marker: string): string {
  return `'${node}' -e 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)' ${marker}`;
}

/** A shell that starts a grandchild carrying `marker`, ignores SIGTERM itself, and waits. */
function stubbornTree(marker: string): { command: string; args: string[] } {
  return { command: '/bin/sh', args: ['-c', `trap '' TERM; ${sleeper(marker)} & echo started; wait`] };
}

async function appears(marker: string): Promise<void> {
  const end = Date.now() + 15_000;
  while ((await pidsWithMarker(marker)).length === 0) {
    if (Date.now() > end) assert.fail(`no process with ${marker} started`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('runChild', () => {
  it('reports the exit code, hands on lines as they end and keeps tails', async () => {
    const lines: string[] = [];
    const errLines: string[] = [];
    const exit = await runChild({
      command: node,
      args: ['-e', `process.stdout.write('a\\r\\nb\\rc\\nlast'); process.stderr.write('oops\\n'); process.exit(3)`],
      onStdoutLine: (l) => lines.push(l),
      onStderrLine: (l) => errLines.push(l),
    });
    assert.equal(exit.reason, 'exit');
    assert.equal(exit.code, 3);
    assert.equal(exit.signal, null);
    assert.deepEqual(lines, ['a', 'b', 'c', 'last']);
    assert.deepEqual(errLines, ['oops']);
    assert.equal(exit.stderrTail, 'oops');
    assert.equal(exit.stdoutTail, 'a\nc\nlast');
    assert.ok(exit.pid !== undefined && exit.ms >= 0);
  });

  it('classifies a program that cannot start', async () => {
    const exit = await runChild({ command: 'llm-perf-gate-no-such-program', args: [] });
    assert.equal(exit.reason, 'spawn-error');
    assert.equal(exit.error?.code, 'ENOENT');
    assert.equal(exit.code, null);
  });

  it('classifies a child killed by a signal as its own end', async () => {
    const exit = await runChild({ command: '/bin/sh', args: ['-c', 'kill -9 $$'] });
    assert.equal(exit.reason, 'exit');
    assert.equal(exit.signal, 'SIGKILL');
  });

  it('on timeout kills the whole group, grandchildren that ignore SIGTERM included', async () => {
    const marker = `lpg-timeout-${randomUUID()}`;
    const child = startChild({ ...stubbornTree(marker), timeoutMs: 2000, killGraceMs: 200 });
    await appears(marker);
    const exit = await child.exited;
    assert.equal(exit.reason, 'timeout');
    assert.equal(exit.signal, 'SIGKILL');
    assert.deepEqual(await pidsWithMarker(marker), []);
  });

  it('a child that exits leaves no grandchild behind', async () => {
    const marker = `lpg-leftover-${randomUUID()}`;
    const exit = await runChild({ command: '/bin/sh', args: ['-c', `${sleeper(marker)} >/dev/null 2>&1 & echo $!`] });
    assert.equal(exit.code, 0);
    // The grandchild had closed its pipes, so 'close' came at once; the group was killed at the end.
    assert.ok(await gone(Number(exit.stdoutTail)), 'the grandchild survived');
  });

  it('an abort signal stops the group as cancelled', async () => {
    const controller = new AbortController();
    const marker = `lpg-abort-${randomUUID()}`;
    const done = runChild({
      ...stubbornTree(marker),
      signal: controller.signal,
      killGraceMs: 200,
      onStdoutLine: () => void appears(marker).then(() => controller.abort()),
    });
    const exit = await done;
    assert.equal(exit.reason, 'cancelled');
    assert.deepEqual(await pidsWithMarker(marker), []);
  });

  it('an already-aborted signal stops the child at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const exit = await runChild({ command: 'sleep', args: ['300'], signal: controller.signal });
    assert.equal(exit.reason, 'cancelled');
    assert.equal(exit.signal, 'SIGTERM');
  });

  it('never passes the runner secrets on, whatever env the caller gives', async () => {
    const lines: string[] = [];
    await runChild({
      command: node,
      args: ['-e', 'for (const k of Object.keys(process.env)) console.log(k)'],
      env: {
        PATH: process.env.PATH,
        KEEP_ME: '1',
        'INPUT_GITHUB-TOKEN': 'secret',
        GITHUB_TOKEN: 'secret',
        ACTIONS_RUNTIME_TOKEN: 'secret',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'secret',
      },
      onStdoutLine: (l) => lines.push(l),
    });
    assert.ok(lines.includes('KEEP_ME'));
    assert.deepEqual(
      lines.filter((k) => /TOKEN|INPUT_/.test(k)),
      [],
    );
  });
});

describe('startChild', () => {
  it('talks JSON lines with a worker over stdin and stdout', async () => {
    const replies: string[] = [];
    const worker = startChild({
      command: node,
      args: [
        '-e',
        `require('readline').createInterface({ input: process.stdin }).on('line', (l) => console.log(JSON.stringify({ echo: JSON.parse(l).n * 2 })))`,
      ],
      stdin: 'pipe',
      onStdoutLine: (l) => replies.push(l),
    });
    worker.stdin!.write('{"n": 21}\n');
    while (replies.length === 0) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(JSON.parse(replies[0]!), { echo: 42 });
    worker.stdin!.end();
    const exit = await worker.exited;
    assert.equal(exit.reason, 'exit');
    assert.equal(exit.code, 0);
  });

  it('stopAllChildren stops every live group and waits for them', async () => {
    const markers = [randomUUID(), randomUUID()].map((u) => `lpg-all-${u}`);
    const children = markers.map((m) => startChild({ ...stubbornTree(m), killGraceMs: 200 }));
    assert.ok(liveChildren().length >= 2);
    // Wait until both shells started their grandchild.
    for (const m of markers) await appears(m);
    await stopAllChildren();
    for (const c of children) assert.equal((await c.exited).reason, 'cancelled');
    for (const m of markers) assert.deepEqual(await pidsWithMarker(m), []);
    assert.deepEqual(liveChildren(), []);
  });

  it('a write to a worker that can no longer read fails quietly instead of crashing this process', async () => {
    // The child closes its stdin and lives on, as a worker that died mid-request looks until its
    // exit is seen: the write then fails with EPIPE, and an 'error' event nobody handled would crash
    // this process. (After `exited` the stream is already destroyed and a write cannot crash.)
    let closedStdin!: () => void;
    const ready = new Promise<void>((r) => (closedStdin = r));
    const worker = startChild({
      command: node,
      args: ['-e', 'require("fs").closeSync(0); console.log("closed"); setTimeout(() => {}, 30_000)'],
      stdin: 'pipe',
      onStdoutLine: (line) => line === 'closed' && closedStdin(),
    });
    try {
      await ready;
      const stdin = worker.stdin!;
      // Not events.once: it rejects on 'error', and handling that is what is under test.
      const closed = new Promise((resolve) => stdin.on('close', resolve));
      const written = await new Promise<Error | null | undefined>((resolve) =>
        stdin.write('{"late": true}\n', resolve),
      );
      assert.equal((written as NodeJS.ErrnoException | null | undefined)?.code, 'EPIPE');
      // 'error' is emitted before 'close': reaching here means it was handled.
      await closed;
      assert.equal(stdin.destroyed, true);
    } finally {
      await worker.stop();
    }
  });
});
