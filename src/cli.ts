#!/usr/bin/env node
// The CLI entry: hands the process's streams to main() and exits with its code. Commands that
// measure (run, ab) stop cleanly on SIGINT/SIGTERM and keep what finished; the others keep the
// default action (they end at once; a temporary file in flight is removed first, see
// process/leftovers.ts). The engine-round child is stopped by its parent.
import { main } from './cli/main.js';
import { exitCodeForSignal, installCancellation } from './process/index.js';

const argv = process.argv.slice(2);
const cancellation =
  argv[0] === 'run' || argv[0] === 'ab'
    ? installCancellation({
        onSignal: (sig) =>
          process.stderr.write(`llm-perf-gate: ${sig}: stopping; the configs that finished are kept\n`),
      })
    : undefined;
const code = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stderr.isTTY),
  cancellation,
});
const by = cancellation?.cancelledBy();
cancellation?.dispose();
process.exitCode = by !== undefined ? exitCodeForSignal(by) : code;
