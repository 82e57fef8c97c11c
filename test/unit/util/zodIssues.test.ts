// One path style for every "path: message" list (configs, result files, shard placeholders, engine
// outputs, recordings).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { issueLine, issueLines, issuePath, TOP_LEVEL } from '../../../src/util/zodIssues.ts';

describe('issuePath', () => {
  it('writes nested keys with dots and array indexes in brackets', () => {
    assert.equal(issuePath(['benchmarks', 1, 'options', 'provider']), 'benchmarks[1].options.provider');
    assert.equal(issuePath(['iterations', 0, 'ttft_ms']), 'iterations[0].ttft_ms');
    assert.equal(issuePath([0, 1]), '[0][1]');
    assert.equal(issuePath(['_private', 'a1']), '_private.a1');
  });

  it('quotes keys that are not identifiers, wherever they are', () => {
    assert.equal(issuePath(['engine_info', 'a-b']), 'engine_info["a-b"]');
    assert.equal(issuePath(['tags', 'two words', 'x']), 'tags["two words"].x');
    assert.equal(issuePath(['1st']), '["1st"]');
    assert.equal(issuePath(['say "hi"']), '["say \\"hi\\""]');
    assert.equal(issuePath(['']), '[""]');
    assert.equal(issuePath(['a', Symbol('s')]), 'a["Symbol(s)"]');
  });

  it('names the document itself "(top level)"', () => {
    assert.equal(issuePath([]), '(top level)');
    assert.equal(TOP_LEVEL, '(top level)');
  });
});

describe('issueLines', () => {
  const schema = z.strictObject({
    name: z.string(),
    runs: z.array(z.strictObject({ ms: z.number() })),
    labels: z.record(z.string(), z.number()),
  });
  const issues = () => {
    const parsed = schema.safeParse({ runs: [{ ms: 1 }, { ms: 'x' }], labels: { 'my-label': 'y' }, extra: 1 });
    assert.equal(parsed.success, false);
    return parsed.error!.issues;
  };

  it('puts each zod issue at its path', () => {
    assert.deepEqual(issueLines(issues()), [
      'name: Invalid input: expected string, received undefined',
      'runs[1].ms: Invalid input: expected number, received string',
      'labels["my-label"]: Invalid input: expected number, received string',
      '(top level): Unrecognized key: "extra"',
    ]);
  });

  it('shows the first `max` and counts the rest', () => {
    const lines = issueLines(issues(), 2);
    assert.deepEqual(lines.slice(0, 2), issueLines(issues()).slice(0, 2));
    assert.deepEqual(lines.slice(2), ['… and 2 more']);
    assert.deepEqual(issueLines(issues(), 4), issueLines(issues()));
    assert.deepEqual(issueLines([]), []);
  });

  it('formats one issue the same way', () => {
    assert.equal(issueLine({ path: ['a', 0], message: 'bad' }), 'a[0]: bad');
  });
});
