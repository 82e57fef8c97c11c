// Every key path a generated JSON Schema (schema/*.json, from the zod schemas) accepts, for the
// docs-vs-schema tests: `a.b`, `list[].c`, `map.<metric>.d` for records of objects, and the options
// of each engine as `E:options.x` (the benchmark union is discriminated by `engine`).
export interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: { enum?: string[] };
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  const?: unknown;
  default?: unknown;
}

/** Key path → its default (undefined where the schema has none). */
export function schemaKeys(node: JsonSchema, at = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) {
    const engine = branch.properties?.['engine']?.const;
    if (typeof engine !== 'string') {
      schemaKeys(branch, at, out);
      continue;
    }
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      if (key === 'options') schemaKeys(child, `${engine}:options`, out);
      else visit(child, `${at}.${key}`, out);
    }
  }
  for (const [key, child] of Object.entries(node.properties ?? {})) visit(child, at ? `${at}.${key}` : key, out);
  if (typeof node.additionalProperties === 'object' && node.additionalProperties.properties)
    schemaKeys(node.additionalProperties, `${at}.<metric>`, out);
  if (node.items) schemaKeys(node.items, `${at}[]`, out);
  return out;
}

function visit(node: JsonSchema, at: string, out: Map<string, unknown>): void {
  out.set(at, node.default);
  schemaKeys(node, at, out);
}
