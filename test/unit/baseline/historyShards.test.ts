// History shards: rows round-trip to records, shards stay inside their bounds, a re-saved commit
// replaces its line, and the layout holds 10,000 commits × 50 configs with every file under the bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommitRecord } from '../../../src/baseline/gitBranch/historySchema.js';
import { SHARD_LIMITS, seriesOfPath, shardIndex } from '../../../src/baseline/gitBranch/layout.js';
import {
  appendRecords,
  decodeShard,
  parseShard,
  shardText,
  type ShardBase,
  type ShardDraft,
} from '../../../src/baseline/gitBranch/shards.js';
import { generateStoreFiles, manyConfigs } from '../../support/historyFixture.js';

const base: ShardBase = {
  format: 'llm-perf-gate.history',
  version: 1,
  config_hash: 'cfg',
  config_path: 'perf-gate.yml',
  branch: 'main',
  environment: { hash: 'env', machine: 'NVIDIA H200' },
};

function record(i: number, opts: { commit?: string; hash?: string; names?: string[] } = {}): CommitRecord {
  return {
    commit: opts.commit ?? `c${i}`,
    time: new Date(Date.UTC(2025, 0, 1, i)).toISOString(),
    run_ids: [`r${i}`],
    configs: (opts.names ?? ['gpt2 fp16', 'gpt2 int8']).map((name, j) => ({
      name,
      hash: opts.hash ?? 'h1',
      labels: { model: 'GPT-2', technique: name.split(' ')[1]! },
      verdict: j === 1 && i % 5 === 4 ? 'regression' : 'unchanged',
      n: 8,
      runs: 1,
      window: Math.min(i + 1, 5),
      metrics: {
        e2e_tok_s: [100 + i, 98 + i, 102 + i],
        ttft_ms: [12.5, null, null],
        torch_max_allocated_mib: [512, 510, 514],
      },
    })),
  };
}

function decodeAll(drafts: readonly ShardDraft[]): CommitRecord[] {
  return drafts.flatMap((d) => decodeShard(parseShard(shardText(d), `shard ${d.index}`), `shard ${d.index}`));
}

