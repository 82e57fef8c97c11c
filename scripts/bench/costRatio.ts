// How much slower the head commit's model is than the base's, measured side by side: both models
// loaded in one process with the config's own options and protocol, one generation of each per
// round in a seeded random order, so both see the same moments of a busy machine. Two figures, each
// the median over rounds of head/base (a paired ratio) with a distribution-free 95% interval: of the
// whole generation (e2e, what A/B mode compares), and of the median decode step of each generation
// (robust to the few steps that wait for a descheduled thread on a busy machine: the model's cost).
import path from 'node:path';
import { loadConfig } from '../../src/config/loadConfig.ts';
import { openOnnxSession, type OnnxSession } from '../../src/engines/onnxruntime/onnxDecoder.ts';
import type { OnnxOptions } from '../../src/engines/onnxruntime/options.ts';
import { median } from '../../src/stats/descriptive.ts';
import { mulberry32 } from '../../src/util/prng.ts';
import { pairedRatio, type PairedRatio } from './pairedRatio.ts';

export interface CostRatioRequest {
  /** perf-gate.yml whose benchmark gives the options and protocol. */
  readonly config: string;
  readonly benchmark: string;
  readonly baseModel: string;
  readonly headModel: string;
  readonly rounds: number;
  readonly seed: number;
}

export interface CostRatio {
  readonly e2e: PairedRatio;
  readonly step: PairedRatio;
  readonly baseMedianMs: number;
  readonly headMedianMs: number;
}

async function open(config: string, benchmark: string, model: string): Promise<OnnxSession> {
  const loaded = await loadConfig(config);
  const b = loaded.config.benchmarks.find((x) => x.name === benchmark);
  if (b?.engine !== 'onnxruntime') throw new Error(`${config}: no onnxruntime benchmark named "${benchmark}"`);
  const p = loaded.config.protocol;
  return openOnnxSession({
    name: benchmark,
    options: { ...b.options, model: path.resolve(model) } satisfies OnnxOptions,
    warmup: p.warmup,
    iterations: 1,
    maxNewTokens: p.max_new_tokens,
    batchSize: p.batch_size,
    prompt: p.prompt,
    seed: p.seed,
    configDir: loaded.dir,
    round: 0,
  });
}

export async function measureCostRatio(r: CostRatioRequest): Promise<CostRatio> {
  const sessions = [await open(r.config, r.benchmark, r.baseModel), await open(r.config, r.benchmark, r.headModel)];
  try {
    for (const s of sessions) for (let w = 0; w < 2; w++) await s.generate('warm-up');
    const random = mulberry32(r.seed);
    const e2e: [number[], number[]] = [[], []];
    const step: [number[], number[]] = [[], []];
    for (let k = 0; k < r.rounds; k++) {
      const first = random() < 0.5 ? 0 : 1;
      for (const side of [first, 1 - first]) {
        const g = await sessions[side]!.generate(`round ${k}`);
        e2e[side]!.push(g.e2eMs);
        step[side]!.push(median(g.stepMs));
      }
    }
    return {
      e2e: pairedRatio(e2e[0], e2e[1]),
      step: pairedRatio(step[0], step[1]),
      baseMedianMs: median(e2e[0]),
      headMedianMs: median(e2e[1]),
    };
  } finally {
    for (const s of sessions) await s.release();
  }
}
