// The action: inputs → safety → config → baseline → run (or merge results) → compare → report
// (job summary, sticky PR comment, annotations, outputs) → gate. Returns the gate's outcome; only
// src/index.ts turns it into a failed step.
import { mkdir, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { baselineProvenance } from '../baseline/provenance.js';
import type { BaselineLoad, BaselineStore } from '../baseline/store.js';
import { ConfigError, loadConfig, type LoadedConfig } from '../config/loadConfig.js';
import { createGitHubClient, type GitHubClient } from '../github/client.js';
import { COMMENT_LIMIT, commentMarker, markerId } from '../github/commentBody.js';
import { evaluate } from '../pipeline/evaluate.js';
import { runBenchmarks } from '../protocol/runBenchmarks.js';
import { mdText } from '../report/escape.js';
import { readResult, ResultFileError } from '../result/readResult.js';
import { combineShardedRuns, type CombinedRuns } from '../shards/combineShardedRuns.js';
import { describeShards, ShardMergeError } from '../shards/mergeShards.js';
import { readShardInputs } from '../shards/readShardInputs.js';
import type { ResultDoc } from '../result/schema.js';
import { writeResult } from '../result/writeResult.js';
import { checkWritable } from '../output/checkOutputs.js';
import { describeEvent, readEventPayload, type RunEvent } from './event.js';
import { OUTPUTS } from './inputs.js';
import { coreIO, type ActionIO } from './io.js';
import { progressLog } from './progressLog.js';
import { withHeartbeat } from '../protocol/heartbeat.js';
import { publishOutcome } from './publishOutcome.js';
import { acceptedByLabel } from './acceptance.js';
import { runAbMode } from './abMode.js';
import { InputError, parseInputs, type ActionInputs } from './parseInputs.js';
import { decideSafety } from './safety.js';
import { runnerPathRoots } from '../util/runnerPaths.js';
import { acceptedOnPush, createBaselineStore, dashboardLine, publishAfterSave } from './history.js';

export interface Pipeline {
  readonly loadConfig: typeof loadConfig;
  readonly runBenchmarks: typeof runBenchmarks;
  readonly evaluate: typeof evaluate;
  readonly readResult: typeof readResult;
  readonly writeResult: typeof writeResult;
}

export interface ActionDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly io: ActionIO;
  readonly pipeline: Pipeline;
  readonly createStore: (inputs: ActionInputs, event: RunEvent, workspace: string) => BaselineStore;
  readonly createClient: (token: string, apiUrl: string, io: ActionIO) => GitHubClient;
  /** Cancellation of the job (SIGINT/SIGTERM): the run stops and keeps what finished. */
  readonly signal?: AbortSignal | undefined;
}

export interface ActionOutcome {
  readonly failed: boolean;
  /** Why the step fails: one line per failing config, or the error. */
  readonly message?: string;
}

function defaultDeps(): ActionDeps {
  return {
    env: process.env,
    io: coreIO(),
    pipeline: { loadConfig, runBenchmarks, evaluate, readResult, writeResult },
    createStore: (inputs, event, workspace) => createBaselineStore(inputs, event, workspace, process.env),
    createClient: (token, apiUrl, io) => createGitHubClient({ token, apiUrl, warn: (m) => io.warning(m) }),
  };
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '') || 'config';
}

/** Result files named directly, or every .json in a named folder (sorted). */
async function resultFiles(workspace: string, entries: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const entry of entries) {
    const abs = path.resolve(workspace, entry);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      throw new InputError('results', `"${entry}" does not exist`);
    }
    if (!isDir) files.push(abs);
    else
      files.push(
        ...(await readdir(abs))
          .filter((n) => n.endsWith('.json'))
          .sort()
          .map((n) => path.join(abs, n)),
      );
  }
  if (files.length === 0) throw new InputError('results', `no result files (.json) found in ${entries.join(', ')}`);
  return files;
}

/** The baseline paragraph of the report; `extra` lines are markdown already (escaped where built). */
function baselineNotes(load: BaselineLoad, branch: string, store: BaselineStore, extra: readonly string[]): string[] {
  const lines: string[] = [];
  if (load.runs.length > 0)
    lines.push(
      `Baseline: ${load.runs.length} run${load.runs.length === 1 ? '' : 's'} of \`${mdText(branch)}\` from ${mdText(load.source ?? store.kind)}.`,
    );
  else
    lines.push(
      `No baseline yet for \`${mdText(branch)}\`${load.note ? ` (${mdText(load.note)})` : ''}: every benchmark is reported as **new** and the gate passes.`,
    );
  for (const p of load.problems) lines.push(`Note: ${mdText(p)}`);
  for (const p of extra) lines.push(`Note: ${p}`);
  return lines;
}

