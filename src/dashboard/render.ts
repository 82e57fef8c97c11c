// The dashboard page: one HTML file with everything inlined (uPlot, the page's script and style, the
// data), so it opens from disk, from GitHub Pages or from a workflow artifact alike. The markup is
// rendered here; the script only draws charts (lazily, as cards scroll into view) and filters.
import { METRIC_INFO } from '../metrics.js';
import { formatNumber, formatPercent, formatRatio, mibToGb } from '../report/format.js';
import type { StudyTable } from '../report/studyTable.js';
import type { DashboardAssets } from './assets.js';
import { esc, inlineScript, inlineStyle, scriptJson } from './html.js';
import { VERDICT_CODE, type DashboardCard, type DashboardModel } from './model.js';

const VERDICT_OF_CODE = Object.fromEntries(Object.entries(VERDICT_CODE).map(([k, v]) => [v, k]));

function bytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1024).toFixed(0)} KiB`;
}

function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : '—';
}

function commitLink(model: DashboardModel, index: number): string {
  const sha = model.commits[index]?.sha;
  if (!sha) return '—';
  return model.repository
    ? `<a href="${esc(`${model.repository}/commit/${sha}`)}"><code>${esc(shortSha(sha))}</code></a>`
    : `<code>${esc(shortSha(sha))}</code>`;
}

function day(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

function header(model: DashboardModel): string {
  const configs = new Set(model.cards.map((c) => c.name)).size;
  const repo = model.repository
    ? `<a href="${esc(model.repository)}">${esc(model.repository.replace(/^https?:\/\//, ''))}</a> · `
    : '';
  return `<header><h1>${esc(model.title)}</h1><p class="meta">${repo}${configs} configs · ${model.commits.length} commits · store ${bytes(model.size.bytes)} in ${model.size.files} files · generated ${esc(model.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p></header>`;
}

function filters(model: DashboardModel): string {
  const selects = model.filters.map(
    (f, i) =>
      `<label>${esc(f.key)} <select data-filter="${i}"><option value="">all</option>${f.values.map((v) => `<option>${esc(v)}</option>`).join('')}</select></label>`,
  );
  return `<nav class="filters" aria-label="Filters">${selects.join('')}<label>name <input type="search" id="f-name" placeholder="filter by name"></label><label><input type="checkbox" id="f-regressed"> with regressions</label><span id="f-count" role="status">${model.cards.length} of ${model.cards.length} charts</span></nav>`;
}

function regressions(model: DashboardModel): string {
  if (model.regressions.length === 0)
    return '<section id="regressions"><h2>Regressions</h2><p>None in the history shown.</p></section>';
  const rows = model.regressions.map((r) => {
    const c = model.commits[r.commit]!;
    return `<tr><td>${day(c.time)}</td><td>${commitLink(model, r.commit)}</td><td><a href="#${r.card}">${esc(r.name)}</a></td><td class="num">${formatPercent(r.change)}</td><td>${r.accepted ? '<span class="tag accepted">accepted</span>' : '<span class="tag regression">regression</span>'}</td></tr>`;
  });
  return `<section id="regressions"><h2>Regressions</h2><table><thead><tr><th>When (UTC)</th><th>Commit</th><th>Config</th><th>Throughput vs previous</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function latest(card: DashboardCard): string {
  const i = card.x.length - 1;
  const tok = card.tok[i];
  const mem = card.mem[i];
  const verdict = VERDICT_OF_CODE[card.verdicts[i] ?? ''] ?? '';
  return [
    tok != null ? `${formatNumber(tok)} tok/s` : undefined,
    mem != null ? `${formatNumber(mibToGb(mem))} GB` : undefined,
    verdict,
  ]
    .filter((s) => s)
    .join(' · ');
}

function card(model: DashboardModel, c: DashboardCard, index: number): string {
  const facts = model.filters
    .map((f, i) => (c.labels[f.key] !== undefined ? ` data-f${i}="${esc(c.labels[f.key]!)}"` : ''))
    .join('');
  const sub = [c.labels.model, c.labels.technique, c.branch, c.machine ?? '', c.configPath]
    .filter((s): s is string => !!s)
    .map((s) => esc(s))
    .join(' · ');
  const marks =
    (c.regressions > 0
      ? ` <span class="tag regression">${c.regressions} regression${c.regressions === 1 ? '' : 's'}</span>`
      : '') + (c.accepted > 0 ? ` <span class="tag accepted">${c.accepted} accepted</span>` : '');
  const memory = c.memoryMetric ? `${esc(METRIC_INFO[c.memoryMetric].label)} (GB)` : 'Memory: not recorded';
  return `<article class="card" id="${c.id}" data-card="${index}" data-name="${esc(c.name.toLowerCase())}" data-regressed="${c.regressions + c.accepted > 0 ? 1 : 0}"${facts}><h3><span class="name">${esc(c.name)}</span>${marks}</h3><p class="sub">${sub}</p><p class="latest">latest: ${esc(latest(c))}</p><div class="chart" data-kind="tok" aria-label="Throughput (tok/s) over commits"></div><div class="chart" data-kind="mem" aria-label="${memory} over commits"></div><p class="point">Hover a point for its commit; click opens it.</p></article>`;
}

function studyTable(t: StudyTable): string {
  const max = Math.max(2, ...t.rows.map((r) => r.speedup ?? 0));
  const rows = t.rows.map((r) => {
    const bar =
      r.speedup !== undefined
        ? `<span class="bar${r.speedup < 1 ? ' slower' : ''}" style="width:${((r.speedup / max) * 100).toFixed(1)}%"></span><span class="ref" style="left:${((1 / max) * 100).toFixed(1)}%"></span>`
        : '';
    const speed = !r.ok
      ? 'failed'
      : r.isReference
        ? `${formatRatio(1)} (reference)`
        : r.speedup === undefined
          ? '—'
          : `${formatRatio(r.speedup)} vs ${esc(r.reference ?? '?')}`;
    return `<tr><td>${esc(r.model)}</td><td>${esc(r.name)}</td><td class="num">${r.tokS === undefined ? '—' : formatNumber(r.tokS)}</td><td class="num">${r.memoryGb === undefined ? '—' : r.memoryGb.toFixed(r.memoryGb >= 10 ? 1 : 2)}</td><td class="speed"><div class="track">${bar}</div>${speed}</td></tr>`;
  });
  return `<table class="study"><thead><tr><th>Model</th><th>Configuration</th><th>Throughput (tok/s)</th><th>Memory (GB)</th><th>Speedup vs reference</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function study(model: DashboardModel): string {
  if (model.study.length === 0) return '';
  const options = model.study
    .map(
      (s) =>
        `<optgroup label="${esc(s.title)}">${s.runs.map((r, j) => `<option value="${s.id}r${j}">${esc(shortSha(r.commit))} · ${esc(r.time.slice(0, 16).replace('T', ' '))}</option>`).join('')}</optgroup>`,
    )
    .join('');
  const tables = model.study
    .flatMap((s, i) =>
      s.runs.map(
        (r, j) =>
          `<div class="study-run" data-run="${s.id}r${j}"${i + j > 0 ? ' hidden' : ''}>${studyTable(r.table)}</div>`,
      ),
    )
    .join('');
  return `<section id="study"><h2>Seed-study view</h2><p>Configs side by side against each model's reference, as in the report's study table, for the newest raw runs kept in the store.</p><label>Run <select id="study-run">${options}</select></label>${tables}</section>`;
}

function footer(model: DashboardModel): string {
  const notes = [
    'Line: median throughput (e2e tokens/s) of each commit. Band: 95% interval of the baseline centre over the newest K runs at that commit, the window a pull request is compared with. Dots: regression (red), accepted regression (amber), improvement (green); dashed line: the benchmark’s settings changed.',
    model.size.largest
      ? `Store: ${model.size.files} files, ${bytes(model.size.bytes)}; largest ${esc(model.size.largest.path)} (${bytes(model.size.largest.bytes)}).`
      : '',
    model.truncated
      ? `Showing the newest ${model.truncated.shown} of ${model.truncated.total} commits per series (--max-commits).`
      : '',
    ...model.problems.map((p) => `${esc(p)}`),
    'Charts: uPlot (MIT), inlined.',
  ];
  return `<footer>${notes
    .filter((n) => n)
    .map((n) => `<p>${n}</p>`)
    .join('')}</footer>`;
}

/** What the script needs: numbers only, memory in decimal GB like the study table. */
function payload(model: DashboardModel): unknown {
  const gb = (v: number | null) => (v === null ? null : Number(mibToGb(v).toPrecision(4)));
  return {
    repository: model.repository ?? null,
    commits: model.commits.map((c) => [c.sha ?? null, c.time, c.accepted ? 1 : 0]),
    cards: model.cards.map((c) => ({
      x: c.x,
      commit: c.commit,
      tok: c.tok,
      tokLo: c.tokLo,
      tokHi: c.tokHi,
      mem: c.mem.map(gb),
      memLo: c.memLo.map(gb),
      memHi: c.memHi.map(gb),
      verdicts: c.verdicts,
      changed: c.settingsChanged,
    })),
  };
}

export function renderDashboard(model: DashboardModel, assets: DashboardAssets): string {
  const empty = model.cards.length === 0 ? '<p>No history yet: the data branch has no saved runs.</p>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model.title)}</title>
<style>${inlineStyle(assets.uplotCss)}</style><style>${inlineStyle(assets.appCss)}</style></head>
<body>${header(model)}${filters(model)}<main>${regressions(model)}<section id="configs"><h2>Configs</h2>${empty}<div class="grid">${model.cards.map((c, i) => card(model, c, i)).join('')}</div></section>${study(model)}</main>${footer(model)}
<script type="application/json" id="lpg-data">${scriptJson(payload(model))}</script>
<script>${inlineScript(assets.uplotJs)}</script>
<script>${inlineScript(assets.appJs)}</script>
</body></html>
`;
}
