// Absolute paths of the runner do not belong in a PR comment: they say nothing to a reviewer, leak
// the runner's layout (user name, tool cache, temp folders), and change from runner to runner. They
// become paths relative to the workspace, or a named root ($RUNNER_TEMP, ~).
import os from 'node:os';

export interface PathRoot {
  readonly path: string;
  /** What is shown instead of `path`, e.g. "." or "$RUNNER_TEMP". */
  readonly name: string;
}

/** The roots worth hiding on this runner, most specific first. */
export function runnerPathRoots(env: NodeJS.ProcessEnv): PathRoot[] {
  const roots: PathRoot[] = [
    { path: env.GITHUB_WORKSPACE ?? '', name: '.' },
    { path: env.RUNNER_TEMP ?? '', name: '$RUNNER_TEMP' },
    { path: env.RUNNER_TOOL_CACHE ?? '', name: '$RUNNER_TOOL_CACHE' },
    { path: os.tmpdir(), name: '$TMPDIR' },
    { path: env.HOME ?? os.homedir(), name: '~' },
  ];
  return roots
    .map((r) => ({ ...r, path: r.path.replace(/\/+$/, '') }))
    .filter((r) => r.path.length > 1)
    .sort((a, b) => b.path.length - a.path.length);
}

/** `text` with every occurrence of a root (followed by "/" or the end of a path) replaced by its name. */
export function stripRunnerPaths(text: string, roots: readonly PathRoot[]): string {
  let out = text;
  for (const root of roots) {
    const escaped = root.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`${escaped}(?=/|[^\\w.-]|$)`, 'g'), root.name);
  }
  return out;
}
