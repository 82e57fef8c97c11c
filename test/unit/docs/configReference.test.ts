// docs/config.md is the perf-gate.yml reference: it must name every key the zod schema accepts,
// nothing the schema lacks, and each key's default where the schema has one. The keys come from the
// JSON Schema generated from src/config/schema.ts, so a new key without a docs row fails here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonSchemaOf } from '../../../src/result/jsonSchemas.js';
import { schemaKeys, type JsonSchema } from '../../support/jsonSchemaKeys.js';
import { keyRows, readDoc, sectionsOf } from '../../support/markdownDocs.js';

/** Where the docs name each engine's options: `options.x` under a heading naming `engine: E`. */
const ENGINE_HEADING = /`engine: (\w+)`/;
/** Documented as one row ("the same keys as protocol"), checked against `protocol` below. */
const OVERRIDE = 'benchmarks[].protocol';

const schema = JSON.parse(jsonSchemaOf('perf-gate.schema.json')) as JsonSchema;
const keys = schemaKeys(schema);
const userKeys = [...keys.keys()].filter((k) => !k.startsWith(`${OVERRIDE}.`));

const docs = readDoc('docs/config.md');
const rows = sectionsOf(docs).flatMap((s) => {
  const engine = ENGINE_HEADING.exec(s.heading)?.[1];
  return keyRows(s.body)
    .filter((r) => engine === undefined || r.key.startsWith('options.'))
    .map((r) => ({ ...r, key: engine ? `${engine}:${r.key}` : r.key }));
});
const keyed = rows.filter((r) => r.cells['Default'] !== undefined);

/** How a default reads in the Default column. */
function shown(value: unknown): string {
  return `\`${Array.isArray(value) ? JSON.stringify(value) : String(value)}\``;
}

describe('docs/config.md', () => {
  it('documents every key of the config schema, once, and nothing else', () => {
    const documented = keyed.map((r) => r.key);
    assert.deepEqual([...documented].sort(), [...new Set(documented)].sort(), 'a key is documented twice');
    assert.deepEqual([...documented].sort(), [...userKeys].sort());
  });

  it("shows each key's default where the schema sets one", () => {
    for (const row of keyed) {
      const fallback = keys.get(row.key);
      if (fallback === undefined || typeof fallback === 'object') continue;
      assert.equal(row.cells['Default'], shown(fallback), `default of ${row.key}`);
    }
  });

  it('a benchmark may override exactly the protocol keys', () => {
    const under = (prefix: string) =>
      [...keys.keys()].filter((k) => k.startsWith(`${prefix}.`)).map((k) => k.slice(prefix.length + 1));
    assert.deepEqual(under(OVERRIDE).sort(), under('protocol').sort());
  });

  it('lists every metric name that gate.metrics accepts', () => {
    const names =
      schema.properties?.['gate']?.properties?.['metrics']?.propertyNames?.enum ?? assert.fail('no metric names');
    const section = sectionsOf(docs).find((s) => s.heading === 'Metric names') ?? assert.fail('no "Metric names"');
    assert.deepEqual(
      keyRows(section.body)
        .map((r) => r.key)
        .sort(),
      [...names].sort(),
    );
  });
});
