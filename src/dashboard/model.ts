// What the dashboard shows, from a read store: one card per benchmark of each series (config file ×
// branch × machine) with its throughput and memory over commits, the band of the between-run
// interval and the verdict of every commit; the regressions, newest first; the filters; and the
// seed-study tables of the newest raw runs. Pure: no files, no HTML.
import type { CommitRecord, ConfigSummary } from '../baseline/gitBranch/historySchema.js';
import type { MemoryMetric } from '../metrics.js';
import { buildStudyTable, MEMORY_PREFERENCE, type StudyTable } from '../report/studyTable.js';
import type { VerdictKind } from '../stats/types.js';
import type { StoredSeries, StoreSnapshot, StoreSize } from './readStore.js';
import { definedFields } from '../util/definedFields.js';

/** One letter per verdict, so a card's verdicts travel as one short string. */
export const VERDICT_CODE: Readonly<Record<VerdictKind, string>> = {
  regression: 'r',
  failed: 'f',
  missing: 'm',
  inconclusive: 'i',
  new: 'n',
  improvement: 'p',
  unchanged: 'u',
};

export interface DashboardCommit {
  readonly sha?: string;
  /** Unix seconds. */
  readonly time: number;
  readonly accepted: boolean;
}

export interface DashboardCard {
  readonly id: string;
  readonly name: string;
  readonly configPath: string;
  readonly branch: string;
  readonly machine?: string;
  /** Filterable facts: the benchmark's labels plus branch and machine. */
  readonly labels: Readonly<Record<string, string>>;
  readonly memoryMetric?: MemoryMetric;
  /** Columns, one entry per commit on the chart (oldest first); null where the commit has no value. */
  readonly x: readonly number[];
  readonly commit: readonly number[];
  readonly tok: readonly (number | null)[];
  readonly tokLo: readonly (number | null)[];
  readonly tokHi: readonly (number | null)[];
  readonly mem: readonly (number | null)[];
  readonly memLo: readonly (number | null)[];
  readonly memHi: readonly (number | null)[];
  /** VERDICT_CODE letters, one per point. */
  readonly verdicts: string;
  /** Points where the benchmark's settings changed (the numbers before measured something else). */
  readonly settingsChanged: readonly number[];
  readonly regressions: number;
  readonly accepted: number;
}

export interface RegressionRow {
  readonly card: string;
  readonly name: string;
  readonly commit: number;
  readonly accepted: boolean;
  /** Throughput change against the previous commit's centre. */
  readonly change?: number;
}

export interface StudyView {
  readonly id: string;
  readonly title: string;
  readonly runs: readonly { readonly commit?: string; readonly time: string; readonly table: StudyTable }[];
}

export interface DashboardModel {
  readonly title: string;
  readonly repository?: string;
  readonly generatedAt: string;
  readonly commits: readonly DashboardCommit[];
  readonly cards: readonly DashboardCard[];
  readonly filters: readonly { readonly key: string; readonly values: readonly string[] }[];
  readonly regressions: readonly RegressionRow[];
  readonly study: readonly StudyView[];
  readonly size: StoreSize;
  readonly problems: readonly string[];
  /** Set when older commits were left out (maxCommits). */
  readonly truncated?: { readonly shown: number; readonly total: number };
}

export interface ModelOptions {
  readonly title?: string;
  /** Newest commits per series drawn (older ones stay in the store). */
  readonly maxCommits: number;
  readonly now: Date;
  readonly repository?: string;
}

function memoryMetricOf(configs: readonly ConfigSummary[]): MemoryMetric | undefined {
  return MEMORY_PREFERENCE.find((m) => configs.some((c) => c.metrics[m] !== undefined));
}

/** Commit table shared by every card: one entry per (sha or time). */
class CommitIndex {
  readonly list: DashboardCommit[] = [];
  private readonly seen = new Map<string, number>();
  of(r: CommitRecord): number {
    const key = r.commit ?? r.time;
    let i = this.seen.get(key);
    if (i === undefined) {
      this.seen.set(
        key,
        (i =
          this.list.push({
            ...(r.commit ? { sha: r.commit } : {}),
            time: Date.parse(r.time) / 1000,
            accepted: r.accepted ?? false,
          }) - 1),
      );
    }
    return i;
  }
}

