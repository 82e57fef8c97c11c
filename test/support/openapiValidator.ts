// Checks requests against GitHub's official OpenAPI description (@octokit/openapi): the route must
// exist for the method, and path, query and body must match the operation's parameters and schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import OpenAPIRequestValidatorModule from 'openapi-request-validator';

// A CommonJS module with `exports.default`: the class is one level down under ESM interop.
type ValidatorClass = typeof OpenAPIRequestValidatorModule.default;
const OpenAPIRequestValidator = ((OpenAPIRequestValidatorModule as unknown as { default?: ValidatorClass }).default ??
  OpenAPIRequestValidatorModule) as ValidatorClass;
type OpenAPIRequestValidator = InstanceType<ValidatorClass>;

type Json = Record<string, unknown>;

interface Operation {
  readonly template: string;
  readonly method: string;
  readonly regex: RegExp;
  readonly names: string[];
  readonly op: Json;
  /** Literal characters in the template: the most specific template wins. */
  readonly specificity: number;
}

export interface MatchedRequest {
  readonly template: string;
  readonly operationId: string;
  readonly params: Record<string, string>;
}

export interface ValidationOutcome {
  readonly match?: MatchedRequest;
  readonly errors: string[];
}

let spec: Json | undefined;
function loadSpec(): Json {
  if (!spec) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
  }
  return spec;
}

/** Resolves local $refs (cycles are cut to an empty schema; request schemas here have none that matter). */
function deref(root: Json, value: unknown, seen: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => deref(root, v, seen));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Json;
  const ref = obj.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (seen.includes(ref)) return {};
    const target = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    return deref(root, target, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, deref(root, v, seen)]));
}

export class OpenApiValidator {
  private readonly ops: Operation[] = [];
  private readonly validators = new Map<string, OpenAPIRequestValidator>();

  constructor() {
    const root = loadSpec();
    for (const [template, item] of Object.entries(root.paths as Record<string, Json>)) {
      const names: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
        const op = item[method] as Json | undefined;
        if (op)
          this.ops.push({
            template,
            method,
            regex: new RegExp(`^${pattern}$`),
            names,
            op,
            specificity: template.replace(/\{[^}]+\}/g, '').length,
          });
      }
    }
  }

  private validatorFor(o: Operation): OpenAPIRequestValidator {
    const key = `${o.method} ${o.template}`;
    let v = this.validators.get(key);
    if (!v) {
      const root = loadSpec();
      const op = deref(root, o.op) as Json;
      v = new OpenAPIRequestValidator({
        parameters: (op.parameters ?? []) as never,
        requestBody: op.requestBody as never,
        additionalQueryProperties: false,
      });
      this.validators.set(key, v);
    }
    return v;
  }

  /** Query and path values arrive as text; the schema says which are numbers or booleans. */
  private coerce(o: Operation, where: 'query' | 'path', values: Record<string, string>): Record<string, unknown> {
    const root = loadSpec();
    const params = (deref(root, o.op.parameters ?? []) as Json[]).filter((p) => p.in === where);
    const out: Record<string, unknown> = { ...values };
    for (const p of params) {
      const name = p.name as string;
      const type = (p.schema as Json | undefined)?.type;
      const v = values[name];
      if (v === undefined) continue;
      if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(v)) out[name] = Number(v);
      if (type === 'boolean' && (v === 'true' || v === 'false')) out[name] = v === 'true';
    }
    return out;
  }

  validate(req: {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Json;
    body: unknown;
  }): ValidationOutcome {
    const method = req.method.toLowerCase();
    const candidates = this.ops
      .filter((o) => o.method === method && o.regex.test(req.path))
      .sort((a, b) => b.specificity - a.specificity);
    const o = candidates[0];
    if (!o) return { errors: [`${req.method} ${req.path} is not an operation of the GitHub REST API`] };
    const m = o.regex.exec(req.path) ?? [];
    const params = Object.fromEntries(o.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
    const result = this.validatorFor(o).validateRequest({
      params: this.coerce(o, 'path', params),
      query: this.coerce(o, 'query', req.query),
      headers: req.headers,
      body: req.body,
    }) as { errors?: { path?: string; message: string; location?: string }[] } | undefined;
    const errors = (result?.errors ?? []).map((e) =>
      `${req.method} ${o.template}: ${e.location ?? ''} ${e.path ?? ''} ${e.message}`.replace(/\s+/g, ' '),
    );
    return { match: { template: o.template, operationId: String(o.op.operationId), params }, errors };
  }
}
