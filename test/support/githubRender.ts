// A PR comment rendered as GitHub renders it, in headless Chromium: GFM (marked, with comment-style
// line breaks), GitHub's markdown CSS (github-markdown-css, light theme) at a PR comment's width,
// <details> closed as GitHub shows them, and ```mermaid blocks rendered by the mermaid package. It
// reports what a reader would hit: the height, anything wider than the comment, mermaid errors
// and HTML that GitHub would strip but the comment should never contain.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Marked } from 'marked';
import type { Browser } from 'puppeteer-core';

const require = createRequire(import.meta.url);
const MARKDOWN_CSS = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const MERMAID_JS = require.resolve('mermaid/dist/mermaid.min.js');

/** Width of a PR comment's body on a 1280 px wide window (the conversation column). */
export const COMMENT_WIDTH = 780;

export interface RenderedComment {
  /** Height of the comment body in CSS pixels, with every <details> closed. */
  readonly height: number;
  /** Elements sticking out of the comment, or tables that need a horizontal scroll bar. */
  readonly overflow: readonly string[];
  /** One entry per mermaid block that failed to render. */
  readonly mermaidErrors: readonly string[];
  readonly mermaidBlocks: number;
  /** Elements GitHub would strip (script, iframe, event handlers, images): the comment must have none. */
  readonly unsafe: readonly string[];
  readonly png: Uint8Array;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Markdown → HTML as GitHub renders a comment: GFM tables, line breaks kept, mermaid left for the browser. */
export function commentHtml(markdown: string): string {
  const marked = new Marked({ gfm: true, breaks: true });
  marked.use({
    renderer: {
      code(token) {
        if (token.lang !== 'mermaid') return false;
        return `<div class="mermaid-block"><pre class="mermaid-src" hidden>${escapeHtml(token.text)}</pre></div>\n`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${MARKDOWN_CSS}
body { margin: 0; background: #ffffff; }
.markdown-body { box-sizing: content-box; width: ${COMMENT_WIDTH}px; padding: 16px; font-size: 14px; }
.mermaid-block svg { max-width: 100%; height: auto; }
</style></head><body><article class="markdown-body" id="comment">${body}</article></body></html>`;
}

// Browser-side code as plain JavaScript text: tsx would otherwise inject its own helpers (__name)
// into functions handed to page.evaluate, which do not exist in the page.
const RENDER_MERMAID = `(async () => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  const errors = [];
  const blocks = [...document.querySelectorAll('.mermaid-block')];
  for (const [i, block] of blocks.entries()) {
    const src = block.querySelector('.mermaid-src')?.textContent ?? '';
    try {
      const { svg } = await mermaid.render('mermaid-' + i, src);
      block.innerHTML = svg;
      if (block.querySelector('[aria-roledescription="error"]') !== null) errors.push('block ' + i + ': error diagram');
    } catch (err) {
      errors.push('block ' + i + ': ' + String(err));
    }
  }
  return errors;
})()`;

const INSPECT = `(() => {
  const article = document.getElementById('comment');
  const box = article.getBoundingClientRect();
  const overflow = [];
  const describe = (el) => el.tagName.toLowerCase() + ': ' + (el.textContent ?? '').slice(0, 60).replace(/\\s+/g, ' ');
  for (const el of article.querySelectorAll('*')) {
    // Inside a closed <details> nothing is laid out; the summary line is.
    if (el.closest('details:not([open]) > :not(summary)') !== null) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > box.right + 0.5) overflow.push('past the right edge by ' + Math.round(r.right - box.right) + ' px: ' + describe(el));
    if (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1) overflow.push('table scrolls sideways (' + el.scrollWidth + ' > ' + el.clientWidth + ' px): ' + describe(el));
    if (el.tagName === 'PRE' && el.scrollWidth > el.clientWidth + 1) overflow.push('code block scrolls sideways: ' + describe(el));
  }
  const unsafe = [...article.querySelectorAll('script, iframe, object, embed, img, [onerror], [onclick], [onload], style')]
    .filter((el) => el.closest('.mermaid-block') === null)
    .map(describe);
  return { overflow, unsafe, height: Math.round(box.height), blocks: article.querySelectorAll('.mermaid-block').length };
})()`;

interface Inspection {
  overflow: string[];
  unsafe: string[];
  height: number;
  blocks: number;
}

export async function renderComment(browser: Browser, markdown: string): Promise<RenderedComment> {
  const browserPage = await browser.newPage();
  try {
    await browserPage.setViewport({ width: COMMENT_WIDTH + 32, height: 800, deviceScaleFactor: 1 });
    await browserPage.setContent(page(commentHtml(markdown)), { waitUntil: 'load' });
    await browserPage.addScriptTag({ path: MERMAID_JS });
    const mermaidErrors = (await browserPage.evaluate(RENDER_MERMAID)) as string[];
    const seen = (await browserPage.evaluate(INSPECT)) as Inspection;
    const article = await browserPage.$('#comment');
    const png = await (article ?? browserPage).screenshot({ type: 'png' });
    return {
      height: seen.height,
      overflow: seen.overflow,
      unsafe: seen.unsafe,
      mermaidErrors,
      mermaidBlocks: seen.blocks,
      png,
    };
  } finally {
    await browserPage.close();
  }
}