describe('history shards', () => {
  it('stores records as rows and reads them back unchanged', () => {
    const records = [record(0), record(1, { names: ['gpt2 fp16', 'gpt2 int8', 'gpt2 nf4'] })];
    const [draft] = appendRecords(undefined, base, records, SHARD_LIMITS);
    const text = shardText(draft!);
    assert.equal(text.split('\n').length, 5, 'header line, one line per commit, closing line');
    assert.deepEqual(decodeAll([draft!]), records);
    assert.deepEqual(draft!.header.columns.slice(0, 5), ['config', 'verdict', 'n', 'runs', 'window']);
  });

  it('drops the interval of metrics whose interval is not kept', () => {
    const r = record(0);
    const withCi: CommitRecord = {
      ...r,
      configs: r.configs.map((c) => ({ ...c, metrics: { ...c.metrics, ttft_ms: [12.5, 12, 13] } })),
    };
    const [decoded] = decodeAll(appendRecords(undefined, base, [withCi], SHARD_LIMITS));
    assert.deepEqual(decoded!.configs[0]!.metrics.ttft_ms, [12.5, null, null]);
    assert.deepEqual(decoded!.configs[0]!.metrics.e2e_tok_s, [100, 98, 102]);
  });

  it('starts a new shard at the byte bound and at the record bound, keeping order', () => {
    const limits = { maxBytes: 2000, maxRecords: 4 };
    const records = Array.from({ length: 23 }, (_, i) => record(i));
    const drafts: ShardDraft[] = [];
    let newest: ShardDraft | undefined;
    for (const r of records)
      for (const d of appendRecords(newest, base, [r], limits)) {
        drafts[d.index] = newest = d;
      }
    assert.ok(drafts.length > 5);
    for (const d of drafts) {
      assert.ok(Buffer.byteLength(shardText(d)) <= limits.maxBytes, `shard ${d.index} is over the bound`);
      assert.ok(d.lines.length <= limits.maxRecords);
      assert.equal(d.lineBytes, Buffer.byteLength(d.lines.join('')));
    }
    assert.deepEqual(decodeAll(drafts), records);
    // The same in one call (the fixture path) gives the same shards.
    assert.deepEqual(
      appendRecords(undefined, base, records, limits).map((d) => shardText(d)),
      drafts.map((d) => shardText(d)),
    );
  });

  it('gives a record larger than the bound a shard of its own', () => {
    const big = record(1, { names: Array.from({ length: 60 }, (_, i) => `config ${i}`) });
    const drafts = appendRecords(undefined, base, [record(0), big, record(2)], { maxBytes: 3000, maxRecords: 100 });
    assert.deepEqual(
      drafts.map((d) => d.lines.length),
      [1, 1, 1],
    );
  });

  it('replaces the line of a commit saved again (a re-run), and keeps a settings change apart', () => {
    const first = appendRecords(undefined, base, [record(0), record(1)], SHARD_LIMITS)[0]!;
    const again = appendRecords(first, base, [{ ...record(1), run_ids: ['r1', 'r1b'] }], SHARD_LIMITS)[0]!;
    assert.deepEqual(
      decodeAll([again]).map((r) => r.run_ids),
      [['r0'], ['r1', 'r1b']],
    );
    const changed = appendRecords(again, base, [record(2, { hash: 'h2' })], SHARD_LIMITS)[0]!;
    assert.deepEqual(
      changed.header.configs.map((c) => `${c.name}@${c.hash}`),
      ['gpt2 fp16@h1', 'gpt2 int8@h1', 'gpt2 fp16@h2', 'gpt2 int8@h2'],
    );
    assert.deepEqual(decodeAll([changed])[2]!.configs[0]!.hash, 'h2');
  });

  it('names a broken shard and the row that does not fit its header', () => {
    assert.throws(() => parseShard('{"format":', 'history/x/000001.json'), /history\/x\/000001\.json: not JSON/);
    const [d] = appendRecords(undefined, base, [record(0)], SHARD_LIMITS);
    const shard = parseShard(shardText(d!), 's');
    const wrong = JSON.stringify({ ...shard, configs: [{ ...shard.configs[0], name: '' }] });
    assert.throws(
      () => parseShard(wrong, 'h.json'),
      /^Error: h\.json: not a history shard: configs\[0\]\.name: Too small/,
    );
    const broken = { ...shard, records: [{ ...shard.records[0]!, rows: [[7, 'unchanged', 8, 1, 1]] }] };
    assert.throws(() => decodeShard(broken, 's'), /s record 1 row 1: row names benchmark #7/);
  });
});

describe('store size at 10,000 commits × 50 configs', () => {
  it(`keeps every file under ${SHARD_LIMITS.maxBytes / 1024} KiB`, (t) => {
    const files = generateStoreFiles({ commits: 10_000, configs: manyConfigs(50), keep: 5 });
    let total = 0;
    let largest = 0;
    let shards = 0;
    let raw = 0;
    let records = 0;
    for (const [p, text] of files) {
      const bytes = Buffer.byteLength(text);
      total += bytes;
      largest = Math.max(largest, bytes);
      const s = seriesOfPath(p);
      if (s?.kind === 'runs') raw++;
      if (s?.kind === 'history' && shardIndex(s.file) !== undefined) {
        shards++;
        records += text.split('\n').length - 3; // header, one line per commit, "]}", and the final newline
        // Full validation of a sample (zod over 42 MB would make this the slowest test for no gain).
        if (shardIndex(s.file)! % 20 === 0) {
          const decoded = decodeShard(parseShard(text, p), p);
          assert.ok(decoded.every((r) => r.configs.length === 50));
        }
      }
      assert.ok(bytes <= SHARD_LIMITS.maxBytes, `${p}: ${bytes} bytes`);
    }
    assert.equal(raw, 5, 'raw result files only for the newest K runs');
    assert.equal(records, 10_000, 'every commit kept as a summary');
    t.diagnostic(
      `${files.size} files (${shards} shards, ${raw} raw runs), ${(total / 1e6).toFixed(1)} MB in all, largest ${(largest / 1024).toFixed(0)} KiB`,
    );
  });
});
