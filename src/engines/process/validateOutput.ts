// Validates what an engine subprocess wrote against the engine output contract. Errors name the
// field (JSON path) and what was expected, so the author of a `command` script can fix it at once.
import type { z } from 'zod';
import { engineOutputSchema, type EngineOutput } from '../../result/schema.js';
import { readTextInput, TextInputError } from '../../util/readTextInput.js';
import { issueLines } from '../../util/zodIssues.js';
import { EngineError } from '../types.js';

const MAX_ISSUES = 8;
/** An output file larger than this is not a sample list (100k iterations take a few MB). */
const MAX_OUTPUT_BYTES = 256 * 2 ** 20;

/**
 * The text of an engine's output file, or undefined when it wrote none. A file that is not a
 * regular file, too large or not UTF-8 is invalid output (never read forever or blocked on).
 */
export async function readOutputFile(file: string, what: string, stderrTail?: string): Promise<string | undefined> {
  try {
    return await readTextInput(file, MAX_OUTPUT_BYTES);
  } catch (err) {
    if (!(err instanceof TextInputError)) throw err;
    if (err.reason === 'file not found') return undefined;
    throw new EngineError('invalid-output', `${what}: ${err.reason}`, stderrTail);
  }
}

/** The first MAX_ISSUES problems as a bullet list, each at its JSON path. */
function listOutputIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issueLines(issues, MAX_ISSUES)
    .map((line) => `  - ${line}`)
    .join('\n');
}

/**
 * Parses and validates an engine output document. `what` names its origin in messages
 * (e.g. 'the output file of command "bench.sh"'). Throws EngineError('invalid-output').
 */
export function parseEngineOutput(text: string, what: string, stderrTail?: string): EngineOutput {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new EngineError('invalid-output', `${what} is not valid JSON: ${(err as Error).message}`, stderrTail);
  }
  const parsed = engineOutputSchema.safeParse(doc);
  if (!parsed.success) {
    throw new EngineError(
      'invalid-output',
      `${what} does not match the engine output schema (schema/engine-output.schema.json):\n${listOutputIssues(parsed.error.issues)}`,
      stderrTail,
    );
  }
  return parsed.data;
}

/** Fills in the round on samples that do not carry one (the program may not know about rounds). */
export function withRound(output: EngineOutput, round: number): EngineOutput {
  return { ...output, iterations: output.iterations.map((s) => (s.round === undefined ? { ...s, round } : s)) };
}
