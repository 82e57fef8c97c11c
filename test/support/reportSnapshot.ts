// File snapshots for rendered reports: the expected output lives next to the tests, so a reviewer
// reads the real comment. `UPDATE_SNAPSHOTS=1 npm test -- report` rewrites them; a missing
// snapshot fails (CI must never create its own expectations).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../unit/report/__snapshots__/', import.meta.url));

export function matchSnapshot(name: string, actual: string): void {
  // .snap: prettier leaves the files alone (it would realign the markdown tables).
  const file = path.join(DIR, `${name}.snap`);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `snapshot ${name} is missing: run UPDATE_SNAPSHOTS=1 npm test -- report`);
  assert.equal(actual, readFileSync(file, 'utf8'), `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}
