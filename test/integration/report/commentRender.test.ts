// The PR comment as GitHub shows it: rendered with GFM and GitHub's markdown CSS in headless
// Chromium, with mermaid drawing the charts. Each main case must render every chart without error,
// hold nothing GitHub would strip, stay inside the comment's width and under its height bound; the
// heights are kept in a layout snapshot so a change in layout shows up in review. Screenshots go to
// test-artifacts/report-render/ (and to docs/img/ with UPDATE_SNAPSHOTS=1).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from '../../../src/report/renderMarkdown.js';
import type { ReportInput } from '../../../src/report/types.js';
import { browserSkipReason, launchBrowser, type LaunchedBrowser } from '../../support/browser.js';
import { renderComment } from '../../support/githubRender.js';
import { hostileNames, SCENARIOS, twoHundredConfigs } from '../../support/reportScenarios.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = path.join(ROOT, 'test-artifacts/report-render');
const DOC_IMAGES = path.join(ROOT, 'docs/img');
const LAYOUT = path.join(ROOT, 'test/unit/report/__snapshots__/comment-layout.json');
/** A stored height may move this much (fonts differ between machines) before the test calls it a layout change. */
const LAYOUT_TOLERANCE = 0.25;

/** The five main cases are also docs/report.md's screenshots (`doc`). */
const CASES: readonly { name: string; input: () => ReportInput; maxHeight: number; doc: boolean }[] = [
  { name: 'regression', input: SCENARIOS.regression, maxHeight: 1400, doc: true },
  { name: 'failed', input: SCENARIOS.crashed, maxHeight: 1200, doc: true },
  { name: 'undecided', input: SCENARIOS.undecided, maxHeight: 1600, doc: true },
  { name: 'two-hundred-configs', input: twoHundredConfigs, maxHeight: 3000, doc: true },
  { name: 'hostile-names', input: hostileNames, maxHeight: 1800, doc: true },
  { name: 'cache-miss', input: SCENARIOS['cache-miss'], maxHeight: 1200, doc: false },
];

const update = process.env.UPDATE_SNAPSHOTS === '1';
const skip = browserSkipReason();

describe('the PR comment rendered as GitHub renders it', { skip }, () => {
  let browser: LaunchedBrowser;
  const heights: Record<string, number> = {};
  const stored: Record<string, number> = existsSync(LAYOUT)
    ? (JSON.parse(readFileSync(LAYOUT, 'utf8')) as Record<string, number>)
    : {};
  before(async () => {
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    if (update) writeFileSync(LAYOUT, `${JSON.stringify(heights, null, 2)}\n`);
  });

  for (const c of CASES)
    it(`${c.name}: charts render, nothing overflows, at most ${c.maxHeight} px tall`, async () => {
      const md = renderMarkdown(c.input(), { marker: 'llm-perf-gate:render-test' });
      const r = await renderComment(browser.browser, md);
      writeFileSync(path.join(ARTIFACTS, `${c.name}.png`), r.png);
      if (update && c.doc) writeFileSync(path.join(DOC_IMAGES, `report-${c.name}.png`), r.png);
      heights[c.name] = r.height;
      assert.deepEqual(r.mermaidErrors, []);
      assert.equal(r.mermaidBlocks, (md.match(/^```mermaid$/gm) ?? []).length);
      assert.deepEqual(r.unsafe, []);
      assert.deepEqual(r.overflow, []);
      assert.ok(r.height <= c.maxHeight, `${r.height} px tall (bound ${c.maxHeight} px)`);
      if (!update) {
        const before = stored[c.name];
        assert.ok(before !== undefined, `no stored height for ${c.name}: UPDATE_SNAPSHOTS=1 npm test -- commentRender`);
        assert.ok(
          Math.abs(r.height - before) <= before * LAYOUT_TOLERANCE,
          `height ${r.height} px, stored ${before} px: a layout change (UPDATE_SNAPSHOTS=1 to accept)`,
        );
      }
    });

  it("the sweep crossover's chart (its snapshot) renders too", async () => {
    const md = readFileSync(path.join(ROOT, 'test/unit/report/__snapshots__/crossover-batch.md.snap'), 'utf8');
    const r = await renderComment(browser.browser, md);
    assert.ok(r.mermaidBlocks >= 1);
    assert.deepEqual(r.mermaidErrors, []);
  });

  it('a broken mermaid block and a too-wide table are reported, so the checks above can fail', async () => {
    const r = await renderComment(browser.browser, '```mermaid\nxychart-beta\n  x-axis [oops\n```\n');
    assert.equal(r.mermaidErrors.length, 1);
    // And a table wider than the comment (a name no renderer can break) is reported as overflow.
    const wide = await renderComment(browser.browser, `| a | b |\n| - | - |\n| ${'w'.repeat(200)} | x |\n`);
    assert.ok(
      wide.overflow.some((o) => /table scrolls sideways/.test(o)),
      wide.overflow.join('\n'),
    );
  });
});
