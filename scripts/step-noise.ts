// Does timing each decode step see through the noise that whole iterations see? For every config
// of every trials.json that has per-step times (transformers `step_timing: true`, onnxruntime
// always): the SD, within each worker slot (its processes over the run), of log e2e time, of log summed step time and of
// log median step time over its iterations. If the noise were short stalls inside an iteration,
// the median step would be far steadier than e2e; if whole iterations run slower, it is not.
// docs/statistics.md, "What the GPU recordings say", quotes this.
// usage: npx tsx scripts/step-noise.ts TRIALS.json...
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable } from 'markdown-table';
import { median, variance } from '../src/stats/descriptive.js';
import { trialSetSchema } from '../src/trials/trialSet.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx scripts/step-noise.ts TRIALS.json...\n');
  process.exit(2);
}

const sdLog = (xs: readonly number[]) => Math.sqrt(variance(xs.map(Math.log)));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const rows = [['recording', 'config', 'worker', 'iterations', 'e2e', 'sum of steps', 'median step']];
for (const file of files) {
  const set = trialSetSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  for (const config of set.configs)
    for (const worker of config.workers) {
      const samples = config.trials.flatMap((t) => {
        const o = t.outcomes[worker.id];
        return o && 'sample' in o && o.sample.step_ms && o.sample.step_ms.length > 1 ? [o.sample] : [];
      });
      if (samples.length < 3) continue;
      const steps = samples.map((s) => s.step_ms as number[]);
      rows.push([
        path.basename(file),
        config.name,
        worker.id,
        String(samples.length),
        pct(sdLog(samples.map((s) => s.e2e_ms))),
        pct(sdLog(steps.map((s) => s.reduce((a, b) => a + b, 0)))),
        pct(sdLog(steps.map(median))),
      ]);
    }
}
if (rows.length === 1) {
  process.stderr.write('no config with per-step times (step_ms) in at least 3 iterations of a worker\n');
  process.exit(1);
}
process.stdout.write(
  `SD of log time within each worker slot (its processes, restarted every block, over their iterations)\n\n${markdownTable(rows)}\n`,
);
