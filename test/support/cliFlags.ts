// The options each CLI command accepts, read from the source: the object literal passed to
// `parseArgs('<command>', args, {...})` in src/cli/, following a named spec (`FLAGS`, `SPEC`) and
// spreads of shared specs (`...BRANCH_STORE_FLAGS`) to their declarations. Static, so the docs test
// needs no command to run and no export added for it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './freshDist.js';

const CLI_DIR = path.join(REPO_ROOT, 'src', 'cli');

function sources(): ts.SourceFile[] {
  return readdirSync(CLI_DIR)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ts.createSourceFile(f, readFileSync(path.join(CLI_DIR, f), 'utf8'), ts.ScriptTarget.Latest, true));
}

function unwrap(node: ts.Expression): ts.Expression {
  return ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isParenthesizedExpression(node)
    ? unwrap(node.expression)
    : node;
}

/** Top-level `const NAME = ...` initializers of one file. */
function declarations(file: ts.SourceFile): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const stmt of file.statements)
    if (ts.isVariableStatement(stmt))
      for (const d of stmt.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.initializer) out.set(d.name.text, unwrap(d.initializer));
  return out;
}

/** A name is looked up in its own file first, then in the other src/cli files (an import). */
type Lookup = (name: string) => ts.Expression | undefined;

function flagNames(spec: ts.Expression, lookup: Lookup): string[] {
  const node = ts.isIdentifier(spec) ? lookup(spec.text) : spec;
  if (!node || !ts.isObjectLiteralExpression(node)) throw new Error(`cannot read the option spec ${spec.getText()}`);
  return node.properties.flatMap((p) => {
    if (ts.isSpreadAssignment(p)) return flagNames(unwrap(p.expression), lookup);
    if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return [p.name.text];
    throw new Error(`cannot read the option ${p.getText()}`);
  });
}

/** command → its options (without the leading --), as parseArgs will accept them. */
export function cliFlags(): Map<string, string[]> {
  const files = sources();
  const decls = new Map(files.map((f) => [f, declarations(f)]));
  const out = new Map<string, string[]>();
  const visit = (file: ts.SourceFile, node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'parseArgs') {
      const [command, , spec] = node.arguments;
      if (command && spec && ts.isStringLiteral(command))
        out.set(command.text, [...(out.get(command.text) ?? []), ...flagNames(unwrap(spec), lookupIn(file))]);
    }
    ts.forEachChild(node, (child) => visit(file, child));
  };
  const lookupIn =
    (file: ts.SourceFile): Lookup =>
    (name) =>
      decls.get(file)?.get(name) ?? [...decls.values()].find((d) => d.has(name))?.get(name);
  for (const file of files) visit(file, file);
  return out;
}
