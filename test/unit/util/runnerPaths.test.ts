// Issue 15: PR comments carried absolute runner paths (the workspace, the temp and tool folders).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runnerPathRoots, stripRunnerPaths } from '../../../src/util/runnerPaths.ts';

describe('stripRunnerPaths', () => {
  const roots = runnerPathRoots({
    GITHUB_WORKSPACE: '/home/runner/work/llm/llm',
    RUNNER_TEMP: '/home/runner/work/_temp/',
    RUNNER_TOOL_CACHE: '/opt/hostedtoolcache',
    HOME: '/home/runner',
  });

  it('shows workspace paths relative, other runner folders by name', () => {
    const text =
      'model /home/runner/work/llm/llm/models/x.onnx: file not found\n' +
      'wrote /home/runner/work/_temp/llm-perf-gate/results.json; python at /opt/hostedtoolcache/Python/3.12/bin\n' +
      'cache in /home/runner/.cache/hf; config `/home/runner/work/llm/llm`';
    assert.equal(
      stripRunnerPaths(text, roots),
      'model ./models/x.onnx: file not found\n' +
        'wrote $RUNNER_TEMP/llm-perf-gate/results.json; python at $RUNNER_TOOL_CACHE/Python/3.12/bin\n' +
        'cache in ~/.cache/hf; config `.`',
    );
  });

  it('leaves a path that only starts like a root alone', () => {
    assert.equal(stripRunnerPaths('/home/runner/work/llm/llm2/x', roots), '~/work/llm/llm2/x');
    assert.equal(stripRunnerPaths('/opt/hostedtoolcache-old/x', roots), '/opt/hostedtoolcache-old/x');
  });
});
