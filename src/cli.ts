#!/usr/bin/env node
// The CLI entry: hands the process's streams to main() and exits with its code. Commands that
// measure (run, ab) stop cleanly on SIGINT/SIGTERM and keep what finished; the others end at once,
// removing any temporary file they had in flight. The engine-round child keeps the default
// disposition: its parent stops it.
import { main } from './cli/main.js';
import { exitCodeForSignal, installCancellation } from './process/index.js';

const argv = process.argv.slice(2);
const measures = argv[0] === 'run' || argv[0] === 'ab';
const cancellation =
  argv[0] === '__engine-round'
    ? undefined
    : installCancellation({
        immediate: !measures,
        onSignal: (sig) =>
          process.stderr.write(`llm-perf-gate: ${sig}: stopping; the configs that finished are kept\n`),
      });
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
