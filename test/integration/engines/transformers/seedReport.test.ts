// scripts/gpu/seed-report.py turns the GPU machine's outputs into docs/seed-reproduction.md's
// tables; checked here on a small hand-made result so the figures it prints are the right ones.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from '../command/fixtures.js';

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

  it('lists every transformers row for the direct script, the quantized ones first when asked', () => {
    const benches = (...extra: string[]) =>
      execFileSync(
        'python3',
        [SCRIPT, 'benches', '--config', path.join(ROOT, 'fixtures/seed.perf-gate.yml'), ...extra],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n');
    const all = [
      'gpt2-fp32',
      'gpt2-fp16',
      'gpt2-int8',
      'mistral-7b-fp16',
      'mistral-7b-flash-attention-2',
      'mistral-7b-nf4',
    ];
    assert.deepEqual(benches(), all);
    assert.deepEqual(benches('--quantized-first'), [
      'gpt2-int8',
      'mistral-7b-nf4',
      'gpt2-fp32',
      'gpt2-fp16',
      'mistral-7b-fp16',
      'mistral-7b-flash-attention-2',
    ]);
  });

  it("states a quantized row's bitsandbytes settings and the bnb_check outcome under the table", () => {
    const quant = path.join(dir, 'quant');
    mkdirSync(quant);
    const results = path.join(quant, 'seed-results.json');
    const info = {
      weights_mib: 3800,
      bitsandbytes: '0.50.1',
      quantized_layers: 224,
      quantized_layer_type: 'Linear4bit',
      quant_type: 'nf4',
      compute_dtype: 'float16',
      quant_blocksize: 64,
      quant_double_quant: false,
      quant_storage: 'uint8',
      quantization_config: '{"bnb_4bit_compute_dtype": "float16", "load_in_4bit": true}',
      quantization_path: 'random fp16 weights built on the device',
    };
    writeFileSync(
      results,
      JSON.stringify({
        benchmarks: [
          bench('mistral-7b-fp16', 'mistral-7b-fp16', [2000]),
          bench('mistral-7b-nf4', 'mistral-7b-fp16', [4000], { engine_info: info }),
        ],
      }),
    );
    const check = path.join(quant, 'bnb-check.json');
    writeFileSync(
      check,
      JSON.stringify({
        ok: true,
        setup_seconds: 61,
        environment: { ok: true, bitsandbytes: '0.50.1', device: 'NVIDIA H200', compute_capability: '9.0' },
        layers: { ok: true, int8_1_token_vs_fp16: { value: 0.0123, bound: 0.03, ok: true } },
        harness_vs_from_pretrained_gpt2_int8: { ok: true },
        harness_vs_from_pretrained_mistral_nf4: { ok: false },
      }),
    );
    const table = execFileSync('python3', [SCRIPT, 'table', results, '--bnb-check', check], { encoding: 'utf8' });
    // 3800 MiB = 3.98 GB; 25 tok/s over the reference's 50 tok/s = 0.50x.
    assert.match(table, /\| mistral-7b-nf4 \| 25\.0 \| 3\.98 \| 0\.50x \|/);
    assert.match(
      table,
      /- \*\*mistral-7b-nf4\*\* \(mistral-7b-nf4\): bitsandbytes 0\.50\.1; 224 × Linear4bit; nf4, compute dtype float16; quant_blocksize 64; quant_double_quant False; quant_storage uint8;/,
    );
    assert.match(
      table,
      /bnb_check\.py: all checks passed; bitsandbytes 0\.50\.1 on NVIDIA H200 \(sm 9\.0\), set up in 61 s/,
    );
    assert.match(table, /int8_1_token_vs_fp16 0\.0123 \(< 0\.03\)/);
    // Only the comparisons that passed are named.
    assert.match(table, /identical to from_pretrained's for: gpt2_int8$/m);
  });

  it("records both sides' weight footprints in the ratio file", () => {
    const results = path.join(dir, 'footprint.json');
    writeFileSync(results, JSON.stringify({ benchmarks: [bench('q', 'q', [1000, 1000])] }));
    const directFile = path.join(dir, 'footprint.jsonl');
    writeFileSync(
      directFile,
      `${JSON.stringify({ name: 'q', pass: 1, tok_s: [100, 100], weights_bytes: 524288000 })}\n`,
    );
    const out = path.join(dir, 'footprint-ratio.json');
    execFileSync('python3', [SCRIPT, 'ratio', '--direct', directFile, '--out-json', out, results]);
    const row = (JSON.parse(readFileSync(out, 'utf8')) as { rows: Record<string, unknown>[] }).rows[0]!;
    // 500 MiB in the CLI's engine_info and 524288000 bytes from the direct script: the same 0.524 GB.
    assert.equal((row['cli_weights_gb'] as number).toFixed(3), '0.524');
    assert.equal((row['direct_weights_gb'] as number).toFixed(3), '0.524');
  });

  it("docs/seed-reproduction.md's H200 tables are what the script prints for the committed files", () => {
    const gpu = path.join(ROOT, 'fixtures/results/gpu');
    const f = (name: string) => path.join(gpu, `seed-h200.${name}`);
    // Table rows without prettier's column padding.
    const rows = (md: string) =>
      md
        .split('\n')
        .filter((l) => l.startsWith('|') && !/^\|[\s:|-]+\|$/.test(l))
        .map((l) =>
          l
            .split('|')
            .map((c) => c.trim())
            .join('|'),
        );
    const doc = rows(readFileSync(path.join(ROOT, 'docs/seed-reproduction.md'), 'utf8'));
    const table = execFileSync(
      'python3',
      [SCRIPT, 'table', f('results.json'), '--ratio', f('ratio.json'), '--bnb-check', f('bnb-check.json')],
      { encoding: 'utf8' },
    );
    const ratioJson = path.join(dir, 'h200-ratio.json');
    const ratio = execFileSync(
      'python3',
      [SCRIPT, 'ratio', '--direct', f('direct.jsonl'), '--out-json', ratioJson, f('results.json')],
      { encoding: 'utf8' },
    );
    // A header and six configs each, so an empty printout cannot pass.
    assert.ok(
      rows(table).length >= 7 && rows(ratio).length >= 7,
      `${rows(table).length} and ${rows(ratio).length} rows`,
    );
    for (const row of [...rows(table), ...rows(ratio)]) assert.ok(doc.includes(row), `not in the docs: ${row}`);
    // The lines under the table are pasted as printed, too.
    const docText = readFileSync(path.join(ROOT, 'docs/seed-reproduction.md'), 'utf8');
    for (const line of table.split('\n').filter((l) => l.startsWith('- **') || l.startsWith('bnb_check.py:')))
      assert.ok(docText.includes(line), `not in the docs: ${line}`);
    // The committed ratio file is what the committed result and direct files give.
    assert.deepEqual(JSON.parse(readFileSync(ratioJson, 'utf8')), JSON.parse(readFileSync(f('ratio.json'), 'utf8')));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));
});
