// Table rows of a report: every metric of every config (the full tables), and the few a reviewer
// must see first (failing and undecided configs' gating metrics, then the largest changes).
import type { MetricName } from '../metrics.js';
import type { ConfigStatus } from '../stats/configStates.js';
import type { ConfigComparison, MetricVerdict, VerdictKind } from '../stats/types.js';
import { VERDICT_RANK } from './format.js';
import { definedFields } from '../util/definedFields.js';

export interface MetricRow {
  readonly config: string;
  /** Undefined for a config-level row (a failed or missing config with no metrics). */
  readonly metric?: MetricName;
  readonly verdict: VerdictKind;
  readonly gating?: boolean;
  readonly baseline?: number;
  readonly candidate?: number;
  readonly change?: number;
  readonly ci?: readonly [number, number];
  /** A few words for the verdict cell, e.g. "needs 3 runs"; the details live in the sections. */
  readonly tag?: string;
}

export interface MetricGroup {
  readonly id: 'throughput' | 'memory';
  readonly title: string;
  readonly rows: readonly MetricRow[];
}

function tagOf(m: MetricVerdict): string | undefined {
  if (m.awaitingConfirmation === true) return 'needs more runs';
  if (m.verdict === 'inconclusive' && /not clean/.test(m.note ?? '')) return 'unclean run';
  if (/settings changed/.test(m.note ?? '')) return 'settings changed';
  return undefined;
}

export function rowOf(config: ConfigComparison, m: MetricVerdict): MetricRow {
  const tag = tagOf(m);
  return {
    config: config.name,
    metric: m.metric,
    verdict: m.verdict,
    gating: m.gating,
    ...definedFields({ baseline: m.baseline?.centre, candidate: m.candidate?.centre, change: m.change, ci: m.ci, tag }),
  };
}

/** The row of a config with no metrics (failed, missing), so it is seen. */
export function configRow(config: ConfigComparison): MetricRow {
  const tag =
    config.error !== undefined ? config.error.kind : config.verdict === 'missing' ? 'not in this run' : undefined;
  return { config: config.name, verdict: config.verdict, ...definedFields({ tag }) };
}

/** The worst verdict among a config's metrics of one group (or the config's own, for failures). */
function worstIn(config: ConfigComparison, metrics: readonly MetricVerdict[]): VerdictKind {
  let worst: VerdictKind = metrics.length === 0 ? config.verdict : 'unchanged';
  for (const m of metrics) if (VERDICT_RANK[m.verdict] < VERDICT_RANK[worst]) worst = m.verdict;
  return worst;
}

/** One group's rows, configs sorted by their worst verdict in the group, then in config order. */
export function buildGroup(
  group: Omit<MetricGroup, 'rows'>,
  names: readonly MetricName[],
  configs: readonly ConfigComparison[],
  withConfigRows: boolean,
): MetricGroup {
  const blocks = configs.map((config, index) => {
    const metrics = config.metrics
      .filter((m) => names.includes(m.metric))
      .sort((a, b) => names.indexOf(a.metric) - names.indexOf(b.metric));
    const rows = metrics.map((m) => rowOf(config, m));
    // A config with nothing measured still needs a row (once, in the first group).
    if (rows.length === 0 && withConfigRows && config.metrics.length === 0) rows.push(configRow(config));
    return { rank: VERDICT_RANK[worstIn(config, metrics)], index, rows };
  });
  blocks.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return { ...group, rows: blocks.flatMap((b) => b.rows) };
}

/**
 * The rows above the fold: the gating metrics of failing and undecided configs (worst first), then
 * the gating metrics with the largest changes, at most `max` rows.
 */
export function topRows(
  configs: readonly ConfigComparison[],
  statuses: readonly ConfigStatus[],
  max: number,
): MetricRow[] {
  const state = new Map(statuses.map((s) => [s.name, s.state]));
  const urgent: { rows: MetricRow[]; rank: number; index: number }[] = [];
  const movers: { rows: MetricRow[]; size: number }[] = [];
  configs.forEach((c, index) => {
    const gating = c.metrics.filter((m) => m.gating);
    const rows = gating.length > 0 ? gating.map((m) => rowOf(c, m)) : [configRow(c)];
    const s = state.get(c.name);
    if (s === 'regression' || s === 'not-measured' || s === 'undecided') {
      // The metrics that make it fail or undecided; its unchanged ones are in the full tables.
      const telling = rows.filter((r) => r.verdict !== 'unchanged');
      urgent.push({ rows: telling, rank: Math.min(...telling.map((r) => VERDICT_RANK[r.verdict])), index });
    } else movers.push({ rows, size: Math.max(0, ...rows.map((r) => Math.abs(r.change ?? 0))) });
  });
  // A config keeps its rows together: failing and undecided ones worst first, then the largest changes.
  urgent.sort((a, b) => a.rank - b.rank || a.index - b.index);
  movers.sort((a, b) => b.size - a.size);
  return [...urgent.flatMap((u) => u.rows), ...movers.flatMap((m) => m.rows)].slice(0, max);
}
