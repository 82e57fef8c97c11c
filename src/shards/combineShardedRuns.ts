// Decides what a list of result files means to `compare` and `report`: shard files of one run (or
// shard-failure placeholders) are merged into one run; plain result files stay separate runs (several
// runs of one side). Mixing the two is refused: it is ambiguous which runs the shards belong with.
import type { ResultDoc } from '../result/schema.js';
import { mergeShards, ShardMergeError, type MergeOptions, type MergeOutcome, type ShardInput } from './mergeShards.js';

export interface CombinedRuns {
  readonly runs: readonly ResultDoc[];
  /** Present when the inputs were shards and got merged. */
  readonly merge?: MergeOutcome;
}

function isShardInput(input: ShardInput): boolean {
  return 'failure' in input || input.doc.run.shard !== undefined;
}

export function combineShardedRuns(inputs: readonly ShardInput[], options: MergeOptions = {}): CombinedRuns {
  const sharded = inputs.filter(isShardInput);
  if (sharded.length === 0) return { runs: inputs.map((i) => (i as { doc: ResultDoc }).doc) };
  if (sharded.length < inputs.length)
    throw new ShardMergeError(
      `shard files and unsharded result files given together (${inputs
        .filter((i) => !isShardInput(i))
        .map((i) => i.source)
        .join(
          ', ',
        )} ${inputs.length - sharded.length === 1 ? 'is' : 'are'} not shards): pass the shards of one run only`,
    );
  const merge = mergeShards(inputs, options);
  return { runs: [merge.doc], merge };
}
