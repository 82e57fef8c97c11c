// Hidden `llm-perf-gate __engine-round --request FILE --output FILE`: the child process of an
// isolated engine round (src/engines/isolation/). Not listed in help: only this program starts it.
import { readFile, writeFile } from 'node:fs/promises';
import { parseChildRequest } from '../engines/isolation/childRequest.js';
import { runChildRound } from '../engines/isolation/childRound.js';
import { inProcessEngines } from '../engines/registry.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const ENGINE_ROUND_USAGE = `usage: llm-perf-gate __engine-round --request FILE --output FILE
  Internal: runs one engine round in this process for a parent run; progress and errors are JSON
  lines on stdout, the engine output goes to --output.`;

export const engineRoundCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('__engine-round', args, { request: { type: 'string' }, output: { type: 'string' } });
  if (!flags.request || !flags.output)
    throw new UsageError(`--request and --output are required\n${ENGINE_ROUND_USAGE}`);
  let child;
  try {
    child = parseChildRequest(await readFile(flags.request, 'utf8'));
  } catch (err) {
    throw new UsageError(`${flags.request}: ${(err as Error).message}`);
  }
  const output = await runChildRound(child, inProcessEngines(), {
    emit: (line) => ctx.stdout.write(`${line}\n`),
    env: ctx.env,
    abort: () => process.abort(),
  });
  // The parent reads the error event; the exit code only has to say the round did not succeed.
  if (!output) return EXIT.gateFailed;
  await writeFile(flags.output, JSON.stringify(output));
  return EXIT.pass;
};
