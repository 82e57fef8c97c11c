import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseResult, readResult, ResultFileError } from '../../../src/result/readResult.ts';

const dir = 'fixtures/results/broken';

// Each broken file and the exact message a user gets for it.
const corpus: Record<string, string> = {
  'empty.json': `${dir}/empty.json: the file is empty`,
  'array.json': `${dir}/array.json: expected a JSON object at the top level`,
  'not-a-result.json': `${dir}/not-a-result.json: not an llm-perf-gate result file (format is undefined, expected "llm-perf-gate.result")`,
  'newer-version.json': `${dir}/newer-version.json: written by a newer llm-perf-gate (result format version 2; this one reads up to 1): upgrade llm-perf-gate`,
  'unknown-version.json': `${dir}/unknown-version.json: unknown result format version "1.0" (this llm-perf-gate reads version 1)`,
  'missing-samples.json': `${dir}/missing-samples.json: benchmarks[0].iterations: a benchmark with status "ok" needs at least one iteration`,
  'no-iterations-field.json': `${dir}/no-iterations-field.json: benchmarks[0].iterations: Invalid input: expected array, received undefined`,
  'negative-time.json': `${dir}/negative-time.json: not a valid result file:\n  benchmarks[0].iterations[1].e2e_ms: Too small: expected number to be >0\n  benchmarks[0].iterations[1].ttft_ms: ttft_ms must not exceed e2e_ms`,
  'ttft-after-e2e.json': `${dir}/ttft-after-e2e.json: benchmarks[0].iterations[0].ttft_ms: ttft_ms must not exceed e2e_ms`,
  'failed-without-error.json': `${dir}/failed-without-error.json: benchmarks[0].error: a benchmark with status "failed" needs an error`,
  'duplicate-names.json': `${dir}/duplicate-names.json: benchmarks[1].name: duplicate benchmark name "gpt2-tiny fp32"`,
  'fractional-tokens.json': `${dir}/fractional-tokens.json: benchmarks[0].iterations[0].new_tokens: Invalid input: expected int, received number`,
};

describe('result files', () => {
  it('reads a valid result file', async () => {
    const doc = await readResult('fixtures/results/valid.json');
    assert.equal(doc.benchmarks[0]?.iterations.length, 3);
  });

  for (const [file, message] of Object.entries(corpus)) {
    it(`rejects ${file} with a clear message`, async () => {
      await assert.rejects(readResult(`${dir}/${file}`), (err: Error) => {
        assert.ok(err instanceof ResultFileError);
        assert.equal(err.message, message);
        return true;
      });
    });
  }

  it('says a truncated file is invalid JSON, and names NaN', () => {
    assert.throws(
      () => parseResult(readFileSync(`${dir}/truncated.json`, 'utf8'), 'truncated.json'),
      /^ResultFileError: truncated.json: invalid JSON \(truncated or corrupt\?\)/,
    );
    assert.throws(
      () => parseResult(readFileSync(`${dir}/nan.json`, 'utf8'), 'nan.json'),
      /invalid JSON \(truncated or corrupt\?\): .*\(NaN and Infinity are not valid JSON numbers\)$/,
    );
  });

  it('says when the file does not exist', async () => {
    await assert.rejects(readResult('no/such.json'), /^ResultFileError: no\/such.json: file not found$/);
  });
});
