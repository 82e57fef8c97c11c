// The "Reproduce locally" command must paste back into a shell unchanged, --filter regexes included.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { shellWord } from '../../../src/cli/runCommand.js';

void test('plain words stay bare; anything a shell would read differently is single-quoted', () => {
  assert.equal(shellWord('fixtures/default.perf-gate.yml'), 'fixtures/default.perf-gate.yml');
  assert.equal(shellWord('^gpt2-tiny fp32 webgpu$'), "'^gpt2-tiny fp32 webgpu$'");
  assert.equal(shellWord('1/3'), '1/3');
});

void test('a shell reads every quoted word back as the original', () => {
  const words = ['^a b$', "it's", 'x*(y|z)', '$HOME', 'back\\slash', "'", ''];
  const out = execFileSync('sh', ['-c', `printf '%s\\n' ${words.map(shellWord).join(' ')}`], { encoding: 'utf8' });
  assert.deepEqual(out.split('\n').slice(0, -1), words);
});
