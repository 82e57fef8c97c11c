import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { jsonSchemaOf, SCHEMA_FILES } from '../../../src/result/jsonSchemas.ts';

describe('committed JSON Schemas', () => {
  for (const name of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    it(`schema/${name} matches the zod schema (run \`npm run schema\` after changing it)`, () => {
      assert.equal(readFileSync(`schema/${name}`, 'utf8'), jsonSchemaOf(name));
    });
  }

  it('accepts a real result file and the command example contract', () => {
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schema/result.schema.json', 'utf8')));
    assert.ok(
      validate(JSON.parse(readFileSync('fixtures/results/valid.json', 'utf8'))),
      ajv.errorsText(validate.errors),
    );
    const engineOutput = ajv.compile(JSON.parse(readFileSync('schema/engine-output.schema.json', 'utf8')));
    assert.equal(engineOutput({ iterations: [] }), false, 'an output without iterations must be rejected');
    assert.ok(
      engineOutput({ iterations: [{ e2e_ms: 10, ttft_ms: 2, new_tokens: 5, batch_size: 1, prompt_tokens: 6 }] }),
      ajv.errorsText(engineOutput.errors),
    );
  });
});
