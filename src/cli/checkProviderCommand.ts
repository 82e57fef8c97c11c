// `llm-perf-gate check-provider --provider cuda`: proves that onnxruntime runs a model on the
// provider, not just that the provider is listed. It decodes two tokens of a tiny model shipped
// with the package through the onnxruntime engine itself, reads from onnxruntime's profile which
// provider ran each kernel, and fails when the provider could not be used or most kernels fell back
// to another one. The action runs it when onnxruntime-cuda is on.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageRoot } from '../engines/transformers/harnessPath.js';
import { onnxruntimeEngine } from '../engines/onnxruntime/onnxDecoder.js';
import { MIN_PROVIDER_SHARE } from '../engines/onnxruntime/providerUsage.js';
import { onnxOptionsSchema } from '../engines/onnxruntime/options.js';
import { EngineError } from '../engines/types.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { parseArgs } from './parseArgs.js';

export const CHECK_PROVIDER_USAGE = `usage: llm-perf-gate check-provider --provider cpu|cuda|webgpu [--model FILE]

  --provider NAME   the onnxruntime execution provider to check
  --model FILE      a decoder .onnx (default: the tiny GPT-2 shipped in fixtures/models/gpt2-tiny)

Exit 0 when at least ${MIN_PROVIDER_SHARE * 100}% of the kernels ran on the provider, 1 otherwise.`;

const SPEC = { provider: { type: 'string' }, model: { type: 'string' }, help: { type: 'boolean' } } as const;
const TINY_MODEL = path.join('fixtures', 'models', 'gpt2-tiny', 'model_fp32.onnx');

function defaultModel(): string {
  const root = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
  if (!root) throw new UsageError(`check-provider: cannot find ${TINY_MODEL} in the package; pass --model`);
  return path.join(root, TINY_MODEL);
}

export const checkProviderCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('check-provider', args, SPEC);
  const parsed = onnxOptionsSchema.shape.provider.safeParse(flags.provider);
  if (flags.provider === undefined || !parsed.success)
    throw new UsageError(`check-provider: --provider must be cpu, cuda or webgpu, got "${flags.provider ?? ''}"`);
  const provider = parsed.data;
  const model = flags.model ? path.resolve(ctx.cwd, flags.model) : defaultModel();
  // Inside a workflow the failure is also an error annotation.
  const fail = (message: string): number => {
    const prefix = ctx.env.GITHUB_ACTIONS === 'true' ? '::error::' : '';
    ctx.stderr.write(`${prefix}check-provider: ${message}\n`);
    return EXIT.gateFailed;
  };
  let info: Record<string, unknown>;
  try {
    const out = await onnxruntimeEngine().run(
      {
        name: `check-provider ${provider}`,
        options: onnxOptionsSchema.parse({ model, provider, isolate: 'never' }),
        warmup: 1,
        iterations: 1,
        maxNewTokens: 2,
        batchSize: 1,
        prompt: 'Hello',
        promptTokens: 4,
        seed: 0,
        configDir: ctx.cwd,
        round: 0,
      },
      {},
    );
    info = out.engine_info;
  } catch (err) {
    if (err instanceof EngineError) return fail(err.message);
    throw err;
  }
  const share = typeof info.provider_share === 'number' ? info.provider_share : 0;
  const kernels = String(info.provider_kernels);
  const line = `onnxruntime ${String(info.onnxruntime_version)}, ${provider}: ${(share * 100).toFixed(0)}% of the kernels on it (${kernels})`;
  if (share < MIN_PROVIDER_SHARE) return fail(`${line}: onnxruntime fell back to another provider`);
  ctx.stdout.write(`${line}\n`);
  return EXIT.pass;
};
