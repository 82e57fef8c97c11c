import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from '../../../src/process/lineSplitter.ts';
import { isSecretEnvName, scrubbedEnv } from '../../../src/process/scrubbedEnv.ts';
import { StreamTail } from '../../../src/process/streamTail.ts';

function split(chunks: string[], max?: number): { lines: string[]; clipped: number } {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), max);
  for (const c of chunks) s.push(c);
  s.flush();
  return { lines, clipped: s.clippedChars };
}

describe('LineSplitter', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, across chunk boundaries', () => {
    assert.deepEqual(split(['a\nb', 'c\r', '\nd\re\r\n', 'f']).lines, ['a', 'bc', 'd', 'e', 'f']);
  });

  it('hands on an empty line once, and nothing for an empty stream', () => {
    assert.deepEqual(split(['\n\n']).lines, ['', '']);
    assert.deepEqual(split([]).lines, []);
  });

  it('keeps the first maxLineChars of a long line and counts the rest', () => {
    const { lines, clipped } = split(['x'.repeat(7), 'y'.repeat(5), '\nz'], 10);
    assert.deepEqual(lines, ['xxxxxxxyyy', 'z']);
    assert.equal(clipped, 2);
  });
});

describe('StreamTail', () => {
  it('keeps the last characters, cut at a line boundary, and counts the rest', () => {
    const tail = new StreamTail(10);
    tail.push('first line\nsecond\n');
    tail.push('third\n');
    assert.equal(tail.text(), 'third');
    assert.equal(tail.omittedChars, 14);
  });

  it('shows a progress bar as its last state', () => {
    const tail = new StreamTail(100);
    tail.push('loading 10%\rloading 50%\rloading 100%\nerror: boom\n');
    assert.equal(tail.text(), 'loading 100%\nerror: boom');
  });

  it('stays bounded with many tiny chunks', () => {
    const tail = new StreamTail(16);
    for (let i = 0; i < 100_000; i++) tail.push(String(i % 10));
    assert.equal(tail.text(), '4567890123456789');
    assert.equal(tail.omittedChars, 100_000 - 16);
  });
});

describe('scrubbedEnv', () => {
  it('removes action inputs, tokens and runner service URLs, and keeps the rest', () => {
    const env = scrubbedEnv({
      PATH: '/bin',
      HOME: '/home/x',
      HF_TOKEN: 'kept: the user gave it to the engine',
      'INPUT_GITHUB-TOKEN': 's1',
      INPUT_CONFIG: 'perf-gate.yml',
      GITHUB_TOKEN: 's2',
      github_token: 's3',
      ACTIONS_RUNTIME_TOKEN: 's4',
      ACTIONS_RESULTS_URL: 's5',
      ACTIONS_CACHE_URL: 's6',
      ACTIONS_ID_TOKEN_REQUEST_URL: 's7',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 's8',
      GITHUB_SHA: 'abc',
    });
    assert.deepEqual(Object.keys(env).sort(), ['GITHUB_SHA', 'HF_TOKEN', 'HOME', 'PATH']);
    assert.equal(isSecretEnvName('ACTIONS_CACHE_SERVICE_V2'), false);
  });
});
