// Whether baseline and candidate ran on comparable machines: the environment hash, and which of
// the comparable fields differ, so the report can say "A100 → H100" instead of "hash mismatch".
import type { ResultDoc } from '../result/schema.js';
import { definedFields } from '../util/definedFields.js';
import type { FingerprintDifference } from './types.js';

export type FingerprintPolicy = 'refuse' | 'warn' | 'compare';

export interface FingerprintCheck {
  readonly match: boolean;
  readonly differences: FingerprintDifference[];
  /** Baseline runs to compare with: under 'refuse', only those from the candidate's machine. */
  readonly usable: readonly ResultDoc[];
  /** True when policy 'refuse' leaves nothing to compare. */
  readonly refused: boolean;
  readonly baselineMachine?: string;
  readonly candidateMachine?: string;
}

const MACHINE_KEYS = ['gpu_name', 'gpu_model', 'gpu', 'device_name', 'cpu_model', 'cpu_name', 'cpu'];

export function machineOf(doc: ResultDoc | undefined): string | undefined {
  if (!doc) return undefined;
  for (const k of MACHINE_KEYS) {
    const v = doc.environment.fields[k];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

function differencesBetween(b: ResultDoc, c: ResultDoc): FingerprintDifference[] {
  const fields = [...new Set([...b.environment.comparable, ...c.environment.comparable])].sort();
  const out: FingerprintDifference[] = [];
  for (const field of fields) {
    const bv = b.environment.fields[field] ?? null;
    const cv = c.environment.fields[field] ?? null;
    if (bv !== cv) out.push({ field, baseline: bv, candidate: cv });
  }
  return out;
}

export function checkFingerprint(
  baselines: readonly ResultDoc[],
  candidates: readonly ResultDoc[],
  policy: FingerprintPolicy,
): FingerprintCheck {
  const cand = candidates[0];
  const latestBase = baselines[baselines.length - 1];
  const machines = definedFields({ baselineMachine: machineOf(latestBase), candidateMachine: machineOf(cand) });
  if (!cand || baselines.length === 0)
    return { match: true, differences: [], usable: baselines, refused: false, ...machines };
  const hash = cand.environment.hash;
  const same = baselines.filter((b) => b.environment.hash === hash);
  if (same.length === baselines.length)
    return { match: true, differences: [], usable: baselines, refused: false, ...machines };
  const other = baselines.find((b) => b.environment.hash !== hash) as ResultDoc;
  const differences = differencesBetween(other, cand);
  if (policy === 'refuse') {
    // Runs from the candidate's own machine are still comparable; drop only the others.
    if (same.length > 0) return { match: true, differences: [], usable: same, refused: false, ...machines };
    return { match: false, differences, usable: [], refused: true, ...machines };
  }
  return { match: false, differences, usable: baselines, refused: false, ...machines };
}
