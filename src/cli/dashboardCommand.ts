// `llm-perf-gate dashboard`: the history page from a checkout of the data branch.
import path from 'node:path';
import { DEFAULT_MAX_COMMITS, generateDashboard } from '../dashboard/generateDashboard.js';
import { NotAStoreError } from '../dashboard/readStore.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const DASHBOARD_USAGE = `usage: llm-perf-gate dashboard --store DIR --out SITE_DIR
         [--title TEXT] [--max-commits N (default ${DEFAULT_MAX_COMMITS})] [--repository https://github.com/OWNER/REPO]

Writes SITE_DIR/index.html: one self-contained page (no network) with throughput and memory over
commits for every config in the store. DIR is a checkout of the data branch, e.g.
  git clone --depth 1 --branch perf-data https://github.com/OWNER/REPO perf-data`;

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

export const dashboardCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('dashboard', args, {
    store: { type: 'string' },
    out: { type: 'string', short: 'o' },
    title: { type: 'string' },
    'max-commits': { type: 'string' },
    repository: { type: 'string' },
  });
  if (!flags.store) throw new UsageError(`dashboard: --store is required\n${DASHBOARD_USAGE}`);
  if (!flags.out) throw new UsageError(`dashboard: --out is required\n${DASHBOARD_USAGE}`);
  const maxCommits = flags['max-commits'] === undefined ? DEFAULT_MAX_COMMITS : Number(flags['max-commits']);
  if (!Number.isInteger(maxCommits) || maxCommits < 1)
    throw new UsageError(`dashboard: --max-commits expects a whole number ≥ 1, got "${flags['max-commits']}"`);
  if (flags.repository !== undefined && !/^https?:\/\/\S+$/.test(flags.repository))
    throw new UsageError(`dashboard: --repository expects an http(s) URL, got "${flags.repository}"`);
  let out;
  try {
    out = await generateDashboard({
      storeDir: path.resolve(ctx.cwd, flags.store),
      outDir: path.resolve(ctx.cwd, flags.out),
      maxCommits,
      ...(flags.title ? { title: flags.title } : {}),
      ...(flags.repository ? { repository: flags.repository.replace(/\/+$/, '') } : {}),
    });
  } catch (err) {
    if (err instanceof NotAStoreError) throw new UsageError(`dashboard: ${err.message}`);
    throw err;
  }
  const { model } = out;
  const size = model.size;
  ctx.stdout.write(
    `wrote ${path.join(flags.out, 'index.html')} (${mb(out.bytes)}): ${model.cards.length} charts, ${model.commits.length} commits, ${model.regressions.length} regression(s)\n` +
      `store: ${size.files} files, ${mb(size.bytes)}${size.largest ? `, largest ${size.largest.path} (${(size.largest.bytes / 1024).toFixed(0)} KiB)` : ''}\n`,
  );
  for (const p of model.problems) ctx.stderr.write(`dashboard: ${p}\n`);
  return EXIT.pass;
};