function cardOf(
  series: StoredSeries,
  name: string,
  records: readonly CommitRecord[],
  commits: CommitIndex,
  id: string,
): DashboardCard {
  const points = records.flatMap((r) => {
    const c = r.configs.find((x) => x.name === name);
    return c ? [{ r, c }] : [];
  });
  const last = points[points.length - 1]!.c;
  const memoryMetric = memoryMetricOf(points.map((p) => p.c));
  const col = (f: (c: ConfigSummary) => number | null | undefined) => points.map(({ c }) => f(c) ?? null);
  const tok = (i: 0 | 1 | 2) => col((c) => c.metrics.e2e_tok_s?.[i]);
  const mem = (i: 0 | 1 | 2) => col((c) => (memoryMetric ? c.metrics[memoryMetric]?.[i] : null));
  const machine = series.header.environment.machine;
  const regressions = points.filter((p) => p.c.verdict === 'regression');
  return {
    id,
    name,
    configPath: series.header.config_path,
    branch: series.key.branch,
    ...(machine ? { machine } : {}),
    labels: {
      ...Object.fromEntries(Object.entries(last.labels ?? {}).filter(([k]) => k !== 'reference')),
      branch: series.key.branch,
      machine: machine ?? series.key.environmentHash,
    },
    ...(memoryMetric ? { memoryMetric } : {}),
    x: points.map((p) => Date.parse(p.r.time) / 1000),
    commit: points.map((p) => commits.of(p.r)),
    tok: tok(0),
    tokLo: tok(1),
    tokHi: tok(2),
    mem: mem(0),
    memLo: mem(1),
    memHi: mem(2),
    verdicts: points.map((p) => VERDICT_CODE[p.c.verdict]).join(''),
    settingsChanged: points.flatMap((p, i) => (i > 0 && p.c.hash !== points[i - 1]!.c.hash ? [i] : [])),
    regressions: regressions.filter((p) => !p.r.accepted).length,
    accepted: regressions.filter((p) => p.r.accepted).length,
  };
}

function regressionRows(cards: readonly DashboardCard[], commits: readonly DashboardCommit[]): RegressionRow[] {
  const rows: RegressionRow[] = [];
  for (const card of cards)
    [...card.verdicts].forEach((v, i) => {
      if (v !== VERDICT_CODE.regression) return;
      const now = card.tok[i];
      const before = i > 0 ? card.tok[i - 1] : null;
      const commit = card.commit[i]!;
      rows.push({
        card: card.id,
        name: card.name,
        commit,
        accepted: commits[commit]!.accepted,
        ...(now != null && before != null && before > 0 ? { change: now / before - 1 } : {}),
      });
    });
  return rows.sort((a, b) => commits[b.commit]!.time - commits[a.commit]!.time).slice(0, 200);
}

function filtersOf(cards: readonly DashboardCard[]): DashboardModel['filters'] {
  const values = new Map<string, Set<string>>();
  for (const c of cards)
    for (const [k, v] of Object.entries(c.labels)) (values.get(k) ?? values.set(k, new Set()).get(k)!).add(v);
  // A filter with one value filters nothing; model and technique first, as the study groups them.
  const order = (k: string) => ['model', 'technique'].indexOf(k) >>> 0;
  return [...values]
    .filter(([, v]) => v.size > 1)
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([key, v]) => ({ key, values: [...v].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) }));
}

function studyOf(series: StoredSeries, id: string): StudyView | undefined {
  if (series.runs.length === 0) return undefined;
  const machine = series.header.environment.machine ?? series.key.environmentHash;
  return {
    id,
    title: `${series.header.config_path} on ${series.key.branch}, ${machine}`,
    runs: series.runs.map((doc) => ({
      ...(doc.run.git?.sha ? { commit: doc.run.git.sha } : {}),
      time: doc.run.started_at,
      table: buildStudyTable(doc, undefined),
    })),
  };
}

export function buildDashboardModel(store: StoreSnapshot, options: ModelOptions): DashboardModel {
  const commits = new CommitIndex();
  const cards: DashboardCard[] = [];
  const study: StudyView[] = [];
  let total = 0;
  let shown = 0;
  const ordered = [...store.series].sort((a, b) =>
    (b.records.at(-1)?.time ?? '').localeCompare(a.records.at(-1)?.time ?? ''),
  );
  ordered.forEach((series, s) => {
    const records = series.records.slice(-options.maxCommits);
    total = Math.max(total, series.records.length);
    shown = Math.max(shown, records.length);
    const names = [...new Set(records.flatMap((r) => r.configs.map((c) => c.name)))];
    names.forEach((name, i) => cards.push(cardOf(series, name, records, commits, `s${s}c${i}`)));
    const view = studyOf(series, `s${s}`);
    if (view) study.push(view);
  });
  return {
    title: options.title ?? 'Performance history',
    ...definedFields({ repository: (options.repository ?? store.meta?.repository) || undefined }),
    generatedAt: options.now.toISOString(),
    commits: commits.list,
    cards,
    filters: filtersOf(cards),
    regressions: regressionRows(cards, commits.list),
    study,
    size: store.size,
    problems: store.problems,
    ...(shown < total ? { truncated: { shown, total } } : {}),
  };
}
