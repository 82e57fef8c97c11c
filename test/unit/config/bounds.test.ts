// Issue 15, "Wrong passes from settings" and "Unbounded work": values that are typos or unit
// mix-ups are refused with a message that says what was meant; every field has a range.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, MAX_SHOWN_ISSUES, parseConfig } from '../../../src/config/loadConfig.ts';

const bench = `benchmarks:
  - name: a
    engine: command
    options: { run: [x] }
`;

function problems(text: string): string {
  try {
    parseConfig(text, 'perf-gate.yml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  return assert.fail('expected a config error');
}

describe('config bounds', () => {
  it('margin: 2 (meant as 2%) is refused with the fraction it stands for', () => {
    const msg = problems(`${bench}gate: { margin: 2 }\n`);
    assert.match(
      msg,
      /perf-gate.yml:5:\d+: gate.margin: margin is a fraction below 1 \(0.05 = 5%\); for 2% write 0.02/,
    );
  });

  it('per-metric margins and the memory tolerance follow the same rule', () => {
    assert.match(problems(`${bench}gate: { metrics: { e2e_tok_s: { margin: 5 } } }\n`), /for 5% write 0.05/);
    assert.match(problems(`${bench}gate: { memory_tolerance: 10 }\n`), /memory_tolerance is a fraction below 1/);
    // Zero is allowed: every change outside the interval counts.
    assert.equal(parseConfig(`${bench}gate: { margin: 0 }\n`, 'p.yml').config.gate.margin, 0);
  });

  it('runaway iterations, tokens, batch and budgets are refused, saying why', () => {
    const msg = problems(`protocol:
  iterations: 1000000000
  max_new_tokens: 1000000000
  batch_size: 1000000
  warmup: 1000
  budget: { max_seconds: 1e9, max_iterations: 1e12 }
${bench}`);
    assert.match(msg, /protocol.iterations: at most 10000 \(more measured iterations/);
    assert.match(msg, /protocol.max_new_tokens: at most 131072/);
    assert.match(msg, /protocol.batch_size: at most 4096/);
    assert.match(msg, /protocol.warmup: at most 100/);
    assert.match(msg, /protocol.budget.max_seconds: at most 86400/);
    assert.match(msg, /protocol.budget.max_iterations: at most 100000/);
  });

  it('caps the problems it prints and counts the rest', () => {
    const many = Array.from(
      { length: 300 },
      (_, i) => `  - { name: b${i}, engine: command, options: { run: [x] }, protocol: { iterations: 0 } }`,
    );
    const msg = problems(`benchmarks:\n${many.join('\n')}\n`);
    assert.match(msg, /invalid config \(300 problems\)/);
    assert.equal(msg.split('\n').filter((l) => l.includes('protocol.iterations')).length, MAX_SHOWN_ISSUES);
    assert.match(msg, /… and 250 more problems/);
  });

  it('every field of the JSON Schema has a range (numbers, strings, lists) or is an enum', () => {
    const schema = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../../../schema/perf-gate.schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    assert.deepEqual(unboundedFields(schema), []);
  });
});

describe('YAML', () => {
  it('an alias bomb is a config error, not a crash', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    assert.match(problems(`${lines.join('\n')}\n${bench}`), /aliases expand too far \(over 100 alias uses/);
  });

  it('merge keys work (<<: *base), instead of becoming an unknown key "<<"', () => {
    const loaded = parseConfig(
      `benchmarks:
  - &base
    name: a
    engine: command
    options: { run: [x], timeout_s: 60 }
  - <<: *base
    name: b
`,
      'p.yml',
    );
    assert.deepEqual(
      loaded.config.benchmarks.map((b) => [b.name, b.engine, (b.options as { timeout_s: number }).timeout_s]),
      [
        ['a', 'command', 60],
        ['b', 'command', 60],
      ],
    );
  });
});

/** Paths of leaves in a JSON Schema without bounds (numbers without min and max, strings without maxLength or pattern, arrays without maxItems). */
function unboundedFields(root: Record<string, unknown>): string[] {
  const defs = (root.$defs ?? root.definitions ?? {}) as Record<string, Record<string, unknown>>;
  const out: string[] = [];
  const walk = (node: Record<string, unknown> | undefined, at: string, seen: Set<unknown>): void => {
    let s = node;
    if (s?.$ref) s = defs[String(s.$ref).split('/').pop()!];
    if (!s || seen.has(s)) return;
    const next = new Set(seen).add(s);
    for (const k of ['anyOf', 'oneOf', 'allOf'])
      if (Array.isArray(s[k])) return (s[k] as Record<string, unknown>[]).forEach((x) => walk(x, at, next));
    if (s.type === 'object' || s.properties) {
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Record<string, unknown>>))
        walk(v, `${at}.${k}`, next);
      if (typeof s.additionalProperties === 'object')
        walk(s.additionalProperties as Record<string, unknown>, `${at}.*`, next);
      if (s.propertyNames) walk(s.propertyNames as Record<string, unknown>, `${at}.<key>`, next);
      return;
    }
    if (s.type === 'array') {
      if (s.maxItems === undefined) out.push(`${at}: a list without maxItems`);
      return walk(s.items as Record<string, unknown>, `${at}[]`, next);
    }
    if (s.enum || s.const !== undefined || s.type === 'boolean') return;
    if (s.type === 'number' || s.type === 'integer') {
      if ((s.maximum ?? s.exclusiveMaximum) === undefined || (s.minimum ?? s.exclusiveMinimum) === undefined)
        out.push(`${at}: a number without a range`);
      return;
    }
    if (s.type === 'string') {
      if (s.maxLength === undefined && s.pattern === undefined) out.push(`${at}: a string without maxLength`);
      return;
    }
    out.push(`${at}: ${JSON.stringify(s).slice(0, 60)}`);
  };
  walk(root, '$', new Set());
  return out;
}
