// How much smaller a change same-runner A/B mode detects than a stored baseline, from recorded runs
// of UNCHANGED code (docs/ab-mode.md). Usage:
//   npx tsx scripts/ab-mde.ts [--pairs 3] [--far 0.05] [--power 0.8] SOURCE...
// SOURCE: a folder of result files (ordered by run.started_at), or a samples file
// (format llm-perf-gate.samples, runs ordered by seq). Per config, the runs form one time series.
//
// Designs, with k runs a side (k = --pairs), on the same series of unchanged code:
//  (a) stored baseline: k consecutive runs as the baseline, k consecutive runs recorded LATER (not
//      overlapping) as the candidate: every such pair of blocks.
//  (b) interleaved A/B: 2k consecutive runs, odd positions base, even positions head: every window.
// Each arrangement gives the estimated change (mean log per-run median throughput, head − base), as
// compareRuns estimates it. Under no change, its spread is the design's noise. A slow-down by δ
// scales every head sample by (1 − δ), shifting the estimate by exactly log(1 − δ), so:
//   threshold c: the --far quantile of the null estimates (a slow-down is flagged below −c);
//   power(δ) = share of null estimates e with e + log(1 − δ) < −c;
//   MDE = the smallest δ with power ≥ --power = 1 − exp(−(Q_power(e) − Q_far(e))).
// Both designs are held to the same false-alarm rate by construction (empirical calibration).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { latencySeries } from '../src/metrics.js';
import { parseResult } from '../src/result/readResult.js';
import { mean, median, quantile, variance } from '../src/stats/descriptive.js';

interface Series {
  readonly source: string;
  readonly config: string;
  /** Log of the median e2e tokens/s of each run, in time order. */
  readonly logMedians: number[];
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function fromResultDir(dir: string): Promise<Series[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const docs = await Promise.all(files.map(async (f) => parseResult(await readFile(path.join(dir, f), 'utf8'), f)));
  docs.sort((a, b) => a.run.started_at.localeCompare(b.run.started_at));
  const names = [...new Set(docs.flatMap((d) => d.benchmarks.map((b) => b.name)))];
  return names.map((config) => ({
    source: dir,
    config,
    logMedians: docs
      .flatMap((d) => d.benchmarks.filter((b) => b.name === config && b.status === 'ok'))
      .map((b) => Math.log(median(latencySeries('e2e_tok_s', b.iterations)))),
  }));
}

interface SamplesFile {
  configs: { name: string; new_tokens: number; batch_size: number; runs: { seq: number; e2e_ms: number[] }[] }[];
}

async function fromSamples(file: string): Promise<Series[]> {
  const data = JSON.parse(await readFile(file, 'utf8')) as SamplesFile;
  return data.configs.map((c) => ({
    source: file,
    config: c.name,
    logMedians: [...c.runs]
      .sort((a, b) => a.seq - b.seq)
      .map((r) => Math.log(median(r.e2e_ms.map((ms) => (c.batch_size * c.new_tokens * 1000) / ms)))),
  }));
}

function storedBaseline(x: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + k <= x.length; i++)
    for (let j = i + k; j + k <= x.length; j++) out.push(mean(x.slice(j, j + k)) - mean(x.slice(i, i + k)));
  return out;
}

function interleaved(x: readonly number[], k: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 2 * k <= x.length; i++) {
    const w = x.slice(i, i + 2 * k);
    out.push(mean(w.filter((_, p) => p % 2 === 1)) - mean(w.filter((_, p) => p % 2 === 0)));
  }
  return out;
}

function mde(nulls: readonly number[], far: number, power: number): { mde: number; sd: number; n: number } {
  return {
    mde: 1 - Math.exp(-(quantile(nulls, power) - quantile(nulls, far))),
    sd: Math.sqrt(variance(nulls)),
    n: nulls.length,
  };
}

const MIN_WINDOWS = 8;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const k = arg('pairs', 3);
  const far = arg('far', 0.05);
  const power = arg('power', 0.8);
  const sources = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (sources.length === 0)
    throw new Error('usage: tsx scripts/ab-mde.ts [--pairs 3] [--far 0.05] [--power 0.8] SOURCE...');
  const series: Series[] = [];
  for (const s of sources)
    series.push(
      ...((await readdir(s).then(
        () => true,
        () => false,
      ))
        ? await fromResultDir(s)
        : await fromSamples(s)),
    );

  console.log(`k = ${k} runs a side; false-alarm rate ${pct(far)} (one-sided, slow-downs); power ${pct(power)}`);
  console.log(
    '| Source | Config | Runs | Stored baseline: arrangements, SD, MDE | Interleaved A/B: windows, SD, MDE | MDE ratio |',
  );
  console.log('| :- | :- | -: | -: | -: | -: |');
  for (const s of series) {
    // Fewer than MIN_WINDOWS A/B windows make the quantiles mere extremes: say so instead.
    if (s.logMedians.length < 2 * k + MIN_WINDOWS - 1) {
      console.log(`| ${path.basename(s.source)} | ${s.config} | ${s.logMedians.length} | too few runs | | |`);
      continue;
    }
    const a = mde(storedBaseline(s.logMedians, k), far, power);
    const b = mde(interleaved(s.logMedians, k), far, power);
    console.log(
      `| ${path.basename(s.source)} | ${s.config} | ${s.logMedians.length} | ${a.n}, ${pct(a.sd)}, ${pct(a.mde)} | ${b.n}, ${pct(b.sd)}, ${pct(b.mde)} | ${(a.mde / b.mde).toFixed(2)} |`,
    );
  }
}

await main();
