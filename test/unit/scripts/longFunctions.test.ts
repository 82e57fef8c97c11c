import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkLongFunctions, longFunctions } from '../../../scripts/long-functions.ts';

/** A function whose text spans exactly `lines` lines (signature and closing brace included). */
function fn(header: string, lines: number, footer = '}'): string {
  return [header, ...Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`), footer].join('\n');
}

describe('longFunctions', () => {
  it('counts lines from the signature to the closing brace and reports only those over the limit', () => {
    const text = [fn('function fits() {', 80), fn('function over() {', 81)].join('\n');
    const found = longFunctions('a.ts', text);
    assert.deepEqual(
      found.map((f) => [f.name, f.line, f.lines]),
      [['over', 81, 81]],
    );
  });

  it('names arrows by their variable, methods by their class, callbacks by their call, nested by their parents', () => {
    const text = [
      fn('export const arrow = () => {', 5, '};'),
      'class Store {',
      fn('  save() {', 5, '  }'),
      '}',
      fn('function outer() {', 12).replace('  const v0 = 0;', fn('  items.forEach(() => {', 6, '  });')),
      fn('const p = new Promise((resolve) => {', 5, '});'),
    ].join('\n');
    assert.deepEqual(
      longFunctions('a.ts', text, 4)
        .map((f) => f.name)
        .sort(),
      ['Promise(callback)', 'Store.save', 'arrow', 'outer', 'outer.items.forEach(callback)'],
    );
  });

  it('takes the reason from the comment right above the function or its export statement', () => {
    const text = [
      '// long-function: one table of cases; splitting it scatters them.',
      fn('export function table() {', 6),
      '/**',
      ' * Builds things.',
      ' * long-function: a state machine',
      ' *   whose states read best together.',
      ' */',
      fn('export const machine = async () => {', 6, '};'),
      '// an ordinary comment',
      fn('function plain() {', 6),
    ].join('\n');
    const byName = new Map(longFunctions('a.ts', text, 5).map((f) => [f.name, f.reason]));
    assert.equal(byName.get('table'), 'one table of cases; splitting it scatters them.');
    assert.equal(byName.get('machine'), 'a state machine whose states read best together.');
    assert.equal(byName.get('plain'), undefined);
  });
});

describe('checkLongFunctions', () => {
  const long = (name: string, reason?: string) => ({
    file: 'src/x.ts',
    name,
    line: 1,
    lines: 90,
    ...(reason !== undefined ? { reason } : {}),
  });

  it('fails a long function without a reason', () => {
    const out = checkLongFunctions([long('a'), long('b', 'why'), long('c')]);
    assert.deepEqual(
      out.unexplained.map((f) => f.name),
      ['a', 'c'],
    );
  });
});
