// dist/'s layout: one self-contained file per entry (names that never change between builds), each
// with a linked source map whose paths point into src/ relative to dist/, byte-identical wherever
// the bundle is written (check-dist and the tests bundle into temporary folders).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { bundleInto, REPO_ROOT, TEST_DIST_PARENT } from '../../support/freshDist.js';

describe('scripts/bundle.mjs', () => {
  const parents = [TEST_DIST_PARENT, mkdtempSync(path.join(REPO_ROOT, 'node_modules', '.cache', 'lpg-bundle-'))];
  const dirs = parents.map((p) => bundleInto(p));
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    rmSync(parents[1]!, { recursive: true, force: true });
  });

  it('writes one file per entry and its source map, nothing else', () => {
    assert.deepEqual(readdirSync(dirs[0]!).sort(), ['cli.js', 'cli.js.map', 'index.js', 'index.js.map']);
    for (const entry of ['index.js', 'cli.js']) {
      const code = readFileSync(path.join(dirs[0]!, entry), 'utf8');
      assert.match(code, new RegExp(`//# sourceMappingURL=${entry}\\.map\\n?$`));
      assert.doesNotMatch(code, /from ["']\.\/chunks\//, 'no shared chunks');
    }
  });

  it('maps to src/ paths relative to dist/, the same from any output folder', () => {
    const map = JSON.parse(readFileSync(path.join(dirs[0]!, 'index.js.map'), 'utf8')) as { sources: string[] };
    assert.ok(map.sources.includes('../src/index.ts'), map.sources.slice(0, 5).join(', '));
    assert.ok(map.sources.every((s) => !path.isAbsolute(s) && !s.includes(REPO_ROOT)));
    for (const name of readdirSync(dirs[0]!))
      assert.ok(readFileSync(path.join(dirs[0]!, name)).equals(readFileSync(path.join(dirs[1]!, name))), name);
  });

  it('is marked generated for GitHub (collapsed in diffs, left out of language stats)', () => {
    assert.match(
      readFileSync(path.join(REPO_ROOT, '.gitattributes'), 'utf8'),
      /^dist\/\*\* linguist-generated -diff$/m,
    );
  });
});
