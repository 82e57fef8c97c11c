// Makes a trials.json small enough to commit as a replay fixture: drops per-step decode times
// (eval does not use them; --keep-steps keeps them, rounded, for scripts/step-noise.ts) and rounds
// times to microseconds. Validates input and output.
// usage: npx tsx scripts/compact-trials.ts IN.json OUT.json [--machine "what it ran on"] [--keep-steps]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { trialSetSchema } from '../src/trials/trialSet.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { machine: { type: 'string' }, 'keep-steps': { type: 'boolean' } },
});
const [input, output] = positionals;
if (!input || !output) {
  process.stderr.write('usage: npx tsx scripts/compact-trials.ts IN.json OUT.json [--machine TEXT] [--keep-steps]\n');
  process.exit(2);
}
const set = trialSetSchema.parse(JSON.parse(readFileSync(input, 'utf8')));
if (values.machine) set.machine = values.machine;
const us = (x: number) => Math.round(x * 1000) / 1000;
for (const config of set.configs)
  for (const trial of config.trials)
    for (const outcome of Object.values(trial.outcomes))
      if ('sample' in outcome) {
        if (!values['keep-steps']) delete outcome.sample.step_ms;
        else if (outcome.sample.step_ms) outcome.sample.step_ms = outcome.sample.step_ms.map(us);
        outcome.sample.e2e_ms = us(outcome.sample.e2e_ms);
        outcome.sample.ttft_ms = us(outcome.sample.ttft_ms);
      }
trialSetSchema.parse(set);
writeFileSync(output, `${JSON.stringify(set)}\n`);
process.stdout.write(`wrote ${output}\n`);
