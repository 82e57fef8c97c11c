// Bundles the action entry and the CLI into dist/ (or the folder given as the first argument, which
// check-dist uses to compare a fresh build with the committed one). onnxruntime-node stays external:
// it loads a native binary from its own package folder.
import { build } from 'esbuild';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const outdir = path.resolve(process.argv[2] ?? 'dist');
// The dashboard page inlines uPlot and its own script and style (src/dashboard/assets.ts).
const dashboardAssets = {
  uplotJs: await readFile('node_modules/uplot/dist/uPlot.iife.min.js', 'utf8'),
  uplotCss: await readFile('node_modules/uplot/dist/uPlot.min.css', 'utf8'),
  appJs: await readFile('src/dashboard/client/dashboard.js', 'utf8'),
  appCss: await readFile('src/dashboard/client/dashboard.css', 'utf8'),
};
await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['onnxruntime-node'],
  legalComments: 'none',
  define: {
    __LPG_VERSION__: JSON.stringify(JSON.parse(await readFile('package.json', 'utf8')).version),
    __LPG_DASHBOARD_ASSETS__: JSON.stringify(dashboardAssets),
  },
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require(); give the ESM output a real one.
  banner: {
    js: "import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);",
  },
});
await chmod(path.join(outdir, 'cli.js'), 0o755);
