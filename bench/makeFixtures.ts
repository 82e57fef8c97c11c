// Regenerates the committed tiny fixture models: npx tsx bench/makeFixtures.ts
import { PRESETS, MODEL_DTYPES } from '../src/models/gpt2Spec.js';
import { writeGpt2Models } from '../src/models/writeGpt2Model.js';

export const FIXTURE_SEED = 1234;

async function main(): Promise<void> {
  const written = await writeGpt2Models({
    shape: PRESETS.tiny,
    seed: FIXTURE_SEED,
    dtypes: MODEL_DTYPES,
    outDir: 'fixtures/models/gpt2-tiny',
  });
  for (const w of written) console.log(`${w.path}  ${(w.bytes / 1024).toFixed(0)} KiB`);
}

await main();
