// Bundles the action entry and the CLI into dist/ (or the folder given as the first argument: the
// tests and check-dist bundle into a temporary folder). One self-contained file per entry, so file
// names never change between builds and a diff of dist/ shows only what changed; each with a linked
// source map whose paths point into src/ (the action runs with --enable-source-maps, so stack traces
// name source lines). onnxruntime-node stays external: it loads a native binary from its own folder.
import { build } from 'esbuild';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node.js major the bundle targets and the action runs on (package.json engines agrees). */
export const NODE_TARGET = 'node24';

export async function bundle(outdir) {
  const root = path.resolve(fileURLToPath(import.meta.url), '../..');
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  // The dashboard page inlines uPlot and its own script and style (src/dashboard/assets.ts).
  const asset = (file) => readFile(path.join(root, file), 'utf8');
  const dashboardAssets = {
    uplotJs: await asset('node_modules/uplot/dist/uPlot.iife.min.js'),
    uplotCss: await asset('node_modules/uplot/dist/uPlot.min.css'),
    appJs: await asset('src/dashboard/client/dashboard.js'),
    appCss: await asset('src/dashboard/client/dashboard.css'),
  };
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
    outdir,
    bundle: true,
    splitting: false,
    sourcemap: 'linked',
    // The sources are in the repository (and in the action's download): the maps only point at them.
    sourcesContent: false,
    platform: 'node',
    target: NODE_TARGET,
    format: 'esm',
    external: ['onnxruntime-node'],
    legalComments: 'none',
    define: {
      __LPG_VERSION__: JSON.stringify(pkg.version),
      __LPG_DASHBOARD_ASSETS__: JSON.stringify(dashboardAssets),
    },
    logLevel: 'warning',
    // Some bundled CommonJS dependencies call require(); give the ESM output a real one.
    banner: {
      js: "import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);",
    },
  });
  // esbuild writes source paths relative to the output folder; write them relative to dist/, where
  // the files are committed, so a bundle made in a temporary folder is byte-identical.
  for (const entry of ['index', 'cli']) {
    const file = path.join(outdir, `${entry}.js.map`);
    const map = JSON.parse(await readFile(file, 'utf8'));
    // Virtual sources (e.g. `<define:__LPG_DASHBOARD_ASSETS__>`) have no path: keep their name.
    map.sources = map.sources.map((s) =>
      s.startsWith('<') ? s : path.relative(path.join(root, 'dist'), path.resolve(outdir, s)).split(path.sep).join('/'),
    );
    await writeFile(file, `${JSON.stringify(map)}\n`);
  }
  await chmod(path.join(outdir, 'cli.js'), 0o755);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle(path.resolve(process.argv[2] ?? 'dist'));
}
