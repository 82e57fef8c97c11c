// Power of A/B mode with the embedded default on this machine's CPU: how often `llm-perf-gate ab`
// (default settings: 3 workers a side, blocks of 4, 600 s budget, 2% margin) calls a head whose
// model is a known amount slower a regression, and how often it calls an A/A (both sides the base
// commit) anything but inconclusive/unchanged. Not a test: it takes up to runs × 2 × budget.
//
//   npm run bench:ab-cpu -- [--runs 5] [--vocab 2560 | --layers N] [--rounds 300] [--budget-s S]
//                           [--skip-ratio]
//
// 1. A repository: base = the embedded default, head = its fp32 model re-exported with another
//    shape (scripts/bench/cpuAbRepo.ts). 2. The head/base cost ratio, side by side in one process
//    (scripts/bench/costRatio.ts). 3. `runs` A/B runs and `runs` A/A runs, alternated so both see
//    the same stretch of the machine's load, each through a fresh bundle of the CLI (as a user runs
//    it: workers are `node cli.js __engine-worker`). Prints one line per run and the counts.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runChild } from '../../src/process/index.ts';
import { median } from '../../src/stats/descriptive.ts';
import { claimsChange, describeRun, runAbCli, type AbRunOutcome } from './abRun.ts';
import { measureCostRatio } from './costRatio.ts';
import type { PairedRatio } from './pairedRatio.ts';
import { CPU_AB_CONFIG, CPU_AB_MODEL, describeHead, makeCpuAbRepo, type HeadShape } from './cpuAbRepo.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * The default head: the vocabulary (and so the LM head and the argmax) grown from 512 to 2560
 * tokens: +262,144 multiply-adds per decode step (128 × 2048) on top of the model's ~0.92 M (4
 * layers of 12·128² plus ~16 k of attention at ~60 positions, LM head 128 × 512), +29%. It is one
 * bigger MatMul, so in time it costs far less than that (this model's time is mostly per-op
 * overhead): about 10% here; the script measures and prints it before the runs.
 */
const DEFAULT_HEAD_VOCAB = 2560;

interface RunSummary extends AbRunOutcome {
  readonly kind: 'A/B' | 'A/A';
  readonly seed: number;
  readonly load: string;
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function measuredRun(cli: string, repo: string, kind: RunSummary['kind'], seed: number, budgetS?: number) {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'lpg-ab-power-out-'));
  try {
    const before = load();
    const base = kind === 'A/B' ? 'HEAD~1' : 'HEAD';
    const o = await runAbCli({ cli, repo, base, seed, outDir, ...(budgetS !== undefined ? { budgetS } : {}) });
    return { ...o, kind, seed, load: `${before} → ${load()}` } satisfies RunSummary;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

function line(r: RunSummary): string {
  const aa = r.aa.map((a) => `${a.side} ${a.verdict}`).join(', ');
  return `| ${r.kind} | ${r.seed} | ${describeRun(r)} | ${aa} | ${r.load} |`;
}

function summary(runs: readonly RunSummary[]): string[] {
  const ab = runs.filter((r) => r.kind === 'A/B');
  const aa = runs.filter((r) => r.kind === 'A/A');
  const found = ab.filter((r) => r.verdict === 'regression');
  const alarms = aa.filter((r) => claimsChange(r.verdict));
  const splitAlarms = runs.flatMap((r) => r.aa).filter((a) => claimsChange(a.verdict));
  const secs = (rs: readonly RunSummary[]) =>
    rs.length > 0 ? `${median(rs.map((r) => r.seconds)).toFixed(0)} s` : '—';
  return [
    `A/B: regression in ${found.length} of ${ab.length} runs (median time to that verdict ${secs(found)}; all A/B runs ${secs(ab)})`,
    `A/A: false alarms in ${alarms.length} of ${aa.length} runs (median time ${secs(aa)})`,
    `A/A splits inside every run (each side's workers odd vs even): ${splitAlarms.length} false alarms of ${runs.flatMap((r) => r.aa).length}`,
  ];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      vocab: { type: 'string' },
      layers: { type: 'string' },
      rounds: { type: 'string', default: '300' },
      'budget-s': { type: 'string' },
      'skip-ratio': { type: 'boolean', default: false },
    },
  });
  const int = (v: string | undefined) => (v === undefined ? undefined : Number.parseInt(v, 10));
  const head: HeadShape =
    values.layers === undefined && values.vocab === undefined
      ? { vocab: DEFAULT_HEAD_VOCAB }
      : {
          ...(values.layers ? { layers: int(values.layers)! } : {}),
          ...(values.vocab ? { vocab: int(values.vocab)! } : {}),
        };
  const runs = int(values.runs)!;
  const budgetS = int(values['budget-s']);
  const work = await mkdtemp(path.join(os.tmpdir(), 'lpg-ab-power-'));
  const dist = await mkdtemp(path.join(ROOT, 'node_modules', '.cache', 'lpg-ab-power-dist-'));
  try {
    const bundled = await runChild({ command: process.execPath, args: [path.join(ROOT, 'scripts/bundle.mjs'), dist] });
    if (bundled.code !== 0) throw new Error(`bundling failed: ${bundled.stderrTail}`);
    const repo = await makeCpuAbRepo(path.join(work, 'repo'), head);
    const cpu = os.cpus();
    console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, node ${process.version}, load average ${load()}`);
    console.log(
      `head: ${describeHead(head)}; budget ${budgetS === undefined ? 'the default (600 s)' : `${budgetS} s`}; ${runs} A/B + ${runs} A/A runs`,
    );
    if (!values['skip-ratio']) {
      const r = await measureCostRatio({
        config: path.join(repo, CPU_AB_CONFIG),
        benchmark: 'gpt2-tiny fp32',
        baseModel: path.join(ROOT, 'fixtures/models/gpt2-tiny/model_fp32.onnx'),
        headModel: path.join(repo, CPU_AB_MODEL),
        rounds: int(values.rounds)!,
        seed: 1,
      });
      const fmt = (x: PairedRatio) => `${x.ratio.toFixed(3)} [${x.interval.map((v) => v.toFixed(3)).join(', ')}]`;
      console.log(
        `cost ratio head/base side by side, ${r.e2e.n} rounds (median paired ratio [95%]): generation ${fmt(r.e2e)}, median decode step ${fmt(r.step)}; median generation ${r.baseMedianMs.toFixed(0)} / ${r.headMedianMs.toFixed(0)} ms; load average ${load()}`,
      );
    }
    console.log(
      '| run | seed | verdict, e2e_tok_s change [interval], trials, time (stop) | A/A splits | load average (1/5/15 min) before → after |',
    );
    console.log('| :- | -: | :- | :- | :- |');
    const results: RunSummary[] = [];
    for (let i = 0; i < runs; i++)
      for (const kind of ['A/B', 'A/A'] as const) {
        const r = await measuredRun(path.join(dist, 'cli.js'), repo, kind, 1000 + i, budgetS);
        results.push(r);
        console.log(line(r));
      }
    for (const l of summary(results)) console.log(l);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(dist, { recursive: true, force: true });
  }
}

await main();
