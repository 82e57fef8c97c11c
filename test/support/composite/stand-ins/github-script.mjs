// Stand-in for actions/github-script (v8): runs the `script` input as the body of an async function
// with the arguments github-script passes (github, context, core, glob, io, exec, require), and sets
// the `result` output from its return value (JSON unless result-encoding is "string"). Only `core`
// and `context` are real here; touching the others fails the step, so a script that needs them
// fails the test until the stand-in models them.
import * as core from '@actions/core';
import { context } from '@actions/github';
import { createRequire } from 'node:module';

const unmodelled = (name) =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error(`the github-script stand-in does not model "${name}"`);
      },
    },
  );

try {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const script = core.getInput('script', { required: true });
  const fn = new AsyncFunction('github', 'context', 'core', 'glob', 'io', 'exec', 'require', script);
  const result = await fn(
    unmodelled('github'),
    context,
    core,
    unmodelled('glob'),
    unmodelled('io'),
    unmodelled('exec'),
    createRequire(`${process.cwd()}/`),
  );
  const encoding = core.getInput('result-encoding') || 'json';
  core.setOutput('result', encoding === 'string' ? String(result ?? '') : JSON.stringify(result));
} catch (err) {
  core.setFailed(`Unhandled error: ${err.message}`);
}
