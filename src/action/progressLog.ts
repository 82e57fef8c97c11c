// Progress of the protocol runner as plain log lines (a workflow log is not a terminal).
import type { ProgressReporter } from '../protocol/progress.js';
import { oneLine } from '../report/escape.js';

export function progressLog(log: (line: string) => void): ProgressReporter {
  return {
    benchmarkStart: (index, total, name) => log(`[${index + 1}/${total}] ${oneLine(name)}`),
    warmup: () => {},
    iteration: () => {},
    benchmarkEnd: (name, outcome) =>
      log(`  ${outcome.ok ? 'ok' : 'FAILED'}: ${oneLine(name)}: ${oneLine(outcome.summary)}`),
    note: (message) => log(`  ${oneLine(message)}`),
  };
}
