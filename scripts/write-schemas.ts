// Regenerates schema/*.json from the zod schemas (a unit test fails when they are stale).
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchemaOf, SCHEMA_FILES } from '../src/result/jsonSchemas.js';

mkdirSync('schema', { recursive: true });
for (const name of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
  writeFileSync(`schema/${name}`, jsonSchemaOf(name));
  console.log(`wrote schema/${name}`);
}
