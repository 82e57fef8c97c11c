// The onnxruntime engine as a persistent worker: one session, warm-up once, then one measured
// generation per request (src/engines/worker/serveWorker.ts speaks the protocol).
import type { EngineRequest } from '../types.js';
import type { OpenedSession } from '../worker/serveWorker.js';
import { openOnnxSession, type OnnxEngineDeps } from './onnxDecoder.js';
import type { OnnxOptions } from './options.js';
import { startRssSampler } from './rssSampler.js';

export async function openOnnxWorker(
  req: EngineRequest<OnnxOptions>,
  onWarmup: (index: number, total: number) => void,
  deps: OnnxEngineDeps = {},
): Promise<OpenedSession> {
  const t0 = performance.now();
  const session = await openOnnxSession(req, deps);
  const loadMs = performance.now() - t0;
  try {
    for (let w = 0; w < req.warmup; w++) {
      await session.generate(`warm-up ${w + 1}`);
      onWarmup(w, req.warmup);
    }
  } catch (err) {
    await session.release();
    throw err;
  }
  const warmupMs = performance.now() - t0 - loadMs;
  const rss = startRssSampler();
  let count = 0;
  return {
    ready: {
      warmup: req.warmup,
      load_ms: loadMs,
      warmup_ms: warmupMs,
      engine_info: { ...(await session.engineInfo()), worker: 'persistent (__engine-worker)' },
      memory: [{ metric: 'host_rss_peak_mib', value_mib: process.memoryUsage.rss() / 2 ** 20, source: rss.source }],
    },
    session: {
      iterate: async () => {
        count += 1;
        const g = await session.generate(`iteration ${count}`);
        rss.sample();
        session.account(g);
        const digest = session.tokensDigest();
        return { sample: session.sample(g), ...(digest ? { tokensDigest: digest } : {}) };
      },
      finish: async () => {
        const peak = rss.stop();
        const engineInfo = { ...(await session.engineInfo()), worker: 'persistent (__engine-worker)' };
        await session.release();
        return {
          memory: [{ metric: 'host_rss_peak_mib' as const, value_mib: peak / 2 ** 20, source: rss.source }],
          engineInfo,
        };
      },
    },
  };
}
