// Records between-process noise for fixtures/samples/: runs `llm-perf-gate run` many times, each a
// separate process (as CI jobs are), and keeps only the per-iteration samples, compactly.
//
//   npx tsx scripts/record-samples.ts --config fixtures/default.perf-gate.yml --runs 30 \
//     --out fixtures/samples/cpu-onnx-gpt2-tiny.json --size tiny \
//     --pair "gpt2-tiny fp32=gpt2-tiny int4=fp32 -> int4 (MatMulNBits)" [--max-seconds 900]
//
// Or from result files the CLI already wrote elsewhere (e.g. on the GPU machine, which has no tsx),
// one file per process, in the order given:
//
//   npx tsx scripts/record-samples.ts --from-results --out X.json --size 124M --machine "..." FILE...
//
// Runs the CLI from dist/cli.js when it exists (what users run), otherwise src/cli.ts through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resultSchema, type ResultDoc } from '../src/result/schema.js';
import { SAMPLES_FORMAT, TELEMETRY_FLAGS, type SampleConfig, type SampleSet } from '../src/eval/sampleSet.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    runs: { type: 'string', default: '30' },
    out: { type: 'string' },
    size: { type: 'string' },
    pair: { type: 'string', multiple: true, default: [] },
    'max-seconds': { type: 'string', default: '900' },
    'from-results': { type: 'boolean', default: false },
    machine: { type: 'string' },
    protocol: { type: 'string' },
  },
});
const fromResults = values['from-results'];
if (!values.out || !values.size || (!fromResults && !values.config) || (fromResults && positionals.length === 0)) {
  console.error(
    'usage: record-samples.ts --config X --out Y --size LABEL [--runs N] [--pair "base=cand=what"]\n' +
      '       record-samples.ts --from-results --out Y --size LABEL [--machine TEXT] [--protocol TEXT] FILE...',
  );
  process.exit(2);
}
const size = values.size;

const configs = new Map<string, SampleConfig>();
let machine = '';
let busyRuns = 0;
let done = 0;

/** Adds one process's result document as run number `seq` of each of its configs. */
function addResult(doc: ResultDoc, seq: number): { busy: boolean } {
  const f = doc.environment.fields;
  machine = String(f['gpu_name'] ?? f['cpu_model'] ?? 'unknown');
  let busy = false;
  for (const b of doc.benchmarks) {
    if (b.status !== 'ok') continue;
    busy ||= Boolean(b.telemetry?.host_busy);
    const first = b.iterations[0];
    if (!first) continue;
    const c = configs.get(b.name) ?? {
      name: b.name,
      model: b.labels?.['model'] ?? b.name,
      size,
      variant: b.labels?.['technique'] ?? b.name,
      new_tokens: first.new_tokens,
      batch_size: first.batch_size,
      prompt_tokens: first.prompt_tokens,
      runs: [],
    };
    // The memory figure that matters where the run happened: torch's peak on a GPU, else host RSS.
    const mem = ['torch_max_allocated_mib', 'gpu_process_peak_mib', 'host_rss_peak_mib']
      .map((m) => b.memory.find((x) => x.metric === m)?.value_mib)
      .find((v) => v !== undefined);
    const flags = TELEMETRY_FLAGS.filter((k) => b.telemetry?.[k] === true);
    const clock = b.telemetry?.summary['sm_clock_mhz_median'];
    c.runs.push({
      seq,
      e2e_ms: b.iterations.map((s) => Math.round(s.e2e_ms * 1000) / 1000),
      ttft_ms: b.iterations.map((s) => Math.round(s.ttft_ms * 1000) / 1000),
      ...(mem !== undefined ? { memory_mib: Math.round(mem * 10) / 10 } : {}),
      ...(flags.length > 0 ? { flags } : {}),
      ...(typeof clock === 'number' ? { sm_clock_mhz: clock } : {}),
    });
    configs.set(b.name, c);
  }
  if (busy) busyRuns++;
  done++;
  return { busy };
}

function readResult(file: string): ResultDoc {
  return resultSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

const started = Date.now();
let source: SampleSet['source'];
if (fromResults) {
  positionals.forEach((file, i) => addResult(readResult(file), i + 1));
  source = {
    machine: values.machine ?? machine,
    recorded_by: 'llm-perf-gate run (one process per file), collected by scripts/record-samples.ts --from-results',
    engine: 'llm-perf-gate run',
    protocol: values.protocol ?? 'one process per run, in the order given',
    errors: [],
    notes: [`${busyRuns} of ${done} runs flagged host_busy by telemetry`],
  };
} else {
  const runs = Number(values.runs);
  const maxMs = Number(values['max-seconds']) * 1000;
  const cli = existsSync('dist/cli.js') ? ['dist/cli.js'] : ['--import', 'tsx', 'src/cli.ts'];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'record-samples-'));
  let cores = '?';
  for (let i = 0; i < runs && Date.now() - started < maxMs; i++) {
    const out = path.join(tmp, `run-${i}.json`);
    const t0 = Date.now();
    const p = spawnSync(process.execPath, [...cli, 'run', '--config', values.config!, '--out', out, '--quiet'], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (!existsSync(out)) {
      console.error(`run ${i + 1}: no result (exit ${p.status})\n${p.stderr.slice(-2000)}`);
      continue;
    }
    const doc = readResult(out);
    cores = String(doc.environment.fields['cpu_cores'] ?? '?');
    const { busy } = addResult(doc, i + 1);
    console.log(`run ${i + 1}/${runs} in ${((Date.now() - t0) / 1000).toFixed(1)} s${busy ? ' (host busy)' : ''}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  source = {
    machine: values.machine ?? `${machine} (${cores} cores, shared with other work)`,
    recorded_by: 'scripts/record-samples.ts',
    engine: `llm-perf-gate run --config ${values.config}`,
    protocol: values.protocol ?? 'the config as given; one process per run, run back to back',
    seconds: Math.round((Date.now() - started) / 100) / 10,
    errors: [],
    notes: [`${busyRuns} of ${done} runs flagged host_busy by telemetry`],
  };
}

const set: SampleSet = {
  format: SAMPLES_FORMAT,
  version: 1,
  source,
  configs: [...configs.values()],
  pairs: values.pair.map((spec) => {
    const [baseline, candidate, change] = spec.split('=');
    if (!baseline || !candidate) throw new Error(`--pair expects "baseline=candidate=what changed", got "${spec}"`);
    return { baseline, candidate, change: change ?? '' };
  }),
};
writeFileSync(values.out, `${JSON.stringify(set)}\n`);
console.log(`wrote ${values.out}: ${set.configs.map((c) => `${c.name} ${c.runs.length} runs`).join(', ')}`);
