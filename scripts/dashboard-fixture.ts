// Writes a synthetic data-branch checkout for the dashboard: the seed study's six configs over 120
// commits (a regression and its fix, an accepted regression, an improvement), or a scale fixture.
//   npx tsx scripts/dashboard-fixture.ts --out DIR [--commits N --configs C]
import { parseArgs } from 'node:util';
import {
  generateStoreFiles,
  manyConfigs,
  REALISTIC_EVENTS,
  SEED_CONFIGS,
  writeStoreFiles,
} from '../test/support/historyFixture.ts';

const { values } = parseArgs({
  options: { out: { type: 'string' }, commits: { type: 'string' }, configs: { type: 'string' } },
});
if (!values.out) throw new Error('--out DIR is required');
const scale = values.configs !== undefined;
const files = generateStoreFiles({
  commits: Number(values.commits ?? 120),
  configs: scale ? manyConfigs(Number(values.configs)) : SEED_CONFIGS,
  keep: 5,
  events: scale ? [] : REALISTIC_EVENTS,
  repository: 'https://github.com/acme/llm',
});
await writeStoreFiles(values.out, files);
const bytes = [...files.values()].reduce((s, t) => s + Buffer.byteLength(t), 0);
console.log(`${values.out}: ${files.size} files, ${(bytes / 1e6).toFixed(2)} MB`);
