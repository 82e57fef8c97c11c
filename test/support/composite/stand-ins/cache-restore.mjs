// Stand-in for actions/cache/restore (v5): the same inputs, outputs and decisions as its
// restoreImpl, on the same library (@actions/cache), run as a JavaScript action by the composite
// runner. `cache-hit` is "true" only for an exact key match and left unset on a miss, as upstream.
import * as cache from '@actions/cache';
import * as core from '@actions/core';

const list = (name) =>
  core
    .getInput(name)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');

try {
  if (!cache.isFeatureAvailable()) {
    core.setOutput('cache-hit', 'false');
  } else {
    const key = core.getInput('key', { required: true });
    core.setOutput('cache-primary-key', key);
    const restoreKeys = list('restore-keys');
    const paths = list('path');
    if (paths.length === 0) throw new Error('Input required and not supplied: path');
    const lookupOnly = core.getBooleanInput('lookup-only');
    const matched = await cache.restoreCache(paths, key, restoreKeys, { lookupOnly });
    if (!matched) {
      if (core.getBooleanInput('fail-on-cache-miss'))
        throw new Error(`Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: ${key}`);
      core.info(`Cache not found for input keys: ${[key, ...restoreKeys].join(', ')}`);
    } else {
      core.setOutput('cache-matched-key', matched);
      core.setOutput('cache-hit', String(matched.localeCompare(key, undefined, { sensitivity: 'accent' }) === 0));
      core.info(`Cache restored from key: ${matched}`);
    }
  }
} catch (err) {
  core.setFailed(err.message);
}
