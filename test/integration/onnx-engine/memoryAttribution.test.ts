// Issue 15, "False memory regressions": a config's memory must not depend on which configs ran
// before it. Each onnxruntime round now runs in a process of its own. In the runner's process (the
// old default for cpu; `isolate: never` now) the host RSS of a small config run after a large one
// included the large one's arenas: 262 MiB instead of 139 MiB on this fixture (+89%), the kind of
// "regression" that adding or reordering configs produced.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../src/config/loadConfig.js';
import { runBenchmarks } from '../../../src/protocol/runBenchmarks.js';

const MODELS = fileURLToPath(new URL('../../../fixtures/models/gpt2-tiny/', import.meta.url));
const LARGE = `  - name: large
    engine: onnxruntime
    options: {model: model_fp32.onnx, intra_op_threads: 1}
    protocol: {batch_size: 64, max_new_tokens: 200}`;
const SMALL = `  - name: small
    engine: onnxruntime
    options: {model: model_fp32.onnx, intra_op_threads: 1}`;

async function hostRss(benchmarks: readonly string[]): Promise<Record<string, number>> {
  const loaded = parseConfig(
    `protocol: {warmup: 0, iterations: 1, max_new_tokens: 16, prompt_tokens: 8}\nbenchmarks:\n${benchmarks.join('\n')}\n`,
    'mem.perf-gate.yml',
    path.join(MODELS, 'mem.perf-gate.yml'),
  );
  const doc = await runBenchmarks(loaded, {
    environment: async () => ({ fields: { cpu_model: 'test' }, comparable: ['cpu_model'], hash: 'h' }),
    telemetry: false,
  });
  const out: Record<string, number> = {};
  for (const b of doc.benchmarks) {
    assert.equal(b.status, 'ok', b.error?.message);
    const peak = b.memory.find((m) => m.metric === 'host_rss_peak_mib');
    assert.ok(peak, `no host RSS for ${b.name}`);
    // The method is recorded with the figure.
    assert.match(peak.source, /in a process of this config's own/);
    out[b.name] = peak.value_mib;
  }
  return out;
}

describe('memory attribution', { timeout: 120_000 }, () => {
  it("a config's host RSS is the same alone and after a large config", async () => {
    const alone = await hostRss([SMALL]);
    const after = await hostRss([LARGE, SMALL]);
    const ratio = after.small! / alone.small!;
    // Separate processes differ by a few percent; sharing one process nearly doubled it.
    assert.ok(ratio > 0.85 && ratio < 1.15, `small alone ${alone.small} MiB, after large ${after.small} MiB`);
  });
});