/** Runs the action. Never throws for expected failures; returns whether the step must fail. */
export async function run(partial: Partial<ActionDeps> = {}): Promise<ActionOutcome> {
  const deps = { ...defaultDeps(), ...partial };
  const { env, io, pipeline } = deps;
  let inputs: ActionInputs;
  try {
    inputs = parseInputs(env);
  } catch (err) {
    if (err instanceof InputError) return { failed: true, message: err.message };
    throw err;
  }
  // Mask first, before anything can print it.
  if (inputs.token) io.setSecret(inputs.token);

  const event = describeEvent(env, await readEventPayload(env));
  const pr = event.pullRequest;
  const safety = decideSafety(event, {
    runnerEnvironment: env.RUNNER_ENVIRONMENT,
    allowFork: inputs.allowFork,
    saveBranches: inputs.saveBranches,
  });
  if (safety.refuse) {
    await io.writeSummary(`## llm-perf-gate\n\n:no_entry: ${mdText(safety.refuse)}\n`);
    return { failed: true, message: safety.refuse };
  }

  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  let loaded: LoadedConfig;
  try {
    loaded = await pipeline.loadConfig(inputs.configPath, workspace);
  } catch (err) {
    if (err instanceof ConfigError) return { failed: true, message: err.message };
    throw err;
  }
  const gate = { ...loaded.config.gate, fail_on: inputs.failOn ?? loaded.config.gate.fail_on };
  const keep = inputs.baselineRuns ?? gate.baseline_runs;
  const outDir = path.resolve(
    workspace,
    inputs.outputDir ?? path.join(env.RUNNER_TEMP ?? os.tmpdir(), 'llm-perf-gate', slug(inputs.configPath)),
  );
  await mkdir(outDir, { recursive: true });
  const resultsPath = path.join(
    outDir,
    inputs.shard ? `results.shard-${inputs.shard.index}-of-${inputs.shard.total}.json` : 'results.json',
  );
  const reportPath = path.join(outDir, 'report.md');
  const createClient = (): GitHubClient | undefined =>
    inputs.token && env.GITHUB_API_URL !== ''
      ? deps.createClient(inputs.token, env.GITHUB_API_URL ?? 'https://api.github.com', io)
      : undefined;

  if (inputs.mode === 'ab') {
    return runAbMode({ inputs, event, io, loaded, gate, workspace, outDir, reportPath, client: createClient() });
  }

  const store = deps.createStore(inputs, event, workspace);
  const baselineBranch = pr?.baseBranch ?? event.branch ?? event.defaultBranch ?? 'main';
  const query = { configHash: loaded.hash, branch: baselineBranch, keep };
  let baseline: BaselineLoad = { runs: [], problems: [] };
  // A shard is only part of a run: it is compared once merged, in report mode.
  if (!inputs.shard) baseline = await store.load(query);

  // --- candidate runs
  const notes: string[] = [];
  let candidates: ResultDoc[];
  if (inputs.mode === 'run') {
    // Found before measuring, not after: an output folder that cannot be written.
    await checkWritable(resultsPath, 'the results file');
    const doc = await pipeline.runBenchmarks(loaded, {
      progress: withHeartbeat(
        progressLog((line) => io.info(line)),
        { write: (line) => io.info(line) },
      ),
      shard: inputs.shard,
      git: { sha: pr?.headSha ?? event.sha, ref: event.ref },
      baselines: baseline.runs,
      signal: deps.signal,
    });
    await pipeline.writeResult(resultsPath, doc);
    if (doc.run.cancelled) {
      io.setOutput(OUTPUTS.resultsPath, resultsPath);
      await io.writeSummary(`## llm-perf-gate\n\n:stop_sign: ${mdText(doc.run.cancelled.message)}.\n`);
      return { failed: true, message: `${doc.run.cancelled.message}; partial results in ${resultsPath}` };
    }
    candidates = [doc];
    if (inputs.shard) {
      io.setOutput(OUTPUTS.resultsPath, resultsPath);
      await io.writeSummary(
        `## llm-perf-gate\n\nShard ${inputs.shard.index}/${inputs.shard.total} of \`${mdText(loaded.path)}\`: ` +
          `${doc.benchmarks.length} benchmark(s) run. Compare the shards with \`mode: report\`.\n`,
      );
      return { failed: false };
    }
  } else {
    // Shards of one run are merged; a missing or failed shard becomes `failed`, never a pass.
    let combined: CombinedRuns;
    try {
      combined = combineShardedRuns(await readShardInputs(await resultFiles(workspace, inputs.results), workspace));
    } catch (err) {
      if (err instanceof ShardMergeError || err instanceof ResultFileError)
        return { failed: true, message: err.message };
      throw err;
    }
    if (combined.merge) notes.push(...[...describeShards(combined.merge), ...combined.merge.warnings].map(mdText));
    candidates = [...combined.runs];
    // The merged document is what gets stored and what later steps read.
    const first = candidates[0];
    if (first) await pipeline.writeResult(resultsPath, first);
  }

  // Prefer baseline runs from this machine's fingerprint when the newest entry came from another.
  const candidateEnv = candidates[0]?.environment.hash;
  if (candidateEnv && baseline.runs.length > 0 && baseline.runs.every((r) => r.environment.hash !== candidateEnv)) {
    const again = await store.load({ ...query, environmentHash: candidateEnv });
    if (again.runs.some((r) => r.environment.hash === candidateEnv)) baseline = again;
    else
      notes.push(
        mdText(
          `the stored baseline was measured on another environment (fingerprint ${baseline.runs[0]?.environment.hash}, this run ${candidateEnv}); ` +
            `policy "${gate.fingerprint_mismatch}" applies`,
        ),
      );
  }

  // A push whose pull request carried the accept label: its regression is accepted here too, and
  // recorded as accepted in the git-branch store's history.
  const pushAccepted = await acceptedOnPush(createClient(), event, inputs.acceptLabel, io);

  // --- baseline save (pushes to the save branches only; never from a pull request)
  if (safety.mayWriteBaseline && !inputs.baselineFile) {
    const failedCount = candidates.flatMap((c) => c.benchmarks).filter((b) => b.status === 'failed').length;
    if (failedCount > 0) notes.push(`this run was not saved as a baseline: ${failedCount} benchmark(s) failed`);
    else {
      const saved = await store.save({ ...query, branch: event.branch ?? baselineBranch }, candidates, {
        accepted: pushAccepted,
      });
      const branch = event.branch ?? baselineBranch;
      io.info(
        saved.saved
          ? `saved this run to the baseline of ${branch} (${saved.kept} run(s) kept, ${saved.target})`
          : `the baseline was not saved: ${saved.note ?? 'unknown reason'}`,
      );
      notes.push(
        saved.saved
          ? `saved this run to the baseline of \`${mdText(branch)}\` (${saved.kept} run(s) kept)`
          : mdText(`the baseline was not saved: ${saved.note ?? 'unknown reason'}`),
      );
      if (saved.saved && inputs.dashboard.branch) {
        const published = await publishAfterSave(inputs, event, env);
        io.info(published.note);
        if (!published.published) notes.push(mdText(published.note));
      }
    }
  }

  // --- the escape hatch: labels now, falling back to the event's
  const client = createClient();
  const accepted = pushAccepted || (await acceptedByLabel(client, event, inputs.acceptLabel, io));

  const marker = commentMarker(loaded.path);
  const history = await dashboardLine(inputs, event, env);
  const footer = [...baselineNotes(baseline, baselineBranch, store, notes), ...(history ? [history] : [])].join('\n\n');
  const result = pipeline.evaluate({
    baselines: baseline.runs,
    candidates,
    gate,
    mode: 'stored-baseline',
    baseline: baselineProvenance(store.kind, baseline),
    accepted,
    acceptLabel: inputs.acceptLabel,
    reproduceCommand: `npx llm-perf-gate run --config ${loaded.path}`,
    configPath: loaded.path,
    marker: markerId(loaded.path),
    // The renderer cuts details itself (keeping the summary); leave room for the baseline notes.
    maxLength: COMMENT_LIMIT - footer.length - 500,
  });
  const report = `${result.markdown.trimEnd()}\n\n${footer}\n`;
  return publishOutcome(
    {
      io,
      event,
      client,
      comment: inputs.comment,
      configPath: loaded.path,
      marker,
      acceptLabel: inputs.acceptLabel,
      failOn: gate.fail_on,
      resultsPath,
      reportPath,
      pathRoots: runnerPathRoots(env),
    },
    result,
    report,
  );
}
