// GitHub Actions expressions for the composite runner, with the runner's own semantics (parsing,
// loose equality, case-insensitive comparison, truthiness, coercion to text) from
// @actions/expressions, the implementation GitHub publishes for its language services. What the
// runner here does not model is refused before evaluation: a context other than the ones given, a
// function that is not built in or a status function, and a property path the model does not hold
// (e.g. `github.head_ref` when the model has no such field), so a new expression in action.yml
// fails the test until the runner models it.
import { Evaluator, Lexer, Parser, data, type Expr } from '@actions/expressions';
import type {
  Binary,
  ContextAccess,
  ExprVisitor,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Unary,
} from '@actions/expressions/ast';
import { truthy } from '@actions/expressions/result';

/** The status functions a step's `if:` may call (the rest of the job is one composite here). */
const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'] as const;

export interface ExpressionScope {
  /** Context name → its value (plain JSON). Only these contexts parse. */
  readonly contexts: Record<string, unknown>;
  /** Whether an earlier step failed (for success() / failure()). */
  readonly failed: boolean;
}

export class UnmodelledExpression extends Error {
  constructor(expression: string, why: string) {
    super(`expression "${expression}": ${why} (the composite runner in test/support/composite does not model it)`);
    this.name = 'UnmodelledExpression';
  }
}

/** Property paths used by an expression, e.g. [['steps','node','outputs','path'], ['inputs','mode']]. */
class PathCollector implements ExprVisitor<string[] | undefined> {
  readonly paths: string[][] = [];
  visitLiteral(_l: Literal): undefined {
    return undefined;
  }
  visitUnary(u: Unary): undefined {
    this.note(u.expr.accept(this));
    return undefined;
  }
  visitBinary(b: Binary): undefined {
    this.note(b.left.accept(this));
    this.note(b.right.accept(this));
    return undefined;
  }
  visitLogical(l: Logical): undefined {
    for (const a of l.args) this.note(a.accept(this));
    return undefined;
  }
  visitGrouping(g: Grouping): string[] | undefined {
    return g.group.accept(this);
  }
  visitContextAccess(c: ContextAccess): string[] {
    return [c.name.lexeme];
  }
  visitIndexAccess(ia: IndexAccess): string[] | undefined {
    const base = ia.expr.accept(this);
    const key = (ia.index as Partial<Literal>).literal;
    if (base && key instanceof data.StringData) return [...base, key.value];
    this.note(base);
    this.note(ia.index.accept(this));
    return undefined;
  }
  visitFunctionCall(f: FunctionCall): undefined {
    for (const a of f.args) this.note(a.accept(this));
    return undefined;
  }
  note(path: string[] | undefined): void {
    if (path) this.paths.push(path);
  }
}

function lookup(root: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let at: unknown = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return { found: false, value: undefined };
    // Property names are case-insensitive, as on the runner.
    const hit = Object.keys(at).find((k) => k.toLowerCase() === key.toLowerCase());
    if (hit === undefined) return { found: false, value: undefined };
    at = (at as Record<string, unknown>)[hit];
  }
  return { found: true, value: at };
}

function parse(expression: string, scope: ExpressionScope): Expr {
  const lexed = new Lexer(expression).lex();
  const functions = STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 }));
  try {
    return new Parser(lexed.tokens, Object.keys(scope.contexts), functions).parse();
  } catch (err) {
    throw new UnmodelledExpression(expression, (err as Error).message);
  }
}

/** Every path must exist in the model, except a step output (absent until the step sets it). */
function checkPaths(expression: string, expr: Expr, scope: ExpressionScope): void {
  const collector = new PathCollector();
  collector.note(expr.accept(collector));
  for (const path of collector.paths) {
    const stepOutput = path[0] === 'steps' && path[2] === 'outputs' && path.length === 4;
    const known = stepOutput ? lookup(scope.contexts, path.slice(0, 3)) : lookup(scope.contexts, path);
    if (!known.found) throw new UnmodelledExpression(expression, `no "${path.join('.')}" in the model`);
  }
}

export function evaluateExpression(expression: string, scope: ExpressionScope): data.ExpressionData {
  const expr = parse(expression, scope);
  checkPaths(expression, expr, scope);
  const status: Record<(typeof STATUS_FUNCTIONS)[number], boolean> = {
    success: !scope.failed,
    failure: scope.failed,
    always: true,
    cancelled: false,
  };
  const functions = new Map(
    STATUS_FUNCTIONS.map((name) => [
      name,
      { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status[name]) },
    ]),
  );
  const context = JSON.parse(JSON.stringify(scope.contexts), data.reviver) as data.Dictionary;
  return new Evaluator(expr, context, functions).evaluate();
}

/** A step's `if:`: an expression with or without `${{ }}`; success() when absent. */
export function evaluateCondition(condition: string | undefined, scope: ExpressionScope): boolean {
  if (condition === undefined || condition.trim() === '') return !scope.failed;
  const text = condition.trim();
  const m = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  const expression = m ? m[1]!.trim() : text;
  // The runner wraps a condition without a status function in success().
  const usesStatus = /\b(success|failure|always|cancelled)\s*\(/.test(expression);
  const value = truthy(evaluateExpression(expression, scope));
  return usesStatus ? value : value && !scope.failed;
}

/** A string with `${{ }}` parts replaced by their values' text. */
export function evaluateTemplate(template: string, scope: ExpressionScope): string {
  return template.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, inner: string) =>
    evaluateExpression(inner.trim(), scope).coerceString(),
  );
}
