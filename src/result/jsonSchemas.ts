// JSON Schemas generated from the zod schemas: the committed files in schema/ are the contract for
// tools outside TypeScript (the `command` engine's output, editors validating perf-gate.yml).
import { z } from 'zod';
import { configSchema } from '../config/schema.js';
import { engineOutputSchema, resultSchema } from './schema.js';

export const SCHEMA_FILES = {
  'result.schema.json': resultSchema,
  'engine-output.schema.json': engineOutputSchema,
  'perf-gate.schema.json': configSchema,
} as const;

export function jsonSchemaOf(name: keyof typeof SCHEMA_FILES): string {
  const schema = z.toJSONSchema(SCHEMA_FILES[name], { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const withId = { $id: `urn:llm-perf-gate:schema:${name.replace(/\.schema\.json$/, '')}`, ...schema };
  return `${JSON.stringify(withId, null, 2)}\n`;
}
