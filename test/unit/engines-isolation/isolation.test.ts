// The pieces of isolated rounds that need no child process: when to isolate, how the child is
// started from source and from the bundle, what the child emits, and how a crash is worded.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ENGINE_ROUND_COMMAND, engineChildCommand } from '../../../src/engines/isolation/childCommand.js';
import { parseChildRequest, toChildRequest } from '../../../src/engines/isolation/childRequest.js';
import { runChildRound, TEST_ABORT_ENV } from '../../../src/engines/isolation/childRound.js';
import { crashError, lastStatement } from '../../../src/engines/isolation/isolatedEngine.js';
import { needsIsolation, onnxOptionsSchema } from '../../../src/engines/onnxruntime/options.js';
import type { EngineRegistry } from '../../../src/engines/registry.js';
import { EngineError, type Engine, type EngineRequest } from '../../../src/engines/types.js';
import { parseHarnessEvent } from '../../../src/engines/transformers/harnessEvents.js';

const ROOT = path.resolve('/pkg');

describe('needsIsolation', () => {
  it('isolates every provider by default (memory of its own), and follows isolate when set', () => {
    const parse = (o: object) => onnxOptionsSchema.parse({ model: 'm.onnx', ...o });
    assert.equal(needsIsolation(parse({})), true);
    assert.equal(needsIsolation(parse({ provider: 'cpu', isolate: 'never' })), false);
    assert.equal(needsIsolation(parse({ provider: 'webgpu' })), true);
    assert.equal(needsIsolation(parse({ provider: 'cuda', isolate: 'auto' })), true);
    assert.equal(needsIsolation(parse({ provider: 'webgpu', isolate: 'never' })), false);
    assert.equal(needsIsolation(parse({ provider: 'cpu', isolate: 'always' })), true);
    assert.throws(() => parse({ isolate: 'yes' }));
  });

  it('leaves the parsed options of a config without isolate unchanged (its config hash stays)', () => {
    assert.equal('isolate' in onnxOptionsSchema.parse({ model: 'm.onnx' }), false);
  });
});

describe('engineChildCommand', () => {
  it('starts dist/cli.js from a bundle chunk in dist/chunks/ or from dist/ itself', () => {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    const exists = (f: string) => f === cli;
    for (const mod of [path.join(ROOT, 'dist', 'chunks', 'chunk-X.js'), path.join(ROOT, 'dist', 'index.js')]) {
      const cmd = engineChildCommand({ moduleUrl: pathToFileURL(mod).href, exists });
      assert.equal(cmd.file, process.execPath);
      assert.deepEqual(cmd.args, [cli, ENGINE_ROUND_COMMAND]);
    }
  });

  it('starts src/cli.ts through tsx from source', () => {
    const cli = path.join(ROOT, 'src', 'cli.ts');
    const cmd = engineChildCommand({
      moduleUrl: pathToFileURL(path.join(ROOT, 'src', 'engines', 'isolation', 'childCommand.ts')).href,
      exists: (f) => f === cli,
      resolve: (s) => `file:///resolved/${s}`,
    });
    assert.deepEqual(cmd.args, ['--import', 'file:///resolved/tsx', cli, ENGINE_ROUND_COMMAND]);
  });

  it('finds the real entry of this checkout', () => {
    const cmd = engineChildCommand();
    assert.equal(cmd.args.at(-2), path.resolve('src/cli.ts'));
  });

  it('says where it looked when the entry is missing', () => {
    assert.throws(
      () => engineChildCommand({ moduleUrl: pathToFileURL(path.join(ROOT, 'x', 'y.js')).href, exists: () => false }),
      /cannot find the CLI entry \(cli\.js\)/,
    );
  });
});

const REQUEST: EngineRequest = {
  name: 'cfg',
  options: { model: 'm.onnx' },
  warmup: 1,
  iterations: 2,
  maxNewTokens: 4,
  batchSize: 1,
  prompt: 'hi',
  seed: 3,
  configDir: '/cfg',
  round: 1,
  signal: new AbortController().signal,
};

