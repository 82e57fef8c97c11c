// Stand-in for actions/cache/save (v5): saves `path` under `key` with @actions/cache, as its
// saveImpl does; a failed save is a warning, never a failed step.
import * as cache from '@actions/cache';
import * as core from '@actions/core';

try {
  if (cache.isFeatureAvailable()) {
    const key = core.getInput('key', { required: true });
    const paths = core
      .getInput('path', { required: true })
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const id = await cache.saveCache(paths, key);
    if (id !== -1) core.info(`Cache saved with key: ${key}`);
  }
} catch (err) {
  core.warning(err.message);
}
