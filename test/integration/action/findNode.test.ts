// The action's "Find Node.js 24" step (scripts/action/find-node.sh): a node of the required major on
// PATH, else the tool cache, else the official build from a mirror, checked against SHASUMS256.txt;
// never a change to PATH or GITHUB_PATH; a clear ::error:: otherwise. The "nodes" here are small
// scripts that answer --version and -p like node does; the mirror is a local HTTP server.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseKeyValueFile } from '../../support/composite/runComposite.js';
import { REPO_ROOT } from '../../support/freshDist.js';

const SCRIPT = path.join(REPO_ROOT, 'scripts/action/find-node.sh');
const OS = process.platform === 'darwin' ? 'darwin' : 'linux';
const ARCH = process.arch === 'arm64' ? 'arm64' : 'x64';
const VERSION = '24.99.0';
const BASH = execFileSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

let root: string;
/** The commands the script uses, without whatever node the machine has: PATH is the test's to set. */
let tools: string;
let mirror: http.Server;
let mirrorUrl: string;
const files = new Map<string, Buffer>();

function fakeNode(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'node');
  const major = version.split('.')[0];
  writeFileSync(file, `#!/bin/sh\ncase "$1" in --version) echo v${version} ;; -p) echo ${major} ;; esac\n`);
  chmodSync(file, 0o755);
  return file;
}

/** node-v<VERSION>-<os>-<arch>.tar.gz with bin/node inside, as nodejs.org lays out a release. */
function release(): { name: string; tarball: Buffer } {
  const name = `node-v${VERSION}-${OS}-${ARCH}`;
  const dir = mkdtempSync(path.join(root, 'release-'));
  fakeNode(path.join(dir, name, 'bin'), VERSION);
  const tarball = path.join(dir, `${name}.tar.gz`);
  execFileSync('tar', ['-czf', tarball, '-C', dir, name]);
  return { name, tarball: readFileSync(tarball) };
}

interface Run {
  code: number;
  out: string;
  outputs: Record<string, string>;
  githubPath: string;
}

async function findNode(env: Record<string, string>): Promise<Run> {
  const dir = mkdtempSync(path.join(root, 'step-'));
  const output = path.join(dir, 'output');
  const githubPath = path.join(dir, 'path');
  writeFileSync(output, '');
  writeFileSync(githubPath, '');
  const base = { PATH: tools, GITHUB_OUTPUT: output, GITHUB_PATH: githubPath, RUNNER_TEMP: dir };
  const { code, out } = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      BASH,
      ['--noprofile', '--norc', '-eo', 'pipefail', SCRIPT],
      { env: { ...base, ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
  return {
    code,
    out,
    outputs: parseKeyValueFile(readFileSync(output, 'utf8')),
    githubPath: readFileSync(githubPath, 'utf8'),
  };
}

describe('find-node.sh', () => {
  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'lpg-find-node-'));
    tools = path.join(root, 'tools');
    mkdirSync(tools);
    const needed = [
      'uname',
      'find',
      'sort',
      'tail',
      'mktemp',
      'rm',
      'curl',
      'awk',
      'sha256sum',
      'cut',
      'tar',
      'gzip',
      'mkdir',
      'touch',
      'dirname',
      'cat',
    ];
    for (const tool of needed)
      symlinkSync(
        execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(),
        path.join(tools, tool),
      );
    mirror = http.createServer((req, res) => {
      const body = files.get(req.url ?? '');
      if (!body) res.writeHead(404).end();
      else res.writeHead(200).end(body);
    });
    mirror.listen(0, '127.0.0.1');
    await once(mirror, 'listening');
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
  });
  after(async () => {
    mirror.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('uses a node 24 on PATH', async () => {
    const bin = path.dirname(fakeNode(path.join(root, 'path24'), '24.1.0'));
    const r = await findNode({ PATH: `${bin}:${tools}`, RUNNER_TOOL_CACHE: path.join(root, 'empty-cache') });
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(r.outputs, { path: path.join(bin, 'node'), version: 'v24.1.0' });
    assert.equal(r.githubPath, '', 'PATH is left alone');
  });

  it('with an older node on PATH, takes Node 24 from the tool cache and leaves PATH alone', async () => {
    const old = path.dirname(fakeNode(path.join(root, 'path20'), '20.19.0'));
    const cache = path.join(root, 'tool-cache');
    fakeNode(path.join(cache, 'node', '22.3.0', ARCH, 'bin'), '22.3.0');
    const cached = fakeNode(path.join(cache, 'node', '24.2.0', ARCH, 'bin'), '24.2.0');
    const r = await findNode({ PATH: `${old}:${tools}`, RUNNER_TOOL_CACHE: cache });
    assert.equal(r.code, 0, r.out);
    assert.equal(r.outputs.path, cached);
    assert.equal(r.githubPath, '');
  });

  it('installs the official build from the mirror after checking its SHA-256, into the tool cache', async () => {
    const { name, tarball } = release();
    const sha = createHash('sha256').update(tarball).digest('hex');
    files.set(
      '/latest-v24.x/SHASUMS256.txt',
      Buffer.from(`${'0'.repeat(64)}  ${name}.tar.xz\n${sha}  ${name}.tar.gz\n`),
    );
    files.set(`/v${VERSION}/${name}.tar.gz`, tarball);
    const cache = path.join(root, 'install-cache');
    const old = path.dirname(fakeNode(path.join(root, 'path18'), '18.20.0'));
    const r = await findNode({
      PATH: `${old}:${tools}`,
      RUNNER_TOOL_CACHE: cache,
      LLM_PERF_GATE_NODE_MIRROR: mirrorUrl,
    });
    assert.equal(r.code, 0, r.out);
    assert.equal(r.outputs.path, path.join(cache, 'node', VERSION, ARCH, 'bin', 'node'));
    assert.equal(r.outputs.version, `v${VERSION}`);
    assert.match(r.out, /Node\.js 24 not found \(v18\.20\.0 at .*\): installing it for this action only/);
    assert.equal(r.githubPath, '');
    assert.ok(readFileSync(path.join(cache, 'node', `${VERSION}`, `${ARCH}.complete`)), "setup-node's marker");
  });

  it('refuses a download whose checksum does not match', async () => {
    const { name, tarball } = release();
    files.set('/latest-v24.x/SHASUMS256.txt', Buffer.from(`${'f'.repeat(64)}  ${name}.tar.gz\n`));
    files.set(`/v${VERSION}/${name}.tar.gz`, tarball);
    const r = await findNode({ RUNNER_TOOL_CACHE: path.join(root, 'bad-cache'), LLM_PERF_GATE_NODE_MIRROR: mirrorUrl });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /::error::node-v24\.99\.0-\S+\.tar\.gz does not match its SHA-256 in SHASUMS256\.txt/);
    assert.deepEqual(r.outputs, {});
  });

  it('with setup-node false and only an old node, fails with an error that names it', async () => {
    const old = path.dirname(fakeNode(path.join(root, 'path20b'), '20.11.1'));
    const r = await findNode({
      PATH: `${old}:${tools}`,
      RUNNER_TOOL_CACHE: path.join(root, 'none'),
      INSTALL: 'false',
    });
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /^::error::llm-perf-gate needs Node\.js 24 or newer; found v20\.11\.1 at /m);
  });
});