describe('child requests', () => {
  it('round-trip through JSON without the abort signal', () => {
    const child = parseChildRequest(JSON.stringify(toChildRequest('onnxruntime', REQUEST)));
    const { signal: _signal, ...rest } = REQUEST;
    assert.deepEqual(child, { engine: 'onnxruntime', request: rest });
  });

  it('are refused when malformed', () => {
    assert.throws(() => parseChildRequest('{"engine":"onnxruntime","request":{}}'), /not an engine round request/);
  });
});

function registryOf(engine: Engine): EngineRegistry {
  return { onnxruntime: async () => engine, transformers: async () => engine, command: async () => engine };
}

const sample = { e2e_ms: 10, ttft_ms: 2, new_tokens: 4, batch_size: 1, prompt_tokens: 2 };
const goodEngine: Engine = {
  name: 'onnxruntime',
  async run(req, observer) {
    observer.onWarmup?.(0, req.warmup);
    observer.onIteration?.(0, req.iterations, sample);
    return { iterations: [sample], memory: [], engine_info: {}, tokens_digest: 'd' };
  },
};

async function childRun(engine: Engine, env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  let aborts = 0;
  const out = await runChildRound(toChildRequest('onnxruntime', REQUEST), registryOf(engine), {
    emit: (l) => lines.push(l),
    env,
    abort: () => aborts++,
  });
  return { out, events: lines.map((l) => parseHarnessEvent(l)), aborts };
}

describe('runChildRound', () => {
  it('streams progress events the parent parses and returns the output', async () => {
    const r = await childRun(goodEngine);
    assert.equal(r.out?.tokens_digest, 'd');
    assert.deepEqual(r.events, [
      { event: 'warmup', index: 0, total: 1 },
      { event: 'iteration', index: 0, total: 2, sample },
    ]);
    assert.equal(r.aborts, 0);
  });

  it('turns an engine error into an error event with its kind', async () => {
    const failing: Engine = {
      name: 'onnxruntime',
      run: () => Promise.reject(new EngineError('model', 'model /m.onnx: file not found')),
    };
    const r = await childRun(failing);
    assert.equal(r.out, undefined);
    assert.deepEqual(r.events, [{ event: 'error', kind: 'model', message: 'model /m.onnx: file not found' }]);
  });

  it('aborts at the first event only for the config the test hook names', async () => {
    assert.equal((await childRun(goodEngine, { [TEST_ABORT_ENV]: 'other' })).aborts, 0);
    assert.ok((await childRun(goodEngine, { [TEST_ABORT_ENV]: 'cfg' })).aborts >= 1);
  });
});

describe('crash messages', () => {
  const outcome = {
    code: null,
    signal: 'SIGABRT' as const,
    reason: 'exit' as const,
    stdoutTail: '',
    omitted: { stdout: 0, stderr: 0 },
    ms: 1,
    pid: 7,
  };

  it('name the model, the signal and what the child said last', () => {
    const tail = "2026-01-01 [W] something\nterminate called after throwing an instance of 'char const*'\n";
    const e = crashError({ ...outcome, stderrTail: tail }, 'the onnxruntime child process for model /m.onnx', 'c');
    assert.equal(e.kind, 'crash');
    assert.equal(
      e.message,
      `the onnxruntime child process for model /m.onnx was killed by SIGABRT for config "c": terminate called after throwing an instance of 'char const*'`,
    );
    assert.equal(e.stderrTail, tail);
  });

  it('skip the stack trace Node prints on an abort', () => {
    const tail =
      '----- Native stack trace -----\n\n 1: 0xd3a3c0  [node]\n\n----- JavaScript stack trace -----\n1: abort (x)\n';
    assert.equal(lastStatement(tail), undefined);
    assert.equal(lastStatement('boom\n    at f (x.js:1:1)'), 'boom');
  });

  it('call a clean exit without output a crash too', () => {
    const e = crashError({ ...outcome, code: 0, signal: null, stderrTail: '' }, 'the child', 'c');
    assert.equal(e.kind, 'crash');
    assert.match(e.message, /exited with code 0 but wrote no output for config "c"/);
  });
});
