// docs/cli.md is the CLI reference: one section per public command, listing exactly the options
// that command's parseArgs spec accepts (read from src/cli/ by test/support/cliFlags.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliFlags } from '../../support/cliFlags.js';
import { keyRows, readDoc, sectionsOf } from '../../support/markdownDocs.js';

/** Not for users: an isolated engine round, an A/B worker, the GPU machine's telemetry check. */
const INTERNAL = new Set(['__engine-round', '__engine-worker', 'telemetry-probe']);
/** Every command answers --help (src/cli/main.ts); the page says so once, above the tables. */
const EVERYWHERE = new Set(['help']);

const accepted = new Map(
  [...cliFlags()]
    .filter(([command]) => !INTERNAL.has(command))
    .map(([command, flags]) => [command, flags.filter((f) => !EVERYWHERE.has(f)).sort()]),
);
const documented = new Map(
  sectionsOf(readDoc('docs/cli.md')).flatMap((s) => {
    const command = /^`([a-z-]+)`$/.exec(s.heading)?.[1];
    if (command === undefined) return [];
    const options = keyRows(s.body).map((r) => /^--([a-z-]+)$/.exec(r.key)?.[1] ?? `(not an option: ${r.key})`);
    return [[command, options.sort()] as const];
  }),
);

describe('docs/cli.md', () => {
  it('finds the commands in the source', () => {
    assert.ok(accepted.has('run') && (accepted.get('run') ?? []).includes('config'), [...accepted.keys()].join(' '));
  });
  it('has a section for every public command, and none for a command that does not exist', () => {
    assert.deepEqual([...documented.keys()].sort(), [...accepted.keys()].sort());
  });
  for (const [command, flags] of accepted)
    it(`${command}: documents every option it accepts, and nothing else`, () => {
      assert.deepEqual(documented.get(command), flags);
    });
});
