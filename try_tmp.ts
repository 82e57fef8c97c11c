import { onnxruntimeEngine } from './src/engines/onnxruntime/onnxDecoder.js';
import { onnxOptionsSchema } from './src/engines/onnxruntime/options.js';
const eng = onnxruntimeEngine();
for (const dt of ['fp32','int4','fp16','int8']) {
  const t0 = performance.now();
  const out = await eng.run({ name: dt, options: onnxOptionsSchema.parse({ model: `models/gpt2-tiny/model_${dt}.onnx`, intra_op_threads: 2 }), warmup: 1, iterations: 8, maxNewTokens: 100, batchSize: 1, prompt: 'Explain quantum computing:', seed: 1, configDir: 'fixtures', round: 0 }, {});
  const it = out.iterations;
  const med = (a: number[]) => a.sort((x,y)=>x-y)[a.length>>1]!;
  console.log(dt, (performance.now()-t0).toFixed(0), 'ms total; e2e med', med(it.map(s=>s.e2e_ms)).toFixed(1), 'ttft', med(it.map(s=>s.ttft_ms)).toFixed(2), 'step med', med(it[0]!.step_ms!).toFixed(3), out.engine_info.harness_overhead_pct, out.memory[0]!.value_mib.toFixed(0), out.tokens_digest!.slice(0,12));
}
