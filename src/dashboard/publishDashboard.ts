// Publishes the dashboard to the branch GitHub Pages serves: a full checkout of the data branch, the
// page generated from it, one commit writing `<dir>/index.html` (and `.nojekyll` at the root, so
// Pages serves the file as it is). A rejected push means another save published meanwhile: both the
// store and the site are fetched again and the page regenerated, so the last page published always
// includes every saved run. Never forced.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  cloneBranch,
  DataBranch,
  DataBranchUnavailable,
  type DataBranchOptions,
} from '../baseline/gitBranch/dataBranch.js';
import { generateDashboard } from './generateDashboard.js';

export interface PublishOptions {
  readonly remote: string;
  readonly token?: string;
  readonly dataBranch: string;
  readonly siteBranch: string;
  /** Folder in the site branch ("." for its root). */
  readonly dir: string;
  readonly repository?: string;
  readonly tempRoot?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly maxAttempts?: number;
}

export interface PublishResult {
  readonly published: boolean;
  readonly note: string;
}

const pageNote = (o: PublishOptions, bytes: number, charts: number, storeBytes: number) =>
  `dashboard published to ${o.siteBranch}:${o.dir === '.' ? '' : `${o.dir}/`}index.html (${(bytes / 1e6).toFixed(2)} MB, ${charts} charts; store ${(storeBytes / 1e6).toFixed(2)} MB)`;

async function attempt(
  o: PublishOptions,
  base: Omit<DataBranchOptions, 'branch'>,
  work: string,
): Promise<PublishResult | 'moved'> {
  const site = await DataBranch.open({ ...base, branch: o.siteBranch });
  try {
    const store = path.join(work, `store-${Date.now()}`);
    await cloneBranch({ ...base, branch: o.dataBranch }, store);
    const out = await generateDashboard({
      storeDir: store,
      outDir: path.join(store, '.site'),
      ...(o.repository ? { repository: o.repository } : {}),
    });
    const page = o.dir === '.' ? 'index.html' : `${o.dir}/index.html`;
    const writes = new Map([[page, await readFile(out.file, 'utf8')]]);
    if ((await site.list('.nojekyll')).size === 0) writes.set('.nojekyll', '');
    await rm(store, { recursive: true, force: true });
    const commit = await site.commit(
      { writes, removes: [] },
      `llm-perf-gate: dashboard (${out.model.commits.length} commits)`,
    );
    if ((await site.push(commit)) === 'moved') return 'moved';
    return { published: true, note: pageNote(o, out.bytes, out.model.cards.length, out.model.size.bytes) };
  } finally {
    await site.close();
  }
}

export async function publishDashboard(o: PublishOptions): Promise<PublishResult> {
  const base = {
    remote: o.remote,
    ...(o.token ? { token: o.token } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.tempRoot ? { tempRoot: o.tempRoot } : {}),
  };
  const work = await mkdtemp(path.join(o.tempRoot ?? os.tmpdir(), 'lpg-site-'));
  try {
    const max = o.maxAttempts ?? 5;
    for (let i = 1; i <= max; i++) {
      const r = await attempt(o, base, work);
      if (r !== 'moved') return r;
      await new Promise((res) => setTimeout(res, 200 * i * (0.5 + Math.random())));
    }
    return { published: false, note: `the dashboard was not published: branch "${o.siteBranch}" kept moving` };
  } catch (err) {
    if (err instanceof DataBranchUnavailable)
      return { published: false, note: `the dashboard was not published: ${err.message}` };
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
