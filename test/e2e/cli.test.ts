// The built CLI, run as a user runs it: the embedded default end to end, then compare's exit codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ResultDoc } from '../../src/result/schema.ts';
import addFormats from 'ajv-formats';
import { freshCliEntry } from '../support/freshDist.js';

const execFileP = promisify(execFile);
const CLI = freshCliEntry();
const FAKE_ENGINE = path.resolve('fixtures/engines/fake-engine.mjs');

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP(process.execPath, [CLI, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lpg-e2e-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const baselines = readdirSync('fixtures/baseline')
  .filter((f) => f.endsWith('.json'))
  .map((f) => path.join('fixtures/baseline', f));

describe('llm-perf-gate CLI (built)', () => {
  it('runs the embedded default, writes a schema-valid result and prints the report', async () => {
    const out = path.join(tmp, 'results.json');
    const r = await cli([
      'run',
      '--config',
      'fixtures/default.perf-gate.yml',
      '--out',
      out,
      '--baseline',
      ...baselines,
      '--format',
      'markdown',
    ]);

    const doc = JSON.parse(readFileSync(out, 'utf8')) as ResultDoc;
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('schema/result.schema.json', 'utf8')));
    assert.equal(validate(structuredClone(doc)), true, ajv.errorsText(validate.errors));
    assert.deepEqual(
      doc.benchmarks.map((b) => [b.name, b.status]),
      [
        ['gpt2-tiny fp32', 'ok'],
        ['gpt2-tiny int4', 'ok'],
      ],
    );
    for (const b of doc.benchmarks) {
      assert.ok(b.iterations.length >= 8, 'the protocol measures at least 8 iterations');
      assert.ok(b.iterations.every((s) => s.new_tokens === 100));
      assert.match(b.tokens_digest ?? '', /^[0-9a-f]{16,}$/);
      assert.ok(b.memory.some((m) => m.metric === 'host_rss_peak_mib'));
    }
    assert.equal(doc.environment.fields.onnxruntime_node_version, '1.30.0');

    // The report names both configs, and the exit code agrees with the gate line it prints.
    assert.match(r.stdout, /gpt2-tiny fp32/);
    assert.match(r.stdout, /gpt2-tiny int4/);
    assert.match(r.stdout, /Throughput/);
    // Unchanged code never fails its own gate (the headline says why when it cannot decide).
    assert.equal(r.code, 0, r.stdout.slice(0, 1500));
    assert.match(r.stdout, /^(✅ \*\*No regression\*\*|⚠️ \*\*Could not decide\*\*): .* · gate passed/m);
    assert.match(r.stderr, /\[2\/2\] gpt2-tiny int4/);
  });

  it('compare: exit 0 on identical runs, 1 on an injected 30% slow-down, 2 on bad input', async () => {
    // Paired (A/B) comparison of the committed runs with copies slowed by exactly 30%: every pair
    // differs by the same factor, so the verdict does not depend on this machine's noise.
    const slowFiles = baselines.map((file, i) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultDoc;
      // Other runs (a run counts once: the same run as baseline and candidate is refused).
      doc.run.id = `${doc.run.id}-slow`;
      for (const b of doc.benchmarks) {
        // Synthetic samples: no machine was observed while they were "measured".
        delete b.telemetry;
        for (const s of b.iterations) {
          s.e2e_ms *= 1.3;
          s.ttft_ms *= 1.3;
          if (s.step_ms) s.step_ms = s.step_ms.map((x) => x * 1.3);
        }
      }
      const out = path.join(tmp, `slow-${i}.json`);
      writeFileSync(out, JSON.stringify(doc));
      return out;
    });

    // The same samples as other runs: identical measurements pass.
    const copies = baselines.map((file, i) => {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as ResultDoc;
      doc.run.id = `${doc.run.id}-copy`;
      const out = path.join(tmp, `copy-${i}.json`);
      writeFileSync(out, JSON.stringify(doc));
      return out;
    });
    const same = await cli([
      'compare',
      '--mode',
      'ab',
      '--baseline',
      ...baselines,
      '--candidate',
      ...copies,
      '--format',
      'json',
    ]);
    assert.equal(same.code, 0, same.stderr);
    // The very same runs as baseline and candidate are refused: each run counts once.
    const itself = await cli(['compare', '--baseline', ...baselines, '--candidate', baselines[0]!]);
    assert.equal(itself.code, 2);
    assert.match(itself.stderr, /holds the same run as/);
    const sameJson = JSON.parse(same.stdout) as { comparison: { counts: Record<string, number> } };
    assert.equal(sameJson.comparison.counts.regression, 0);

    const slowed = await cli([
      'compare',
      '--mode',
      'ab',
      '--baseline',
      ...baselines,
      '--candidate',
      ...slowFiles,
      '--format',
      'markdown',
    ]);
    assert.equal(slowed.code, 1, slowed.stdout.slice(0, 2000));
    assert.match(slowed.stderr, /gate: gpt2-tiny fp32: /);
    assert.match(slowed.stderr, /gate: gpt2-tiny int4: /);
    assert.match(slowed.stdout, /-23\.1%/, 'a 30% longer time is a 23.1% lower throughput');

    const accepted = await cli([
      'compare',
      '--mode',
      'ab',
      '--baseline',
      ...baselines,
      '--candidate',
      ...slowFiles,
      '--accepted',
    ]);
    assert.equal(accepted.code, 0);

    const bad = await cli([
      'compare',
      '--baseline',
      'fixtures/results/broken/truncated.json',
      '--candidate',
      slowFiles[0]!,
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /truncated\.json: invalid JSON/);

    const usage = await cli(['compare', '--candidate', slowFiles[0]!]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--baseline is required/);
  });

  it('run: a broken config exits 2 with file:line:col', async () => {
    const cfg = path.join(tmp, 'bad.yml');
    writeFileSync(cfg, 'benchmarks:\n  - name: a\n    engine: onnxruntime\n    options: {model: x.onnx, threads: 2}\n');
    const r = await cli(['run', '--config', cfg, '--out', path.join(tmp, 'x.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yml:4:30: benchmarks\[0\]\.options\.threads: unknown key "threads"/);
  });

  it('run: a crashed engine exits 1 and reads ⚠️ Not measured, never ✅', async () => {
    const cfg = path.join(tmp, 'fake.yml');
    writeFileSync(
      cfg,
      [
        'protocol: {warmup: 0, iterations: 4, max_new_tokens: 16, budget: {max_iterations: 4, max_seconds: 30}}',
        'benchmarks:',
        ...['a', 'b'].map(
          (n) =>
            `  - {name: fake-${n}, engine: command, options: {run: [node, ${JSON.stringify(FAKE_ENGINE)}], timeout_s: 30}}`,
        ),
        '',
      ].join('\n'),
    );
    const base = path.join(tmp, 'fake-base.json');
    const recorded = await cli(['run', '--config', cfg, '--out', base, '--quiet', '--format', 'markdown']);
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.match(
      recorded.stdout,
      /⚠️ \*\*Not measured\*\*: no baseline \(files\): no --baseline files given · gate passed/,
    );

    const crashed = await cli(
      [
        'run',
        '--config',
        cfg,
        '--out',
        path.join(tmp, 'fake-crash.json'),
        '--baseline',
        base,
        '--quiet',
        '--format',
        'markdown',
      ],
      { FAKE_ENGINE_CRASH: '1' },
    );
    assert.equal(crashed.code, 1, crashed.stdout.slice(0, 1500));
    assert.match(crashed.stdout, /^⚠️ \*\*Not measured\*\*: 2 of 2 configurations not measured: 2 failed \(/m);
    assert.match(crashed.stdout, /gate failed \(fail\\_on: regression-or-failed\)/);
    assert.doesNotMatch(crashed.stdout, /✅/);
    assert.match(crashed.stderr, /gate: fake-a: failed: /);
    // The same through compare, and policy regression is the documented way to let it pass.
    const compare = (...extra: string[]) =>
      cli(['compare', '--baseline', base, '--candidate', path.join(tmp, 'fake-crash.json'), ...extra]);
    assert.equal((await compare('--format', 'markdown')).code, 1);
    assert.equal((await compare('--fail-on', 'regression')).code, 0);
  });

  it('run: a config whose model is missing fails that config, not the run', async () => {
    const cfg = path.join(tmp, 'missing-model.yml');
    const model = path.resolve('fixtures/models/gpt2-tiny/model_int4.onnx');
    writeFileSync(
      cfg,
      `protocol: {iterations: 2, max_new_tokens: 5}\nbenchmarks:\n  - name: gone\n    engine: onnxruntime\n    options: {model: nowhere.onnx}\n  - name: here\n    engine: onnxruntime\n    options: {model: ${JSON.stringify(model)}}\n`,
    );
    const out = path.join(tmp, 'partial.json');
    const r = await cli(['run', '--config', cfg, '--out', out, '--quiet', '--format', 'markdown']);
    // The other config still ran and was written; the failure fails the gate (fail closed).
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /⚠️ \*\*Not measured\*\*: 1 of 2 configurations not measured: 1 failed/);
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(doc.benchmarks[0].status, 'failed');
    assert.match(doc.benchmarks[0].error.message, /nowhere\.onnx/);
    assert.equal(doc.benchmarks[1].status, 'ok');
  });
});
