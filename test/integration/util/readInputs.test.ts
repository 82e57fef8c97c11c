// Issue 15: inputs that used to hang, crash or mislead. A FIFO or a device as the config, a result
// file or a model never blocks; encodings other than UTF-8 are named; the same run given twice is
// an error naming both files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadResults } from '../../../src/cli/loadResults.ts';
import { ConfigError, loadConfig } from '../../../src/config/loadConfig.ts';
import { onnxruntimeEngine } from '../../../src/engines/onnxruntime/onnxDecoder.ts';
import { EngineError } from '../../../src/engines/types.ts';
import { readResult, ResultFileError } from '../../../src/result/readResult.ts';
import { createEnvironmentProbe } from '../../../src/telemetry/environment.ts';
import { resultDoc, benchmark, around } from '../../support/reportBuilders.ts';
import { rejectionOf } from '../../support/rejection.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lpg-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fifo = path.join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);

const CONFIG = `benchmarks:\n  - name: a\n    engine: command\n    options: { run: [x] }\n`;

async function configProblem(file: string): Promise<string> {
  return (await rejectionOf(loadConfig(file, dir), ConfigError)).message;
}

describe('reading a config', () => {
  it('a FIFO or a device is refused at once instead of blocking or reading forever', async () => {
    assert.match(await configProblem(fifo), /is not a regular file \(a device, FIFO or socket\)/);
    assert.match(await configProblem('/dev/zero'), /is not a regular file/);
  });

  it('names UTF-16 and UTF-32, with or without a byte-order mark, and Latin-1', async () => {
    const write = (name: string, bytes: Buffer) => {
      writeFileSync(path.join(dir, name), bytes);
      return name;
    };
    assert.match(
      await configProblem(write('le.yml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CONFIG, 'utf16le')]))),
      /le.yml: the file is encoded as UTF-16 LE; save it as UTF-8/,
    );
    const be = Buffer.from(CONFIG, 'utf16le').swap16();
    assert.match(
      await configProblem(write('be.yml', Buffer.concat([Buffer.from([0xfe, 0xff]), be]))),
      /UTF-16 BE; save it as UTF-8/,
    );
    assert.match(
      await configProblem(write('nobom.yml', Buffer.from(CONFIG, 'utf16le'))),
      /byte 1 is NUL: the file is UTF-16 or UTF-32 without a byte-order mark/,
    );
    assert.match(
      await configProblem(write('latin1.yml', Buffer.from(`# caf\xe9\n${CONFIG}`, 'latin1'))),
      /not valid UTF-8 \(another encoding such as Latin-1\?\)/,
    );
  });

  it('reads a UTF-8 file with a byte-order mark', async () => {
    writeFileSync(path.join(dir, 'bom.yml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONFIG)]));
    assert.equal((await loadConfig('bom.yml', dir)).config.benchmarks[0]?.name, 'a');
  });
});

describe('reading result files', () => {
  it('a FIFO is refused at once', async () => {
    await assert.rejects(
      readResult(fifo, 'pipe'),
      (e: unknown) => e instanceof ResultFileError && /not a regular file/.test(e.message),
    );
  });

  it('the same run twice is an error naming both files', async () => {
    const doc = resultDoc([benchmark('x', around(100))]);
    writeFileSync(path.join(dir, 'r1.json'), JSON.stringify(doc));
    writeFileSync(path.join(dir, 'copy.json'), JSON.stringify(doc));
    await assert.rejects(
      loadResults(['r1.json', 'copy.json'], dir),
      (e: unknown) =>
        e instanceof ResultFileError &&
        /^copy.json: holds the same run as r1.json \(run.id [^)]+\): each run counts once/.test(e.message),
    );
    // And across lists: a candidate that is also a baseline.
    await assert.rejects(
      loadResults(['r1.json'], dir, [{ source: 'cand.json', doc }]),
      (e: unknown) => e instanceof ResultFileError && /holds the same run as cand.json/.test(e.message),
    );
  });
});

describe('reading a model', () => {
  it("the environment's model digest skips a FIFO or a device instead of blocking or reading forever", async () => {
    const probe = createEnvironmentProbe();
    assert.equal(await probe.digestFile(fifo), null);
    assert.equal(await probe.digestFile('/dev/zero'), null);
  });

  it('a FIFO or a device as the model is a per-config error, not a hang', async () => {
    for (const model of [fifo, '/dev/zero']) {
      const err = await rejectionOf(
        onnxruntimeEngine().run(
          {
            name: 'c',
            options: { model, provider: 'cpu', graph_optimization: 'all' },
            warmup: 0,
            iterations: 1,
            maxNewTokens: 2,
            batchSize: 1,
            prompt: 'x',
            seed: 0,
            configDir: dir,
            round: 0,
          },
          {},
        ),
        EngineError,
      );
      assert.equal(err.kind, 'model');
      assert.match(err.message, /not a regular file/);
    }
  });
});
