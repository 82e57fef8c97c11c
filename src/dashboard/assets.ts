// The dashboard's inlined assets: uPlot (MIT, a small canvas chart library: no CDN, nothing fetched
// when the page opens) and the page's own script and style. The bundler embeds them at build time
// (scripts/bundle.mjs defines __LPG_DASHBOARD_ASSETS__ from the same four files); runs from source
// (tsx, tests) read them here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export interface DashboardAssets {
  readonly uplotJs: string;
  readonly uplotCss: string;
  readonly appJs: string;
  readonly appCss: string;
}

declare const __LPG_DASHBOARD_ASSETS__: DashboardAssets | undefined;

export async function dashboardAssets(): Promise<DashboardAssets> {
  if (typeof __LPG_DASHBOARD_ASSETS__ === 'object' && __LPG_DASHBOARD_ASSETS__ !== null)
    return __LPG_DASHBOARD_ASSETS__;
  const require = createRequire(import.meta.url);
  const here = (name: string) => new URL(`./client/${name}`, import.meta.url);
  const [uplotJs, uplotCss, appJs, appCss] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    readFile(here('dashboard.js'), 'utf8'),
    readFile(here('dashboard.css'), 'utf8'),
  ]);
  return { uplotJs, uplotCss, appJs, appCss };
}
