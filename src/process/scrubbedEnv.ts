// The environment a child process gets: the parent's, minus what benchmarked code must never see.
// A config's `command` comes from the pull request itself, so the action's inputs (the GitHub token
// among them) and the runner's service credentials stay in this process.

/** Names removed exactly (compared case-insensitively: Windows-style casing must not slip through). */
const SECRET_NAMES = ['GITHUB_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'ACTIONS_CACHE_URL'];
/** Name prefixes removed: every action input, and the OIDC token request pair. */
const SECRET_PREFIXES = ['INPUT_', 'ACTIONS_ID_TOKEN_REQUEST_'];

/** Whether a variable of this name is withheld from child processes. */
export function isSecretEnvName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAMES.includes(upper) || SECRET_PREFIXES.some((p) => upper.startsWith(p));
}

/** A copy of `env` without the withheld variables. */
export function scrubbedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !isSecretEnvName(name)) out[name] = value;
  }
  return out;
}
