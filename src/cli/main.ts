// Dispatches `llm-perf-gate <command>`; maps errors to exit codes (2 for bad usage or input).
import { ConfigError } from '../config/loadConfig.js';
import { OutputError } from '../output/writeError.js';
import { ResultFileError } from '../result/readResult.js';
import { TOOL_VERSION } from '../version.js';
import { COMPARE_USAGE, compareCommand } from './compareCommand.js';
import { EXIT, UsageError, type CliCommand, type CliContext } from './context.js';
import { REPORT_USAGE, reportCommand } from './reportCommand.js';
import { RUN_USAGE, runCommand } from './runCommand.js';
import { didYouMean } from '../util/didYouMean.js';

const HELP = `llm-perf-gate ${TOOL_VERSION}: guard LLM inference performance on every change

usage: llm-perf-gate <command> [options]

commands:
  run        measure the configs of a perf-gate.yml and write a result file
             (with --baseline: compare, print the report, exit by the gate)
  compare    verdicts of candidate runs against baseline runs (exit 0 pass, 1 gate fails)
  report     render result files: study table, and the comparison when baselines are given
  ab         same-runner A/B: base and head interleaved in one job, with an A/A noise check
  merge      merge the result files of sharded runs into one
  eval       replay recorded runs: false-alarm and detection rates of the gate's rule vs common rules
  make-model generate a GPT-2-architecture ONNX decoder with deterministic weights
  dashboard  the performance-history page (one HTML file) from a checkout of the data branch
  check-provider  prove that onnxruntime runs a model on an execution provider (e.g. cuda)

exit codes: 0 pass, 1 the gate failed, 2 bad usage or input, 3 internal error
run 'llm-perf-gate <command> --help' for a command's options`;

interface CommandModule {
  readonly command: CliCommand;
  readonly usage: string;
}

// Loaded on demand, so `compare` never loads the model generator or onnxruntime.
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  run: async () => ({ command: runCommand, usage: RUN_USAGE }),
  compare: async () => ({ command: compareCommand, usage: COMPARE_USAGE }),
  report: async () => ({ command: reportCommand, usage: REPORT_USAGE }),
  eval: async () => {
    const m = await import('./evalCommand.js');
    return { command: m.evalCommand, usage: m.EVAL_USAGE };
  },
  ab: async () => {
    const m = await import('./abCommand.js');
    return { command: m.abCommand, usage: m.AB_USAGE };
  },
  merge: async () => {
    const m = await import('./mergeCommand.js');
    return { command: m.mergeCommand, usage: m.MERGE_USAGE };
  },
  'make-model': async () => {
    const m = await import('./makeModelCommand.js');
    return { command: m.makeModelCommand, usage: m.MAKE_MODEL_USAGE };
  },
  dashboard: async () => {
    const m = await import('./dashboardCommand.js');
    return { command: m.dashboardCommand, usage: m.DASHBOARD_USAGE };
  },
  // Hidden: the child process of an isolated engine round (src/engines/isolation/).
  '__engine-round': async () => {
    const m = await import('./engineRoundCommand.js');
    return { command: m.engineRoundCommand, usage: m.ENGINE_ROUND_USAGE };
  },
  // Hidden: a persistent onnxruntime worker of A/B trials (src/engines/worker/).
  '__engine-worker': async () => {
    const m = await import('./engineWorkerCommand.js');
    return { command: m.engineWorkerCommand, usage: m.ENGINE_WORKER_USAGE };
  },
  'check-provider': async () => {
    const m = await import('./checkProviderCommand.js');
    return { command: m.checkProviderCommand, usage: m.CHECK_PROVIDER_USAGE };
  },
  'telemetry-probe': async () => {
    const m = await import('./telemetryProbeCommand.js');
    return { command: m.telemetryProbeCommand, usage: m.TELEMETRY_PROBE_USAGE };
  },
};

export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(`${HELP}\n`);
    return name ? EXIT.pass : EXIT.badInput;
  }
  if (name === '--version' || name === '-v') {
    ctx.stdout.write(`${TOOL_VERSION}\n`);
    return EXIT.pass;
  }
  const load = COMMANDS[name];
  if (!load) {
    const hint = didYouMean(
      name,
      Object.keys(COMMANDS).filter((c) => !c.startsWith('__')),
    );
    ctx.stderr.write(`llm-perf-gate: unknown command "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}\n${HELP}\n`);
    return EXIT.badInput;
  }
  try {
    const { command, usage } = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.stdout.write(`${usage}\n`);
      return EXIT.pass;
    }
    return await command(rest, ctx);
  } catch (err) {
    if (
      err instanceof UsageError ||
      err instanceof ConfigError ||
      err instanceof ResultFileError ||
      err instanceof OutputError
    ) {
      ctx.stderr.write(`llm-perf-gate ${name}: ${err.message}\n`);
      return EXIT.badInput;
    }
    ctx.stderr.write(
      `llm-perf-gate ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return EXIT.internal;
  }
}
