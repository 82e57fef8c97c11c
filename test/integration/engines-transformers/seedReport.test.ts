// scripts/gpu/seed-report.py turns the GPU machine's outputs into docs/seed-reproduction.md's
// tables; checked here on a small hand-made result so the figures it prints are the right ones.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../engines-command/fixtures.js';

const SCRIPT = path.join(ROOT, 'scripts/gpu/seed-report.py');
const noPython = spawnSync('python3', ['--version']).error !== undefined;

/** 100 tokens at batch 1: e2e 1000 ms is 100 tok/s. */
const sample = (e2e_ms: number) => ({ e2e_ms, ttft_ms: 10, new_tokens: 100, batch_size: 1, prompt_tokens: 8 });
const bench = (name: string, reference: string, e2e: number[], extra: object = {}) => ({
  name,
  engine: 'transformers',
  status: 'ok',
  labels: { model: 'GPT-2', technique: name, reference },
  iterations: e2e.map(sample),
  memory: [{ metric: 'torch_max_allocated_mib', value_mib: 1000, source: 'x' }],
  engine_info: { weights_mib: 500 },
  ...extra,
});

describe('seed-report.py', { skip: noPython ? 'python3 is not installed' : false }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-seed-'));
  const results = path.join(dir, 'seed-results.json');
  const direct = path.join(dir, 'direct.jsonl');
  writeFileSync(
    results,
    JSON.stringify({
      benchmarks: [
        bench('gpt2-fp32', 'gpt2-fp32', [1000, 1000, 2000]),
        bench('gpt2-fp16', 'gpt2-fp32', [500, 500, 400]),
        {
          ...bench('gpt2-int8', 'gpt2-fp32', []),
          status: 'failed',
          error: { kind: 'dependency-missing', message: 'bitsandbytes is not installed; config "gpt2-int8" needs it' },
        },
      ],
    }),
  );
  writeFileSync(direct, `${JSON.stringify({ name: 'gpt2-fp32', pass: 1, tok_s: [100, 110, 90] })}\n`);

  it('computes the CLI / direct ratio from medians', () => {
    const ratioJson = path.join(dir, 'ratio.json');
    const md = execFileSync('python3', [SCRIPT, 'ratio', '--direct', direct, '--out-json', ratioJson, results], {
      encoding: 'utf8',
    });
    // CLI medians: 100 tok/s; direct: 100 tok/s; one pass, so no interval.
    assert.match(md, /\| gpt2-fp32 \| 100\.0 \| 100\.0 \| 1\.000 \| 1\.000 \| 1\.000 \| 1 \| 1\.000 \|/);
    const row = (JSON.parse(readFileSync(ratioJson, 'utf8')) as { rows: Record<string, unknown>[] }).rows[0]!;
    assert.equal(row['cli_iterations'], 3);
    assert.equal(row['ratio_pass_ci95'], null);
    const table = execFileSync('python3', [SCRIPT, 'table', results, '--ratio', ratioJson], { encoding: 'utf8' });
    // fp16 median 200 tok/s = 2.00x the fp32 median; weights 500 MiB = 0.52 GB; peak 1000 MiB = 1.05 GB.
    assert.match(
      table,
      /\| GPT-2 \| gpt2-fp16 \| 200\.0 \| 0\.52 \| 2\.00x \| 1\.05 \| 99\.6 \| 0\.26 \| 1\.04x \| — \|/,
    );
    assert.match(
      table,
      /\| GPT-2 \| gpt2-fp32 \| 100\.0 \| 0\.52 \| 1\.00x \| 1\.05 \| 96\.2 \| 0\.51 \| 1\.00x \| 1\.000 \|/,
    );
    assert.match(table, /gpt2-int8 \| not run \(dependency-missing/);
    assert.match(table, /`dependency-missing`: bitsandbytes is not installed; config "gpt2-int8" needs it/);
  });

  it('pairs passes by the ROW.passN.json file names and puts an interval on the ratio', () => {
    const passes = path.join(dir, 'passes');
    mkdirSync(passes);
    // CLI 100 tok/s in every pass; direct 100, 105, 95, 110 tok/s: per-pass ratios 1, 0.952, 1.053, 0.909.
    const directTok = [100, 105, 95, 110];
    const lines = directTok.map((t, i) => JSON.stringify({ name: 'g', pass: i + 1, tok_s: [t, t, t] }));
    writeFileSync(path.join(passes, 'direct.jsonl'), `${lines.join('\n')}\n`);
    // Written in reverse order: the pass comes from the name, not the position.
    const files = [4, 3, 2, 1].map((k) => {
      const f = path.join(passes, `g.pass${k}.json`);
      writeFileSync(f, JSON.stringify({ benchmarks: [bench('g', 'g', [1000, 1000, 1000])] }));
      return f;
    });
    const out = path.join(passes, 'ratio.json');
    execFileSync('python3', [
      SCRIPT,
      'ratio',
      '--direct',
      path.join(passes, 'direct.jsonl'),
      '--out-json',
      out,
      ...files,
    ]);
    const row = (JSON.parse(readFileSync(out, 'utf8')) as { rows: Record<string, unknown>[] }).rows[0]!;
    const perPass = row['ratio_per_pass'] as Record<string, number>;
    assert.deepEqual(
      Object.values(perPass).map((v) => v.toFixed(3)),
      ['1.000', '0.952', '1.053', '0.909'],
    );
    assert.equal((row['ratio_pass_median'] as number).toFixed(3), '0.976');
    const [low, high] = row['ratio_pass_ci95'] as [number, number];
    const geo = row['ratio_pass_geomean'] as number;
    assert.ok(low < geo && geo < high && low > 0.85 && high < 1.1, `${low} ${geo} ${high}`);
    const [bLow, bHigh] = row['ratio_paired_bootstrap_ci95'] as [number, number];
    assert.ok(bLow <= (row['ratio'] as number) && (row['ratio'] as number) <= bHigh, `${bLow} ${bHigh}`);
  });

  it('lists the rows the direct script can run', () => {
    const names = execFileSync(
      'python3',
      [SCRIPT, 'benches', '--config', path.join(ROOT, 'fixtures/seed.perf-gate.yml')],
      { encoding: 'utf8' },
    );
    assert.deepEqual(names.trim().split('\n'), [
      'gpt2-fp32',
      'gpt2-fp16',
      'mistral-7b-fp16',
      'mistral-7b-flash-attention-2',
    ]);
  });

  it('cleans up', () => rmSync(dir, { recursive: true, force: true }));
});
