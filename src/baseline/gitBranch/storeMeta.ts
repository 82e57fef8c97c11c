// The data branch's own description: a small metadata file (format, version, the repository whose
// commits it measures, for commit links) and a README for people who open the branch on GitHub.
import { z } from 'zod';

export const STORE_FORMAT = 'llm-perf-gate.store';
export const STORE_VERSION = 1;

export const storeMetaSchema = z.looseObject({
  format: z.literal(STORE_FORMAT),
  version: z.literal(STORE_VERSION),
  /** e.g. https://github.com/acme/llm: commit links are <repository>/commit/<sha>. */
  repository: z.string().optional(),
});
export type StoreMeta = z.infer<typeof storeMetaSchema>;

export function storeMetaText(repository: string | undefined): string {
  return `${JSON.stringify({ format: STORE_FORMAT, version: STORE_VERSION, ...(repository ? { repository } : {}) }, null, 2)}\n`;
}

export const STORE_README = `# llm-perf-gate performance data

This branch is written by llm-perf-gate on pushes to the branches it saves baselines for; pull
requests only read it. Do not commit to it by hand.

- \`runs/<config hash>/<branch>/<environment hash>/\`: the newest K raw result files of each series,
  the baseline window pull requests are compared with.
- \`history/<config hash>/<branch>/<environment hash>/NNNNNN.json\`: one summary per saved commit
  (median, between-run interval, iterations, runs, verdict), in shards of bounded size.

Render the history with \`npx llm-perf-gate dashboard --store <checkout of this branch> --out site/\`.
`;
