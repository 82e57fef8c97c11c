// A RunExecutor for tests: each side's run in this process through runBenchmarks (the engine
// programs still start fresh per run), with the same side environment the process executor gives.
import { commandEngine } from '../../src/engines/command/commandEngine.js';
import type { Engine } from '../../src/engines/types.js';
import { loadConfig } from '../../src/config/loadConfig.js';
import { runBenchmarks } from '../../src/protocol/runBenchmarks.js';
import { writeResult } from '../../src/result/writeResult.js';
import { sideEnv, type AbRunRequest, type RunExecutor } from '../../src/ab/runExecutor.js';

const ENVIRONMENT = { fields: { cpu_model: 'test host' }, comparable: ['cpu_model'], hash: 'test-env' };

export function inProcessRunExecutor(options: { before?: (r: AbRunRequest) => void } = {}): RunExecutor & {
  requests: AbRunRequest[];
} {
  const requests: AbRunRequest[] = [];
  return {
    requests,
    async run(request) {
      requests.push(request);
      options.before?.(request);
      const loaded = await loadConfig(request.configPath, request.treeRoot);
      const env = sideEnv(process.env, request);
      const unavailable = () => Promise.reject(new Error('only the command engine in this test'));
      const doc = await runBenchmarks(loaded, {
        label: request.label,
        git: request.git,
        telemetry: false,
        environment: () => Promise.resolve(ENVIRONMENT),
        engines: {
          command: () => Promise.resolve(commandEngine({ env }) as Engine),
          onnxruntime: unavailable,
          transformers: unavailable,
        },
        ...(request.filter !== undefined ? { filter: (n: string) => new RegExp(request.filter!).test(n) } : {}),
      });
      await writeResult(request.outFile, doc);
      return doc;
    },
  };
}
