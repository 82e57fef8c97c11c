// Records the committed baseline of the embedded default: K separate processes of the built CLI on
// fixtures/default.perf-gate.yml (usage: node scripts/record-baseline.mjs [K=5]). Run it on a quiet
// machine after `npm run build`; `npm start` compares with these files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';

const runs = Number(process.argv[2] ?? 5);
mkdirSync('fixtures/baseline', { recursive: true });
for (const f of readdirSync('fixtures/baseline')) if (f.endsWith('.json')) rmSync(`fixtures/baseline/${f}`);
for (let i = 1; i <= runs; i++) {
  const out = `fixtures/baseline/default-run${i}.json`;
  execFileSync(
    process.execPath,
    ['dist/cli.js', 'run', '--config', 'fixtures/default.perf-gate.yml', '--out', out, '--quiet', '--format', 'json'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(`wrote ${out}`);
}
