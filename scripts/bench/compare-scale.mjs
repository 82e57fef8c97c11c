// How `compare` scales with the number of configs: writes a baseline (3 runs) and a candidate
// result file of N synthetic configs (8 iterations each), runs the built CLI's `compare` on them and
// prints its wall time and peak memory. Run after `npm run build`:
//   node scripts/bench/compare-scale.mjs 10000 100000
// Not a test: the figures depend on the machine (say whether it was shared when you quote them).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sizes = process.argv.slice(2).map(Number);
if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error('usage: node scripts/bench/compare-scale.mjs N [N ...]');
  process.exit(2);
}
const template = JSON.parse(readFileSync('fixtures/baseline/default-run1.json', 'utf8'));

function doc(n, id, scale) {
  const bench = template.benchmarks[0];
  const benchmarks = [];
  for (let i = 0; i < n; i++) {
    benchmarks.push({
      ...bench,
      name: `config-${i}`,
      config_hash: `hash-${i}`,
      // Per-step timings are left out: most engines do not report them, and they dominate file size.
      iterations: bench.iterations.map((s, k) => {
        const copy = { ...s, e2e_ms: s.e2e_ms * scale * (1 + 0.01 * ((i + k) % 7)) };
        delete copy.step_ms;
        return copy;
      }),
    });
  }
  return { ...template, run: { ...template.run, id }, benchmarks };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-compare-scale-'));
try {
  for (const n of sizes) {
    const files = ['b1', 'b2', 'b3', 'c'].map((name, i) => {
      const file = path.join(dir, `${name}-${n}.json`);
      writeFileSync(file, JSON.stringify(doc(n, `${name}-${n}`, 1 + 0.002 * i)));
      return file;
    });
    const report = path.join(dir, `report-${n}.json`);
    const r = spawnSync(
      '/usr/bin/time',
      [
        '-f',
        '%e %U %S %M',
        process.execPath,
        'dist/cli.js',
        'compare',
        '--baseline',
        ...files.slice(0, 3),
        '--candidate',
        files[3],
        '--format',
        'json',
      ],
      // The JSON report goes to a file: for 100,000 configs it is longer than one string may be.
      { encoding: 'utf8', stdio: ['ignore', openSync(report, 'w'), 'pipe'] },
    );
    if (r.status !== 0) console.log(r.stderr.split('\n').slice(0, 8).join('\n'));
    // GNU time's last stderr line: wall, user and system seconds, peak RSS in KiB.
    const [wall, user, sys, peakKb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    console.log(
      `${n} configs: exit ${r.status}, wall ${wall.toFixed(1)} s, CPU ${(user + sys).toFixed(1)} s, ` +
        `peak RSS ${(peakKb / 1024).toFixed(0)} MiB, input ${(statSync(files[3]).size / 2 ** 20).toFixed(0)} MiB per file, ` +
        `JSON report ${(statSync(report).size / 2 ** 20).toFixed(0)} MiB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
