// Actions cache keys for baseline windows. Entries are immutable, so every save writes a new entry
// holding the newest K runs, and a restore by prefix returns the newest entry.
// Keys: at most 512 characters, no commas. The branch is URI-encoded so "feature/x" can never be
// a prefix of another branch's keys.

export const KEY_NAMESPACE = 'llm-perf-gate-baseline-v1';

function part(text: string): string {
  return encodeURIComponent(text).replace(/\./g, '%2E');
}

/** Prefix of every entry of this config on this branch (any environment). */
export function branchPrefix(configHash: string, branch: string): string {
  return `${KEY_NAMESPACE}/${part(configHash)}/${part(branch)}/`;
}

/** Prefix of the entries of this config, branch and environment fingerprint. */
export function environmentPrefix(configHash: string, branch: string, environmentHash: string): string {
  return `${branchPrefix(configHash, branch)}${part(environmentHash)}/`;
}

/** A key no other save has used: the workflow run, its attempt and a timestamp. */
export function entryKey(
  configHash: string,
  branch: string,
  environmentHash: string,
  runId: string,
  attempt: string,
  now: Date,
): string {
  const key = `${environmentPrefix(configHash, branch, environmentHash)}${part(runId)}-${part(attempt)}-${now.getTime()}`;
  if (key.length > 512) throw new Error(`baseline cache key longer than 512 characters: ${key.slice(0, 80)}…`);
  return key;
}
