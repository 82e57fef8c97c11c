// Fails when the committed dist/ differs from a fresh bundle of src/ (as actions/typescript-action does).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const fresh = mkdtempSync(path.join(os.tmpdir(), 'lpg-dist-'));
execFileSync(process.execPath, ['scripts/bundle.mjs', fresh], { stdio: 'inherit' });

function list(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? list(full, base) : [path.relative(base, full)];
  });
}
const committed = new Set(list('dist'));
const built = new Set(list(fresh));
const problems = [];
for (const f of built) {
  if (!committed.has(f)) problems.push(`missing from dist/: ${f}`);
  else if (!readFileSync(path.join('dist', f)).equals(readFileSync(path.join(fresh, f))))
    problems.push(`differs: dist/${f}`);
}
for (const f of committed) if (!built.has(f)) problems.push(`stale file in dist/: ${f}`);
rmSync(fresh, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(
    `dist/ does not match a fresh build (run \`npm run build\` and commit dist/):\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log('dist/ matches a fresh build');
