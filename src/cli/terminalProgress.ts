// Progress for the terminal: one line redrawn in place on a TTY, plain lines otherwise (CI logs).
import type { ProgressReporter } from '../protocol/progress.js';
import type { OutputStream } from './context.js';

export function terminalProgress(out: OutputStream, isTTY: boolean): ProgressReporter {
  let current = '';
  let prefix = '';
  const draw = (line: string): void => {
    if (isTTY) out.write(`\r\x1b[2K${line}`);
  };
  const done = (line: string): void => {
    out.write(isTTY ? `\r\x1b[2K${line}\n` : `${line}\n`);
  };
  return {
    benchmarkStart(index, total, name) {
      current = name;
      prefix = `[${index + 1}/${total}] ${name}`;
      if (isTTY) draw(`${prefix}: starting`);
      else out.write(`${prefix}: starting\n`);
    },
    warmup(index, total) {
      draw(`${prefix}: warm-up ${index + 1}/${total}`);
    },
    iteration(index, total, tps) {
      const speed = tps === undefined ? '' : `, ${tps.toFixed(1)} tok/s so far`;
      if (isTTY) draw(`${prefix}: iteration ${index + 1}/${total}${speed}`);
      else if (index + 1 === total) out.write(`${prefix}: iteration ${index + 1}/${total}${speed}\n`);
    },
    benchmarkEnd(name, outcome) {
      done(`${prefix || name}: ${outcome.ok ? 'done' : 'FAILED'} (${outcome.summary})`);
      current = '';
    },
    note(message) {
      done(current ? `${prefix}: ${message}` : message);
    },
  };
}
