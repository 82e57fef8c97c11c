// docs/results.md is the result file reference: its Field tables name every field of the result
// schema (src/result/schema.ts, through its generated JSON Schema) and nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonSchemaOf } from '../../../src/result/jsonSchemas.js';
import { schemaKeys, type JsonSchema } from '../../support/jsonSchemaKeys.js';
import { keyRows, readDoc } from '../../support/markdownDocs.js';

describe('docs/results.md', () => {
  it('documents every field of the result schema, once, and nothing else', () => {
    const schema = JSON.parse(jsonSchemaOf('result.schema.json')) as JsonSchema;
    const fields = keyRows(readDoc('docs/results.md'))
      .filter((r) => r.cells['Field'] !== undefined)
      .map((r) => r.key);
    assert.deepEqual([...fields].sort(), [...new Set(fields)].sort(), 'a field is documented twice');
    assert.deepEqual([...fields].sort(), [...schemaKeys(schema).keys()].sort());
  });
});
