// Report mode reads result files written by earlier jobs. Shards of one run hold disjoint
// benchmarks and are merged into one document; files that repeat benchmarks are separate runs.
import type { ResultDoc } from '../result/schema.js';

/** Groups documents so no group repeats a benchmark name, then merges each group (first-fit, in order). */
export function groupRuns(docs: readonly ResultDoc[]): { runs: ResultDoc[]; problems: string[] } {
  const problems: string[] = [];
  const first = docs[0];
  if (first === undefined) return { runs: [], problems };
  const groups: ResultDoc[][] = [];
  for (const doc of docs) {
    if (doc.config.hash !== first.config.hash) {
      problems.push(
        `result ${doc.run.id} was made with another config (hash ${doc.config.hash}, expected ${first.config.hash}) and was ignored`,
      );
      continue;
    }
    const names = new Set(doc.benchmarks.map((b) => b.name));
    const group = groups.find((g) => g.every((d) => d.benchmarks.every((b) => !names.has(b.name))));
    if (group) group.push(doc);
    else groups.push([doc]);
  }
  const runs = groups.map((g) => mergeShards(g, problems));
  return { runs, problems };
}

function mergeShards(group: readonly ResultDoc[], problems: string[]): ResultDoc {
  const [head, ...rest] = group as [ResultDoc, ...ResultDoc[]];
  if (rest.length === 0) return head;
  const envs = new Set(group.map((d) => d.environment.hash));
  if (envs.size > 1)
    problems.push(
      `the shards of run ${head.run.id} ran on ${envs.size} different environments; the first one's fingerprint is used`,
    );
  const started = group.map((d) => d.run.started_at).sort()[0] ?? head.run.started_at;
  const finished =
    group
      .map((d) => d.run.finished_at)
      .sort()
      .at(-1) ?? head.run.finished_at;
  const { shard: _shard, ...runInfo } = head.run;
  return {
    ...head,
    run: { ...runInfo, id: group.map((d) => d.run.id).join('+'), started_at: started, finished_at: finished },
    benchmarks: group.flatMap((d) => d.benchmarks),
  };
}
