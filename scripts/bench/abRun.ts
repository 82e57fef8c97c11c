// One `llm-perf-gate ab` run of the embedded default's fp32 config, through a built CLI as a user
// runs it, and what its comparison.json says about throughput, the stop and the A/A splits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runChild } from '../../src/process/index.ts';
import { CPU_AB_CONFIG, CPU_AB_FILTER } from './cpuAbRepo.ts';

export interface AbRunRequest {
  /** The bundled cli.js. */
  readonly cli: string;
  readonly repo: string;
  /** `HEAD~1`: the head against the embedded default; `HEAD`: an A/A run. */
  readonly base: string;
  readonly seed: number;
  readonly outDir: string;
  readonly budgetS?: number;
}

type Interval = readonly [number | null, number | null];

export interface AbRunOutcome {
  readonly exitCode: number;
  readonly verdict: string;
  /** e2e_tok_s: head/base − 1 and its interval (null bounds: unbounded). */
  readonly change: number | null;
  readonly ci: Interval | null;
  readonly trials: number;
  readonly seconds: number;
  readonly stop: string;
  /** The run's own A/A check: each side's workers split in two. */
  readonly aa: readonly { readonly side: string; readonly verdict: string; readonly ci: Interval | null }[];
  /** The comment, for messages. */
  readonly report: string;
}

interface ComparisonFile {
  comparison: {
    configs: {
      verdict: string;
      trials: { run: number; seconds: number; stopReason: string };
      metrics: { metric: string; change: number | null; ci: Interval | null }[];
    }[];
  };
  aa?: { side: string; verdict: string; ci: Interval | null }[];
}

export async function runAbCli(r: AbRunRequest): Promise<AbRunOutcome> {
  const args = [r.cli, 'ab', '--config', CPU_AB_CONFIG, '--base', r.base, '--filter', CPU_AB_FILTER];
  args.push('--seed', String(r.seed), '--out-dir', r.outDir, '--format', 'markdown', '--quiet');
  if (r.budgetS !== undefined) args.push('--budget-s', String(r.budgetS));
  const exit = await runChild({ command: process.execPath, args, cwd: r.repo });
  // 0: passed, 1: the gate failed; anything else is a broken run, not a verdict.
  if (exit.reason !== 'exit' || (exit.code !== 0 && exit.code !== 1))
    throw new Error(
      `llm-perf-gate ab --base ${r.base} --seed ${r.seed}: ${exit.reason}, exit code ${String(exit.code)}\n${exit.stderrTail}`,
    );
  const doc = JSON.parse(await readFile(path.join(r.outDir, 'comparison.json'), 'utf8')) as ComparisonFile;
  const cfg = doc.comparison.configs[0];
  if (!cfg) throw new Error(`${r.outDir}/comparison.json compares no config`);
  const tokS = cfg.metrics.find((m) => m.metric === 'e2e_tok_s');
  return {
    exitCode: exit.code,
    verdict: cfg.verdict,
    change: tokS?.change ?? null,
    ci: tokS?.ci ?? null,
    trials: cfg.trials.run,
    seconds: cfg.trials.seconds,
    stop: cfg.trials.stopReason,
    aa: (doc.aa ?? []).map((a) => ({ side: a.side, verdict: a.verdict, ci: a.ci })),
    report: await readFile(path.join(r.outDir, 'report.md'), 'utf8'),
  };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

/** `regression -48.2% [-70.1%, -15.0%] after 8 trials, 21 s (decided)` */
export function describeRun(o: AbRunOutcome): string {
  const ci = o.ci ? ` [${pct(o.ci[0])}, ${pct(o.ci[1])}]` : '';
  return `${o.verdict} ${pct(o.change)}${ci} after ${o.trials} trials, ${o.seconds.toFixed(0)} s (${o.stop})`;
}

/** Whether a verdict claims a change (a false alarm when both sides run the same code). */
export const claimsChange = (verdict: string): boolean => verdict === 'regression' || verdict === 'improvement';
