// docs/action.md is the reference users read: its Inputs and Outputs tables list exactly what
// action.yml declares, and each input's default where action.yml has one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../support/freshDist.js';

const manifest = parse(readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
};
const docs = readFileSync(path.join(REPO_ROOT, 'docs/action.md'), 'utf8');

/** The rows of the first table under `## <heading>`: cells without the surrounding pipes. */
function table(heading: string): string[][] {
  const start = docs.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/action.md has no "## ${heading}" section`);
  const lines = docs.slice(start).split('\n').slice(2);
  const rows = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  const body = rows.slice(
    0,
    rows.findIndex((l) => !l.startsWith('|')),
  );
  return body.slice(2).map((l) =>
    l
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim()),
  );
}
const names = (rows: string[][]) => rows.map((r) => /^`([^`]+)`$/.exec(r[0] ?? '')?.[1] ?? `(not a name: ${r[0]})`);

describe('docs/action.md', () => {
  it('lists every input of action.yml, once, and nothing else', () => {
    assert.deepEqual(names(table('Inputs')).sort(), Object.keys(manifest.inputs).sort());
  });
  it("shows each input's default where action.yml sets one", () => {
    for (const row of table('Inputs')) {
      const name = names([row])[0]!;
      const fallback = manifest.inputs[name]?.default;
      if (fallback) assert.equal(row[1], `\`${fallback}\``, `default of ${name}`);
    }
  });
  it('lists every output of action.yml, once, and nothing else', () => {
    assert.deepEqual(names(table('Outputs')).sort(), Object.keys(manifest.outputs).sort());
  });
});
