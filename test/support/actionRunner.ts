// Runs the action entry, bundled from the current source (see freshDist), the way a runner runs a
// JavaScript action: a fresh environment with the event payload, the GITHUB_* files, the inputs as
// INPUT_* variables and the cache service variables.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { freshActionEntry } from './freshDist.js';

export { REPO_ROOT } from './freshDist.js';

export interface ActionRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
  readonly summary: string;
}

/** Parses GITHUB_OUTPUT's `name<<DELIMITER ... DELIMITER` records (what @actions/core writes). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

export async function runBuiltAction(opts: {
  eventName: string;
  eventFile: string;
  ref: string;
  sha: string;
  workspace: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lpg-run-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? os.homedir(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: opts.eventName,
    GITHUB_EVENT_PATH: opts.eventFile,
    GITHUB_REPOSITORY: 'acme/llm',
    GITHUB_REF: opts.ref,
    GITHUB_SHA: opts.sha,
    GITHUB_RUN_ID: String(Math.floor(Math.random() * 1e9)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: dir,
    RUNNER_ENVIRONMENT: 'self-hosted',
    ...Object.fromEntries(
      Object.entries(opts.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v]),
    ),
    ...opts.env,
  };
  const child = spawn(process.execPath, [freshActionEntry()], {
    cwd: opts.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
  };
}
