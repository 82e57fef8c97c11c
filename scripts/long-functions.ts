// Functions longer than MAX_LINES in src/, scripts/ and bench/ (tests are exempt: a describe block is
// a list, not logic). A long function passes when the comment right above it says why, starting
// with `long-function:`; functions still waiting for their owner's split are listed in PENDING.
// Fails on a long function with neither, and on a PENDING entry that is no longer long (so the
// list only shrinks). `npm run long-functions` (run by .ci/run); `-- --all` lists every function
// over the limit, reasons included.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

export const MAX_LINES = 80;
const ROOTS = ['src', 'scripts', 'bench'];
const REASON_TAG = 'long-function:';

/**
 * Long functions in others' areas when this check was added, each to be split by its owner (or
 * given a `long-function:` reason). Key: file#name as this script prints it.
 */
const PENDING: Readonly<Record<string, string>> = {
  'src/ab/runTrials.ts#runConfigTrials': 'h13run (issue 13)',
  'src/engines/onnxruntime/onnxDecoder.ts#openOnnxSession': 'h13run and h15 (h15 splits the decoder on its branch)',
  'src/engines/worker/workerClient.ts#startWorker': 'h13run (issue 13)',
  'src/telemetry/environment.ts#createEnvironmentProbe':
    'final pass of issue 19, after h15 (which edits it): the digest cache and the package-version lookup become functions of their own',
};

export interface LongFunction {
  readonly file: string;
  /** Enclosing names joined with '.', e.g. `startGpuSampler` or `runOnnx.<arrow>`. */
  readonly name: string;
  readonly line: number;
  readonly lines: number;
  /** The text after `long-function:` in the comment right above, when there is one. */
  readonly reason?: string;
}

function nameOf(node: ts.Node): string | undefined {
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node)
  )
    return node.name?.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isClassDeclaration(node)) return node.name?.getText();
  const parent = node.parent;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
      return parent.name.getText();
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent))
      return `${parent.expression.getText().split('(')[0]}(callback)`;
    return '<function>';
  }
  return undefined;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/** The statement a function's leading comment sits on: `export const f = () => …` puts it on the statement. */
function commentAnchor(node: ts.Node): ts.Node {
  let n: ts.Node = node;
  while (
    ts.isVariableDeclaration(n.parent) ||
    ts.isVariableDeclarationList(n.parent) ||
    ts.isVariableStatement(n.parent) ||
    ts.isPropertyAssignment(n.parent)
  ) {
    n = n.parent;
    if (ts.isVariableStatement(n) || ts.isPropertyAssignment(n)) break;
  }
  return n;
}

function reasonOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  const anchor = commentAnchor(node);
  const ranges = ts.getLeadingCommentRanges(source.text, anchor.getFullStart()) ?? [];
  for (const r of ranges) {
    const text = source.text.slice(r.pos, r.end);
    const at = text.indexOf(REASON_TAG);
    if (at >= 0)
      return text
        .slice(at + REASON_TAG.length)
        .replace(/\*\/\s*$/, '')
        .replace(/\s*(\/\/|\*)\s*/g, ' ')
        .trim();
  }
  return undefined;
}

/** Every function in one file's text longer than maxLines (first line to last, inclusive). */
export function longFunctions(file: string, text: string, maxLines = MAX_LINES): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node, scope: readonly string[]): void => {
    const name = nameOf(node);
    const inner = name === undefined ? scope : [...scope, name];
    if (isFunctionLike(node) && node.body !== undefined) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = end - line + 1;
      if (lines > maxLines) {
        const reason = reasonOf(node, source);
        found.push({ file, name: inner.join('.'), line, lines, ...(reason !== undefined ? { reason } : {}) });
      }
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(source, []);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'models' ? [] : sourceFiles(full);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

export interface CheckOutcome {
  readonly all: readonly LongFunction[];
  /** Long, with no reason and not pending. */
  readonly unexplained: readonly LongFunction[];
  /** PENDING keys that name no long function any more. */
  readonly stale: readonly string[];
}

export function checkLongFunctions(
  functions: readonly LongFunction[],
  pending: Readonly<Record<string, string>> = PENDING,
): CheckOutcome {
  const keys = new Set(functions.map((f) => `${f.file}#${f.name}`));
  return {
    all: functions,
    unexplained: functions.filter((f) => f.reason === undefined && !(`${f.file}#${f.name}` in pending)),
    stale: Object.keys(pending).filter((k) => !keys.has(k)),
  };
}

function main(args: readonly string[]): number {
  const files = ROOTS.flatMap((r) => sourceFiles(r)).map((f) => f.split(path.sep).join('/'));
  const outcome = checkLongFunctions(files.flatMap((f) => longFunctions(f, readFileSync(f, 'utf8'))));
  const show = (f: LongFunction, note: string): string => `${f.file}:${f.line} ${f.name} (${f.lines} lines)${note}`;
  if (args.includes('--all'))
    for (const f of [...outcome.all].sort((a, b) => b.lines - a.lines)) {
      const key = `${f.file}#${f.name}`;
      const note = f.reason !== undefined ? `: ${f.reason}` : key in PENDING ? ` [pending: ${PENDING[key]}]` : '';
      console.log(show(f, note));
    }
  for (const f of outcome.unexplained)
    console.error(`${show(f, '')}: over ${MAX_LINES} lines; split it, or say why above it (// ${REASON_TAG} …)`);
  for (const k of outcome.stale)
    console.error(`${k}: listed in PENDING but no longer over ${MAX_LINES} lines; remove it`);
  const pendingCount = outcome.all.filter((f) => `${f.file}#${f.name}` in PENDING).length;
  const explained = outcome.all.filter((f) => f.reason !== undefined).length;
  console.log(
    `${outcome.all.length} functions over ${MAX_LINES} lines: ${explained} with a reason, ${pendingCount} pending their owner's split, ${outcome.unexplained.length} unexplained`,
  );
  return outcome.unexplained.length === 0 && outcome.stale.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  process.exitCode = main(process.argv.slice(2));
