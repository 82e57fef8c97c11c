/** What the protocol runner reports while it measures; the CLI draws it, the action logs it. */
export interface ProgressReporter {
  benchmarkStart(index: number, total: number, name: string): void;
  warmup(index: number, total: number): void;
  iteration(index: number, total: number, tokensPerSecond: number | undefined): void;
  benchmarkEnd(name: string, outcome: { ok: boolean; summary: string }): void;
  note(message: string): void;
}

export const silentProgress: ProgressReporter = {
  benchmarkStart() {},
  warmup() {},
  iteration() {},
  benchmarkEnd() {},
  note() {},
};
