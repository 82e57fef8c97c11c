// Reads result files defensively: every broken file (truncated JSON, wrong format or version, missing
// samples, NaN, negative times) gives an error that names the file, the field and the problem.
import { readTextInput, TextInputError } from '../util/readTextInput.js';
import { issueLines } from '../util/zodIssues.js';
import { RESULT_FORMAT, RESULT_VERSION, resultSchema, type ResultDoc } from './schema.js';

/** Largest result file read: about 100,000 configs of 8 iterations; a JavaScript string holds 512 MiB. */
export const MAX_RESULT_BYTES = 512 * 2 ** 20;

/** Problems of a broken result file printed in full; the rest are counted. */
const MAX_SHOWN_PROBLEMS = 20;

export class ResultFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      problems.length === 1
        ? `${file}: ${problems[0]}`
        : `${file}: not a valid result file:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'ResultFileError';
  }
}

/** Reads and validates a result file; `display` is the name used in messages (the path as given). */
export async function readResult(file: string, display = file): Promise<ResultDoc> {
  let text: string;
  try {
    text = await readTextInput(file, MAX_RESULT_BYTES);
  } catch (err) {
    if (!(err instanceof TextInputError)) throw err;
    throw new ResultFileError(display, [err.reason]);
  }
  return parseResult(text, display);
}

export function parseResult(text: string, source: string): ResultDoc {
  if (text.trim() === '') throw new ResultFileError(source, ['the file is empty']);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const hint = /\bNaN\b|\bInfinity\b/.test(text) ? ' (NaN and Infinity are not valid JSON numbers)' : '';
    const why = (err as Error).message.replace(/\s+/g, ' ');
    throw new ResultFileError(source, [`invalid JSON (truncated or corrupt?): ${why}${hint}`]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ResultFileError(source, ['expected a JSON object at the top level']);
  }
  const head = data as { format?: unknown; version?: unknown };
  if (head.format !== RESULT_FORMAT) {
    throw new ResultFileError(source, [
      `not an llm-perf-gate result file (format is ${JSON.stringify(head.format)}, expected "${RESULT_FORMAT}")`,
    ]);
  }
  if (typeof head.version !== 'number' || !Number.isInteger(head.version) || head.version < 1) {
    throw new ResultFileError(source, [
      `unknown result format version ${JSON.stringify(head.version)} (this llm-perf-gate reads version ${RESULT_VERSION})`,
    ]);
  }
  if (head.version > RESULT_VERSION) {
    throw new ResultFileError(source, [
      `written by a newer llm-perf-gate (result format version ${head.version}; this one reads up to ${RESULT_VERSION}): upgrade llm-perf-gate`,
    ]);
  }
  const parsed = resultSchema.safeParse(data);
  if (!parsed.success) {
    throw new ResultFileError(source, issueLines(parsed.error.issues, MAX_SHOWN_PROBLEMS));
  }
  return parsed.data;
}
