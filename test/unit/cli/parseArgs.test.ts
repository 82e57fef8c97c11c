import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../../src/cli/parseArgs.ts';

const spec = {
  config: { type: 'string', short: 'c' },
  baseline: { type: 'list' },
  quiet: { type: 'boolean' },
} as const;

describe('parseArgs', () => {
  it('reads strings, booleans and lists that run to the next flag', () => {
    assert.deepEqual(parseArgs('run', ['-c', 'a.yml', '--baseline', 'x.json', 'y.json', '--quiet'], spec), {
      config: 'a.yml',
      baseline: ['x.json', 'y.json'],
      quiet: true,
    });
    assert.deepEqual(parseArgs('run', ['--config=a.yml', '--baseline=x.json', '--baseline', 'y.json'], spec), {
      config: 'a.yml',
      baseline: ['x.json', 'y.json'],
    });
  });

  it('rejects unknown options with a suggestion, and missing values', () => {
    assert.throws(() => parseArgs('run', ['--confg', 'a'], spec), /unknown option --confg \(did you mean --config\?\)/);
    assert.throws(() => parseArgs('run', ['--config'], spec), /--config needs a value/);
    assert.throws(() => parseArgs('run', ['--baseline', '--quiet'], spec), /--baseline needs at least one value/);
    assert.throws(() => parseArgs('run', ['stray'], spec), /unexpected argument "stray"/);
  });
});
