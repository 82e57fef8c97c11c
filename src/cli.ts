#!/usr/bin/env node
// The CLI entry: hands the process's streams to main() and exits with its code.
import { main } from './cli/main.js';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
  isTTY: Boolean(process.stderr.isTTY),
});
process.exitCode = code;
