import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/config/loadConfig.ts';
import { expandBenchmarks, selectShard } from '../../../src/protocol/expandBenchmarks.ts';
import { resultSchema, type ResultDoc } from '../../../src/result/schema.ts';
import { combineShardedRuns } from '../../../src/shards/combineShardedRuns.ts';
import { describeShards, mergeShards, ShardMergeError, type ShardInput } from '../../../src/shards/mergeShards.ts';
import { shardFailurePlaceholder } from '../../../src/shards/shardFailure.ts';
import { parseShardInput } from '../../../src/shards/readShardInputs.ts';
import { around, benchmark, resultDoc } from '../../support/reportBuilders.ts';

const loaded = parseConfig(
  `version: 1
benchmarks:
${['a', 'b', 'c', 'd', 'e'].map((n) => `  - { name: ${n}, engine: command, options: { run: [node, x.mjs] } }`).join('\n')}
`,
  'perf-gate.yml',
);
const planned = expandBenchmarks(loaded.config);

function shardDoc(
  index: number,
  total: number,
  opts: { id?: string; sha?: string; failAll?: boolean } = {},
): ResultDoc {
  const mine = selectShard(planned, { index, total });
  const base = resultDoc(
    mine.map((p) =>
      opts.failAll
        ? {
            ...benchmark(p.name, around(100)),
            status: 'failed' as const,
            iterations: [],
            error: { kind: 'out-of-memory' as const, message: 'OOM' },
            config_hash: p.configHash,
          }
        : { ...benchmark(p.name, around(100)), config_hash: p.configHash },
    ),
    { sha: opts.sha ?? 'abc' },
  );
  return resultSchema.parse({
    ...base,
    run: { ...base.run, id: opts.id ?? `shard-${index}`, shard: { index, total } },
    config: { path: loaded.path, hash: loaded.hash, resolved: loaded.config },
  });
}

const doc = (index: number, total = 3, opts = {}): ShardInput => ({
  source: `shard-${index}.json`,
  doc: shardDoc(index, total, opts),
});

