// Runs every test/**/*.test.ts file with Node's own test runner (TypeScript through tsx).
// `npm test -- unit` runs only the files whose path contains "unit".
//
// The source is bundled once into a temporary folder first (LPG_TEST_DIST), so the end-to-end tests
// run the code under test, never a stale committed dist/. Files run in parallel processes, except
// those listed in SERIAL: they assert wall-clock bounds, read the host's load or drive a browser,
// so they run alone afterwards, when nothing else competes for the CPU.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundle } from './bundle.mjs';

const SERIAL = [
  'test/integration/telemetry/gpuLock.test.ts',
  'test/integration/telemetry/gpuSampler.test.ts',
  'test/integration/engines/command/commandEngine.test.ts',
  'test/unit/telemetry/hostLoad.test.ts',
  'test/integration/dashboard/dashboardPage.test.ts',
];
/** Test files in flight at once (each is a process; most of them wait on children or sockets). */
const CONCURRENCY = Number(process.env.LPG_TEST_CONCURRENCY ?? 4);

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return find(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}
const filters = process.argv.slice(2);
const files = find('test')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exit(2);
}

const parent = path.resolve('node_modules', '.cache');
mkdirSync(parent, { recursive: true });
const dist = mkdtempSync(path.join(parent, 'lpg-test-dist-'));
let status = 0;
try {
  await bundle(dist);
  const env = { ...process.env, LPG_TEST_DIST: dist };
  const serial = files.filter((f) => SERIAL.includes(f.split(path.sep).join('/')));
  const parallel = files.filter((f) => !serial.includes(f));
  for (const [group, concurrency] of [
    [parallel, CONCURRENCY],
    [serial, 1],
  ]) {
    if (group.length === 0) continue;
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...group],
      { stdio: 'inherit', env },
    );
    if (result.status !== 0) status = result.status ?? 1;
  }
} finally {
  rmSync(dist, { recursive: true, force: true });
}
process.exit(status);
