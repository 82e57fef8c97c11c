// How to start this program again as an engine round's child: `node <cli> __engine-round`. The CLI
// entry is found from this module's own location, never from process.argv[1] (which is the test
// file under the test runner, or the action's index.js): in the bundle this code sits in dist/ or
// dist/chunks/ beside or below dist/cli.js; from source it is src/engines/isolation/ below
// src/cli.ts, which needs tsx's loader.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hidden CLI command that runs one round in a child process. */
export const ENGINE_ROUND_COMMAND = '__engine-round';

export interface ChildCommand {
  readonly file: string;
  readonly args: readonly string[];
}

export interface ChildCommandDeps {
  readonly moduleUrl?: string;
  readonly exists?: (file: string) => boolean;
  /** Resolves a package name to a file URL (tsx's loader when running from source). */
  readonly resolve?: (specifier: string) => string;
}

/** `command`: the hidden CLI command to start (`__engine-worker` for a persistent worker). */
export function engineChildCommand(deps: ChildCommandDeps = {}, command: string = ENGINE_ROUND_COMMAND): ChildCommand {
  const moduleFile = fileURLToPath(deps.moduleUrl ?? import.meta.url);
  const exists = deps.exists ?? existsSync;
  const ext = path.extname(moduleFile);
  // Up to three levels: src/engines/isolation/ from source; dist/ or dist/chunks/ in the bundle.
  const candidates = [1, 2, 3].map((up) =>
    path.join(path.resolve(path.dirname(moduleFile), ...Array<string>(up - 1).fill('..')), `cli${ext}`),
  );
  const entry = candidates.find((f) => exists(f));
  if (entry === undefined)
    throw new Error(`cannot find the CLI entry (cli${ext}) above ${moduleFile}; is the package complete?`);
  if (ext !== '.ts') return { file: process.execPath, args: [entry, command] };
  const resolve = deps.resolve ?? ((s: string) => import.meta.resolve(s));
  return { file: process.execPath, args: ['--import', resolve('tsx'), entry, command] };
}
