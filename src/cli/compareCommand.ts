// `llm-perf-gate compare`: verdicts of candidate runs against baseline runs; exit 0 pass, 1 the gate
// fails, 2 bad usage or input.
import { gateSchema, FAIL_ON, type FailOn } from '../config/schema.js';
import { loadConfig } from '../config/loadConfig.js';
import { evaluate } from '../report/evaluate.js';
import { EXIT, UsageError, type CliCommand } from './context.js';
import { fileBaselineProvenance, gateFromResult } from './loadResults.js';
import { assertDistinctRuns } from '../result/distinctRuns.js';
import { readShardInputs } from '../shards/readShardInputs.js';
import { combineInputs } from './mergeCommand.js';
import { parseArgs } from './parseArgs.js';
import { BRANCH_STORE_FLAGS, BRANCH_STORE_USAGE, branchStoreFrom, loadBranchBaselines } from './branchStoreFlags.js';
import { baselineProvenance } from '../baseline/provenance.js';
import { printReport, reportFormat } from './printReport.js';
import { writeFileAtomically } from '../output/atomicWrite.js';
import { checkOutputs } from '../output/checkOutputs.js';
import { jsonChunks } from '../util/jsonChunks.js';
import path from 'node:path';

export const COMPARE_USAGE = `usage: llm-perf-gate compare --baseline A.json [B.json ...] --candidate C.json [D.json ...]
         [--format terminal|markdown|json] [--out report] [--config perf-gate.yml] [--fail-on ${FAIL_ON.join('|')}] [--accepted]
         ${BRANCH_STORE_USAGE} (instead of --baseline)`;

export const compareCommand: CliCommand = async (args, ctx) => {
  const flags = parseArgs('compare', args, {
    baseline: { type: 'list' },
    candidate: { type: 'list' },
    format: { type: 'string' },
    out: { type: 'string' },
    config: { type: 'string' },
    'fail-on': { type: 'string' },
    accepted: { type: 'boolean' },
    mode: { type: 'string' },
    ...BRANCH_STORE_FLAGS,
  });
  if (flags['baseline-store'] && flags.baseline)
    throw new UsageError('compare: give --baseline files or --baseline-store branch, not both');
  if (!flags.baseline && !flags['baseline-store'])
    throw new UsageError(`compare: --baseline is required\n${COMPARE_USAGE}`);
  if (!flags.candidate) throw new UsageError(`compare: --candidate is required\n${COMPARE_USAGE}`);
  const store = await branchStoreFrom(flags, ctx, 'compare');
  const format = reportFormat(flags.format, ctx.isTTY);
  if (flags['fail-on'] && !(FAIL_ON as readonly string[]).includes(flags['fail-on']))
    throw new UsageError(`compare: --fail-on must be one of ${FAIL_ON.join(', ')}, got "${flags['fail-on']}"`);
  if (flags.mode && flags.mode !== 'stored-baseline' && flags.mode !== 'ab')
    throw new UsageError(`compare: --mode must be stored-baseline or ab, got "${flags.mode}"`);

  const outPath = flags.out ? path.resolve(ctx.cwd, flags.out) : undefined;
  if (outPath) {
    const inputs = [...(flags.baseline ?? []), ...flags.candidate, ...(flags.config ? [flags.config] : [])];
    await checkOutputs(
      [{ role: '--out', path: outPath }],
      inputs.map((p) => ({ role: 'input', path: path.resolve(ctx.cwd, p) })),
    );
  }
  // Shard files of one run are merged into one run; a missing or failed shard becomes `failed`.
  const candidateInputs = await readShardInputs(flags.candidate, ctx.cwd);
  const baselineInputs = flags.baseline ? await readShardInputs(flags.baseline, ctx.cwd) : [];
  // A run given as both baseline and candidate would compare with itself.
  assertDistinctRuns([...baselineInputs, ...candidateInputs]);
  const candidates = combineInputs(candidateInputs, ctx.stderr).runs;
  const gate = flags.config ? (await loadConfig(flags.config, ctx.cwd)).config.gate : gateFromResult(candidates[0]!);
  const first = candidates[0]!;
  const stored = store
    ? await loadBranchBaselines(
        store,
        { configHash: first.config.hash, environmentHash: first.environment.hash, keep: gate.baseline_runs },
        ctx,
        'compare',
      )
    : undefined;
  const baselines = stored ? stored.runs : combineInputs(baselineInputs, ctx.stderr).runs;
  const effective = flags['fail-on'] ? gateSchema.parse({ ...gate, fail_on: flags['fail-on'] as FailOn }) : gate;
  const evaluation = evaluate({
    baselines,
    candidates,
    gate: effective,
    baseline: stored && store ? baselineProvenance(store.store.kind, stored) : fileBaselineProvenance(baselines),
    ...(flags.mode ? { mode: flags.mode as 'stored-baseline' | 'ab' } : {}),
    accepted: flags.accepted ?? false,
    reproduceCommand: `npx llm-perf-gate compare ${flags.baseline ? `--baseline ${flags.baseline.join(' ')}` : `--baseline-store branch --store-remote ${store!.remote}`} --candidate ${flags.candidate.join(' ')}`,
  });
  if (outPath) {
    const doc = { comparison: evaluation.comparison, decision: evaluation.decision };
    await writeFileAtomically(outPath, format === 'json' ? withNewline(jsonChunks(doc)) : `${evaluation.markdown}\n`);
  }
  printReport(ctx, evaluation, format);
  return evaluation.decision.failed ? EXIT.gateFailed : EXIT.pass;
};

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}
