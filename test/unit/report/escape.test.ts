import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitWidth, mdCode, mdCodeBlock, mdText, mermaidText, oneLine, shortSha } from '../../../src/report/escape.js';
import { formatChange, formatNumber, formatPercent } from '../../../src/report/format.js';

describe('escaping', () => {
  it('makes inline markdown inert', () => {
    assert.equal(mdText('a|b'), 'a\\|b');
    assert.equal(mdText('<b>x</b> & y'), '&lt;b&gt;x&lt;/b&gt; &amp; y');
    assert.equal(mdText('@octocat'), '@&#8203;octocat');
    // Bare URLs would be linked by GitHub.
    assert.equal(mdText('see http://evil and www.evil.com'), 'see http:&#8203;//evil and www&#8203;.evil.com');
    assert.equal(
      mdText('`x` *y* _z_ [l](u) ~s~ #1 ![i]'),
      '\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\~s\\~ \\#1 \\!\\[i\\]',
    );
    assert.equal(mdText('one\ntwo\r\nthree'), 'one two three');
    assert.equal(mdText('back\\slash'), 'back\\\\slash');
  });

  it('strips terminal escapes, control and bidi characters', () => {
    assert.equal(oneLine('a\u001b[31mb\u001b]0;t\u0007c\u0000d\u202ee'), 'abcde');
    assert.equal(oneLine('x\u001b[2J\u001b[1;1Hy\u009b31mz'), 'xyz');
  });

  it('cuts text to a display width, counting wide characters as two columns', () => {
    assert.equal(fitWidth('short', 10), 'short');
    assert.equal(fitWidth('abcdefghijkl', 8), 'abcdefg…');
    assert.equal(fitWidth('名前名前名前', 7), '名前名…');
  });

  it('fences code so its content cannot close the block or the span', () => {
    assert.equal(mdCodeBlock('a ``` b', 'text'), '````text\na ``` b\n````');
    assert.equal(mdCodeBlock('plain'), '```\nplain\n```');
    assert.equal(mdCode('a`b'), '`` a`b ``');
    assert.equal(mdCode('label'), '`label`');
  });

  it('keeps mermaid labels to safe characters', () => {
    assert.equal(mermaidText('a"]; click x "http', 40), 'a click x http');
    assert.equal(mermaidText('', 10), '?');
  });

  it('shortens shas and treats anything else as text', () => {
    assert.equal(shortSha('0123456789abcdef'), '0123456');
    assert.equal(shortSha('main\nx'), 'main x');
    assert.equal(shortSha(undefined), undefined);
  });
});

describe('number formatting', () => {
  it('rounds for reading', () => {
    assert.deepEqual([12345.6, 96.24, 3.14159, 0.012345, 0].map(formatNumber), [
      '12,346',
      '96.2',
      '3.14',
      '0.0123',
      '0',
    ]);
    assert.equal(formatPercent(-0.1071), '-10.7%');
    assert.equal(formatPercent(0.00001), '0.0%');
    assert.equal(formatChange(-0.107, [-0.121, -0.093]), '-10.7% [-12.1%, -9.3%]');
  });
});
