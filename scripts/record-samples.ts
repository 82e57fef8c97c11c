// Records between-process noise for fixtures/samples/: runs `llm-perf-gate run` many times, each a
// separate process (as CI jobs are), and keeps only the per-iteration samples, compactly.
//
//   npx tsx scripts/record-samples.ts --config fixtures/default.perf-gate.yml --runs 30 \
//     --out fixtures/samples/cpu-onnx-gpt2-tiny.json --size tiny \
//     --pair "gpt2-tiny fp32=gpt2-tiny int4=fp32 -> int4 (MatMulNBits)" [--max-seconds 900]
//
// Uses dist/cli.js when it exists (what users run), otherwise src/cli.ts through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resultSchema } from '../src/result/schema.js';
import type { SampleSet, SampleConfig } from '../src/stats/sampleSet.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    runs: { type: 'string', default: '30' },
    out: { type: 'string' },
    size: { type: 'string' },
    pair: { type: 'string', multiple: true, default: [] },
    'max-seconds': { type: 'string', default: '900' },
  },
});
if (!values.config || !values.out || !values.size) {
  console.error('usage: record-samples.ts --config X --out Y --size LABEL [--runs N] [--pair "base=cand=what"]');
  process.exit(2);
}
const runs = Number(values.runs);
const maxMs = Number(values['max-seconds']) * 1000;
const cli = existsSync('dist/cli.js') ? ['dist/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'record-samples-'));
const configs = new Map<string, SampleConfig>();
let machine = '';
let host = '';
const started = Date.now();
let busyRuns = 0;
let done = 0;

for (let i = 0; i < runs && Date.now() - started < maxMs; i++) {
  const out = path.join(tmp, `run-${i}.json`);
  const t0 = Date.now();
  const p = spawnSync(process.execPath, [...cli, 'run', '--config', values.config, '--out', out, '--quiet'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (!existsSync(out)) {
    console.error(`run ${i + 1}: no result (exit ${p.status})\n${p.stderr.slice(-2000)}`);
    continue;
  }
  const doc = resultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
  machine = String(doc.environment.fields['cpu_model'] ?? doc.environment.fields['gpu_name'] ?? 'unknown');
  host = `${String(doc.environment.fields['cpu_cores'] ?? '?')} cores`;
  let busy = false;
  for (const b of doc.benchmarks) {
    if (b.status !== 'ok') continue;
    busy ||= Boolean(b.telemetry?.host_busy);
    const first = b.iterations[0];
    if (!first) continue;
    const c = configs.get(b.name) ?? {
      name: b.name,
      model: b.labels?.['model'] ?? b.name,
      size: values.size,
      variant: b.labels?.['technique'] ?? b.name,
      new_tokens: first.new_tokens,
      batch_size: first.batch_size,
      prompt_tokens: first.prompt_tokens,
      runs: [],
    };
    const rss = b.memory.find((m) => m.metric === 'host_rss_peak_mib')?.value_mib;
    c.runs.push({
      seq: i + 1,
      e2e_ms: b.iterations.map((s) => Math.round(s.e2e_ms * 1000) / 1000),
      ttft_ms: b.iterations.map((s) => Math.round(s.ttft_ms * 1000) / 1000),
      ...(rss !== undefined ? { memory_mib: Math.round(rss * 10) / 10 } : {}),
    });
    configs.set(b.name, c);
  }
  if (busy) busyRuns++;
  done++;
  console.log(`run ${i + 1}/${runs} in ${((Date.now() - t0) / 1000).toFixed(1)} s${busy ? ' (host busy)' : ''}`);
}
rmSync(tmp, { recursive: true, force: true });

const set: SampleSet = {
  format: 'llm-perf-gate.samples',
  version: 1,
  source: {
    machine: `${machine} (${host}, shared with other work)`,
    recorded_by: 'scripts/record-samples.ts',
    engine: `llm-perf-gate run --config ${values.config}`,
    protocol: 'the config as given; one process per run, run back to back',
    seconds: Math.round((Date.now() - started) / 100) / 10,
    errors: [],
    notes: [`${busyRuns} of ${done} runs flagged host_busy by telemetry`],
  },
  configs: [...configs.values()],
  pairs: values.pair.map((spec) => {
    const [baseline, candidate, change] = spec.split('=');
    if (!baseline || !candidate) throw new Error(`--pair expects "baseline=candidate=what changed", got "${spec}"`);
    return { baseline, candidate, change: change ?? '' };
  }),
};
writeFileSync(values.out, `${JSON.stringify(set)}\n`);
console.log(`wrote ${values.out}: ${set.configs.map((c) => `${c.name} ${c.runs.length} runs`).join(', ')}`);