describe('mergeShards', () => {
  it('merges complete shards into one run in the config order, without shard info', () => {
    const out = mergeShards([doc(3), doc(1), doc(2)]);
    assert.deepEqual(
      out.doc.benchmarks.map((b) => b.name),
      ['a', 'b', 'c', 'd', 'e'],
    );
    assert.equal(out.doc.run.shard, undefined);
    assert.deepEqual(
      out.shards.map((s) => s.state),
      ['ok', 'ok', 'ok'],
    );
    assert.equal(resultSchema.safeParse(out.doc).success, true);
    // Deterministic: the same files give the same document.
    assert.deepEqual(mergeShards([doc(1), doc(2), doc(3)]).doc, out.doc);
  });

  it('reports a missing shard and enters its configs as failed, naming the shard', () => {
    const out = mergeShards([doc(1), doc(3)]);
    const s2 = out.shards.find((s) => s.index === 2)!;
    assert.equal(s2.state, 'missing');
    assert.deepEqual(s2.configs, ['b', 'e']); // what `run --shard 2/3` selects
    for (const name of ['b', 'e']) {
      const b = out.doc.benchmarks.find((x) => x.name === name)!;
      assert.equal(b.status, 'failed');
      assert.match(b.error!.message, /shard 2\/3 is missing/);
      assert.equal(b.config_hash, planned.find((p) => p.name === name)!.configHash);
    }
    assert.match(describeShards(out).join('\n'), /shard 2\/3: missing/);
    assert.equal(resultSchema.safeParse(out.doc).success, true);
  });

  it('reports a shard-failure placeholder as a failed shard with its reason and kind', () => {
    const placeholder: ShardInput = {
      source: 'shard-2-failed.json',
      failure: shardFailurePlaceholder({ index: 2, total: 3 }, 'runner lost'),
    };
    const out = mergeShards([doc(1), placeholder, doc(3)]);
    assert.equal(out.shards[1]!.state, 'failed');
    const b = out.doc.benchmarks.find((x) => x.name === 'b')!;
    assert.equal(b.status, 'failed');
    assert.equal(b.error!.kind, 'crash');
    assert.match(b.error!.message, /shard 2\/3 failed: runner lost/);
  });

  it('marks a shard whose every config failed as failed, keeping its own errors', () => {
    const out = mergeShards([doc(1), doc(2, 3, { failAll: true }), doc(3)]);
    assert.equal(out.shards[1]!.state, 'failed');
    assert.equal(out.doc.benchmarks.find((x) => x.name === 'b')!.error!.kind, 'out-of-memory');
  });

  it('uses the last shard total for a missing last shard, and checks --total-shards', () => {
    const out = mergeShards([doc(1), doc(2)]);
    assert.equal(out.shards[2]!.state, 'missing');
    assert.throws(() => mergeShards([doc(1, 2), doc(2, 2)], { expectedTotal: 3 }), ShardMergeError);
  });

  it('refuses files that do not belong together', () => {
    assert.throws(() => mergeShards([doc(1), doc(2, 2)]), /disagree on the number of shards/);
    assert.throws(() => mergeShards([doc(1), doc(2, 3, { sha: 'other' })]), /different commits/);
    const other = shardDoc(2, 3);
    assert.throws(
      () => mergeShards([doc(1), { source: 'x.json', doc: { ...other, config: { ...other.config, hash: 'zzz' } } }]),
      /different configs/,
    );
    assert.throws(
      () => mergeShards([doc(1), { source: 'again.json', doc: shardDoc(1, 3, { id: 'rerun' }) }]),
      /two different result files/,
    );
    const plain = resultDoc([benchmark('a', around(100))]);
    assert.throws(() => mergeShards([doc(1), { source: 'plain.json', doc: plain }]), /not a shard result/);
    assert.throws(
      () => mergeShards([{ source: 'p.json', failure: shardFailurePlaceholder({ index: 1, total: 1 }) }]),
      /no shard produced results/,
    );
  });

  it('accepts the same file twice and prefers results over a placeholder of the same shard', () => {
    const out = mergeShards([
      doc(1),
      doc(1),
      doc(2),
      doc(3),
      { source: 'late.json', failure: shardFailurePlaceholder({ index: 3, total: 3 }) },
    ]);
    assert.deepEqual(
      out.shards.map((s) => s.state),
      ['ok', 'ok', 'ok'],
    );
    assert.match(out.warnings.join('\n'), /ignoring late\.json/);
  });

  it('names the shard when the recorded config cannot be re-read', () => {
    const d = shardDoc(1, 2);
    const out = mergeShards([
      { source: 's1.json', doc: { ...d, config: { ...d.config, resolved: { nonsense: true } } } },
    ]);
    assert.equal(out.shards[1]!.state, 'missing');
    assert.ok(out.doc.benchmarks.some((b) => b.name === '(shard 2/2)' && b.status === 'failed'));
  });
});

describe('combineShardedRuns', () => {
  it('leaves plain result files as separate runs and merges shards into one', () => {
    const a = resultDoc([benchmark('a', around(100))], { sha: '1' });
    const b = resultDoc([benchmark('a', around(100))], { sha: '2' });
    assert.equal(
      combineShardedRuns([
        { source: 'a', doc: a },
        { source: 'b', doc: b },
      ]).runs.length,
      2,
    );
    const merged = combineShardedRuns([doc(1), doc(2), doc(3)]);
    assert.equal(merged.runs.length, 1);
    assert.ok(merged.merge);
    assert.throws(() => combineShardedRuns([doc(1), { source: 'a', doc: a }]), /unsharded/);
  });
});

describe('parseShardInput', () => {
  it('reads placeholders strictly and result files as results', () => {
    const p = parseShardInput(JSON.stringify(shardFailurePlaceholder({ index: 2, total: 3 })), 'p.json');
    assert.ok('failure' in p);
    assert.throws(
      () =>
        parseShardInput(
          '{"format":"llm-perf-gate.shard-failure","version":1,"shard":{"index":0,"total":2}}',
          'bad.json',
        ),
      /^ResultFileError: bad\.json: shard\.index: Too small: expected number to be >=1$/,
    );
    const r = parseShardInput(JSON.stringify(shardDoc(1, 3)), 'r.json');
    assert.ok('doc' in r);
    assert.throws(() => parseShardInput('{"format":"nope"}', 'n.json'), /not an llm-perf-gate result file/);
  });
});
