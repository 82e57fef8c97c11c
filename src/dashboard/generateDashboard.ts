// Store folder in, `index.html` out: read, model, render, write (atomically, so a published page is
// never half a file).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dashboardAssets } from './assets.js';
import { buildDashboardModel, type DashboardModel } from './model.js';
import { readStoreDir } from './readStore.js';
import { renderDashboard } from './render.js';

export const DEFAULT_MAX_COMMITS = 2000;

export interface DashboardOptions {
  readonly storeDir: string;
  readonly outDir: string;
  readonly title?: string;
  readonly maxCommits?: number;
  /** Web URL of the measured repository (commit links); default: the store's metadata. */
  readonly repository?: string;
  readonly now?: Date;
}

export interface DashboardOutput {
  readonly file: string;
  readonly bytes: number;
  readonly model: DashboardModel;
}

export async function generateDashboard(options: DashboardOptions): Promise<DashboardOutput> {
  const store = await readStoreDir(options.storeDir);
  const model = buildDashboardModel(store, {
    maxCommits: options.maxCommits ?? DEFAULT_MAX_COMMITS,
    now: options.now ?? new Date(),
    ...(options.title ? { title: options.title } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
  });
  const html = renderDashboard(model, await dashboardAssets());
  await mkdir(options.outDir, { recursive: true });
  const file = path.join(options.outDir, 'index.html');
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, html);
  await rename(tmp, file);
  return { file, bytes: Buffer.byteLength(html), model };
}
