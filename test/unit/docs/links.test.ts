// Every relative link in the user docs (README.md, docs/, scripts/gpu/README.md) resolves: the file
// or folder exists, and a #fragment names a heading of the target page (GitHub's heading ids,
// computed by github-slugger, the library GitHub's own renderer follows).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import GithubSlugger from 'github-slugger';
import { REPO_ROOT } from '../../support/freshDist.js';
import { readDoc, sectionsOf } from '../../support/markdownDocs.js';

function markdownUnder(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir)).flatMap((name) => {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(REPO_ROOT, rel)).isDirectory()) return markdownUnder(rel);
    return name.endsWith('.md') ? [rel] : [];
  });
}
const PAGES = ['README.md', 'scripts/gpu/README.md', ...markdownUnder('docs')];

/** Link targets outside code: inline code and fenced blocks are not links. */
function linkTargets(md: string): string[] {
  const prose = md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

function headingIds(page: string): Set<string> {
  const slugger = new GithubSlugger();
  const headings = sectionsOf(readDoc(page))
    .slice(1)
    .map((s) => s.heading.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
  return new Set(headings.map((h) => slugger.slug(h)));
}

/** What is wrong with one link of `page`, or undefined when it resolves. */
function brokenReason(page: string, target: string): string | undefined {
  if (/^[a-z]+:/i.test(target)) return undefined; // https:, mailto:: not checked here
  const [file = '', fragment] = target.split('#');
  const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
  if (resolved.startsWith('..')) return 'points outside the repository';
  if (!existsSync(path.join(REPO_ROOT, resolved))) return `${resolved} does not exist`;
  if (fragment === undefined || !resolved.endsWith('.md')) return undefined;
  return headingIds(resolved).has(decodeURIComponent(fragment)) ? undefined : `${resolved} has no heading #${fragment}`;
}

describe('relative links in the docs', () => {
  it('finds the pages and their links', () => {
    assert.ok(PAGES.length > 10, PAGES.join(', '));
    assert.ok(linkTargets(readDoc('README.md')).some((t) => t.startsWith('docs/')));
  });
  for (const page of PAGES)
    it(`${page}: every relative link and anchor resolves`, () => {
      const broken = linkTargets(readDoc(page)).flatMap((t) => {
        const why = brokenReason(page, t);
        return why ? [`${t}: ${why}`] : [];
      });
      assert.deepEqual(broken, []);
    });
});
