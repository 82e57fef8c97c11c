import { createRequire as __lpgCreateRequire } from 'node:module'; const require = __lpgCreateRequire(import.meta.url);
import {
  LATENCY_METRICS,
  MEMORY_METRICS,
  METRIC_INFO,
  latencySeries
} from "./chunk-JKIUB3YX.js";

// src/stats/descriptive.ts
function mean(xs) {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
function variance(xs) {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}
function quantile(xs, p) {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a2, b2) => a2 - b2);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const a = sorted[lo];
  const b = sorted[hi];
  return a + (h - lo) * (b - a);
}
function median(xs) {
  return quantile(xs, 0.5);
}
function tukeyOutliers(xs) {
  if (xs.length < 4) return 0;
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);
  const k = 1.5 * (q3 - q1);
  return xs.filter((x) => x < q1 - k || x > q3 + k).length;
}

// src/stats/fingerprint.ts
var MACHINE_KEYS = ["gpu_name", "gpu_model", "gpu", "device_name", "cpu_model", "cpu_name", "cpu"];
function machineOf(doc) {
  if (!doc) return void 0;
  for (const k of MACHINE_KEYS) {
    const v = doc.environment.fields[k];
    if (typeof v === "string" && v.trim()) return v.trim();
  }
  return void 0;
}
function differencesBetween(b, c) {
  const fields = [.../* @__PURE__ */ new Set([...b.environment.comparable, ...c.environment.comparable])].sort();
  const out = [];
  for (const field of fields) {
    const bv = b.environment.fields[field] ?? null;
    const cv = c.environment.fields[field] ?? null;
    if (bv !== cv) out.push({ field, baseline: bv, candidate: cv });
  }
  return out;
}
function checkFingerprint(baselines, candidates, policy) {
  const cand = candidates[0];
  const latestBase = baselines[baselines.length - 1];
  const machines = { baselineMachine: machineOf(latestBase), candidateMachine: machineOf(cand) };
  if (!cand || baselines.length === 0)
    return { match: true, differences: [], usable: baselines, refused: false, ...machines };
  const hash = cand.environment.hash;
  const same = baselines.filter((b) => b.environment.hash === hash);
  if (same.length === baselines.length)
    return { match: true, differences: [], usable: baselines, refused: false, ...machines };
  const other = baselines.find((b) => b.environment.hash !== hash);
  const differences = differencesBetween(other, cand);
  if (policy === "refuse") {
    if (same.length > 0) return { match: true, differences: [], usable: same, refused: false, ...machines };
    return { match: false, differences, usable: [], refused: true, ...machines };
  }
  return { match: false, differences, usable: baselines, refused: false, ...machines };
}

// src/stats/distributions.ts
var LANCZOS = [
  676.5203681218851,
  -1259.1392167224028,
  771.3234287776531,
  -176.6150291621406,
  12.507343278686905,
  -0.13857109526572012,
  9984369578019572e-21,
  15056327351493116e-23
];
function logGamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.9999999999998099;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
function betaContinuedFraction(x, a, b) {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - (a + b) * x / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}
function incompleteBeta(x, a, b) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return front * betaContinuedFraction(x, a, b) / a;
  return 1 - front * betaContinuedFraction(1 - x, b, a) / b;
}
function normalCdf(x) {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}
function normalQuantile(p) {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity;
    if (p === 1) return Infinity;
    return NaN;
  }
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a;
  const [b0, b1, b2, b3, b4] = b;
  const [c0, c1, c2, c3, c4, c5] = c;
  const [d0, d1, d2, d3] = d;
  const low = 0.02425;
  if (p < low) {
    const q2 = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q2 + c1) * q2 + c2) * q2 + c3) * q2 + c4) * q2 + c5) / ((((d0 * q2 + d1) * q2 + d2) * q2 + d3) * q2 + 1);
  }
  if (p > 1 - low) {
    const q2 = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q2 + c1) * q2 + c2) * q2 + c3) * q2 + c4) * q2 + c5) / ((((d0 * q2 + d1) * q2 + d2) * q2 + d3) * q2 + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}
function tCdf(t, df) {
  if (!Number.isFinite(df)) return normalCdf(t);
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}
function tQuantile(p, df) {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (!Number.isFinite(df)) return normalQuantile(p);
  if (p === 0.5) return 0;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const upper = p > 0.5;
  const target = upper ? p : 1 - p;
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < target) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  return upper ? q : -q;
}
function twoSidedP(t, df) {
  if (Number.isNaN(t)) return 1;
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

// src/stats/verdictRules.ts
var MDE_POWER = 0.9;
var pct = (x) => `${(x * 100).toFixed(1)}%`;
function minimumDetectable(est, ciAlpha) {
  const z = tQuantile(1 - ciAlpha / 2, est.df) + tQuantile(MDE_POWER, est.df);
  return Math.exp(z * est.se) - 1;
}
function decideLatency(input) {
  const { est, margin, better } = input;
  const q = tQuantile(1 - input.ciAlpha / 2, est.df);
  const ci = [Math.exp(est.logRatio - q * est.se) - 1, Math.exp(est.logRatio + q * est.se) - 1];
  const change = Math.exp(est.logRatio) - 1;
  const worse = better === "higher" ? -change : change;
  const significant = input.adjustedP < input.alpha;
  const mde = minimumDetectable(est, input.ciAlpha);
  let verdict;
  let note;
  let awaitingConfirmation = false;
  if (significant && worse > margin) verdict = "regression";
  else if (significant && -worse > margin) verdict = "improvement";
  else if (ci[0] > -margin && ci[1] < margin) verdict = "unchanged";
  else {
    verdict = "inconclusive";
    note = significant ? `a real change, but smaller than the ${pct(margin)} margin could not be ruled out or confirmed` : `this data detects changes of about ${pct(mde)} or more; the margin is ${pct(margin)}`;
  }
  if ((verdict === "regression" || verdict === "improvement") && input.candidate.runs < input.confirmationRuns) {
    const slower = verdict === "regression";
    verdict = "inconclusive";
    awaitingConfirmation = true;
    const runs = `${input.candidate.runs} run${input.candidate.runs === 1 ? "" : "s"}`;
    note = `${slower ? "slower" : "faster"} by ${pct(Math.abs(change))} in ${runs}: needs ${input.confirmationRuns} candidate runs to confirm (a process can be slow or fast by itself, whatever the code)`;
  }
  if (verdict === "regression" && input.validity.length > 0) {
    verdict = "inconclusive";
    note = `slower, but the candidate run was not clean (${input.validity.join("; ")}): rerun on a quiet machine`;
  }
  return {
    metric: input.metric,
    better,
    verdict,
    baseline: input.baseline,
    candidate: input.candidate,
    change,
    ci,
    pValue: input.pValue,
    adjustedP: input.adjustedP,
    mde,
    margin,
    method: `${est.method}; ${input.correction}`,
    gating: input.gating,
    ...note ? { note } : {},
    ...awaitingConfirmation && input.validity.length === 0 ? { awaitingConfirmation } : {}
  };
}
function decideMemory(input) {
  const b = input.baseline.centre;
  const c = input.candidate.centre;
  const slack = Math.max(input.tolerance * b, input.toleranceMib);
  const delta = input.better === "lower" ? c - b : b - c;
  const verdict = delta > slack ? "regression" : -delta > slack ? "improvement" : "unchanged";
  return {
    metric: input.metric,
    better: input.better,
    verdict,
    baseline: input.baseline,
    candidate: input.candidate,
    change: b > 0 ? c / b - 1 : 0,
    margin: input.tolerance,
    method: `memory tolerance: \xB1max(${pct(input.tolerance)}, ${input.toleranceMib} MiB) on the median peak over runs`,
    gating: input.gating,
    ...verdict !== "unchanged" ? { note: `${(c - b).toFixed(1)} MiB against a slack of ${slack.toFixed(1)} MiB` } : {}
  };
}

// src/stats/relativeChange.ts
var RELATIVE_EFFICIENCY_OF_MEDIAN = Math.PI / 2;
function withinRunVariance(logs) {
  if (logs.length < 2) return 0;
  return RELATIVE_EFFICIENCY_OF_MEDIAN * variance(logs) / logs.length;
}
function estimateChange(baselineRuns, candidateRuns, options = {}) {
  const logRuns = (runs) => runs.filter((r) => r.length > 0).map((r) => r.map((x) => Math.log(x)));
  const b = logRuns(baselineRuns);
  const c = logRuns(candidateRuns);
  if (b.length === 0 || c.length === 0) return void 0;
  const bm = b.map((r) => median(r));
  const cm = c.map((r) => median(r));
  const nb = bm.length;
  const nc = cm.length;
  if (options.paired && nb === nc && nb >= 3) {
    const d = cm.map((x, i) => x - bm[i]);
    const sd = Math.sqrt(variance(d));
    return {
      logRatio: mean(d),
      se: sd / Math.sqrt(nb),
      df: nb - 1,
      method: `paired between-run t (${nb} interleaved pairs, df ${nb - 1})`,
      runNoise: sd / Math.SQRT2,
      fromPrior: false
    };
  }
  const logRatio = mean(cm) - mean(bm);
  if (nb + nc >= 3) {
    const pooled = ((nb - 1) * variance(bm) + (nc - 1) * variance(cm)) / (nb + nc - 2);
    const sd = Math.sqrt(pooled);
    return {
      logRatio,
      se: sd * Math.sqrt(1 / nb + 1 / nc),
      df: nb + nc - 2,
      method: `between-run t on per-run medians (${nb} + ${nc} runs, df ${nb + nc - 2})`,
      runNoise: sd,
      fromPrior: false
    };
  }
  if (options.priorRunNoise === void 0) return void 0;
  const prior = options.priorRunNoise;
  const within = withinRunVariance(b[0]) + withinRunVariance(c[0]);
  const se = Math.sqrt(Math.max(2 * prior * prior, within));
  return {
    logRatio,
    se,
    df: Infinity,
    method: `1 run a side: assumed between-run noise ${(prior * 100).toFixed(1)}% (prior, not measured)`,
    runNoise: prior,
    fromPrior: true
  };
}

// src/stats/multipleComparisons.ts
function adjustPValues(pValues, method) {
  const m = pValues.length;
  if (m === 0) return [];
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array(m).fill(1);
  switch (method) {
    case "none":
      return [...pValues];
    case "bonferroni":
      return pValues.map((p) => Math.min(1, p * m));
    case "holm": {
      let running = 0;
      order.forEach(({ p, i }, k) => {
        running = Math.max(running, Math.min(1, (m - k) * p));
        out[i] = running;
      });
      return out;
    }
    case "benjamini-hochberg": {
      let running = 1;
      for (let k = m - 1; k >= 0; k--) {
        const { p, i } = order[k];
        running = Math.min(running, Math.min(1, p * m / (k + 1)));
        out[i] = running;
      }
      return out;
    }
  }
}
function localAlpha(alpha, p, adjusted, tests, method) {
  if (method === "none") return alpha;
  const m = Math.max(1, tests);
  if (adjusted < alpha && p > 0 && adjusted > 0) return Math.min(alpha, alpha * p / adjusted);
  return alpha / m;
}

// src/stats/types.ts
var VERDICTS = ["regression", "failed", "missing", "inconclusive", "new", "improvement", "unchanged"];

// src/stats/compareRuns.ts
var DEFAULT_PRIOR_RUN_NOISE = 0.1;
var DEFAULT_GATING = /* @__PURE__ */ new Set(["e2e_tok_s", ...MEMORY_METRICS]);
var DEFAULT_CONFIRMATION_RUNS = 3;
var DEFAULT_DECISION_RUNS = 2;
function summarizeRuns(runs) {
  const nonEmpty = runs.filter((r) => r.length > 0);
  const all = nonEmpty.flat();
  return {
    centre: median(nonEmpty.map((r) => median(r))),
    n: all.length,
    runs: nonEmpty.length,
    q1: quantile(all, 0.25),
    q3: quantile(all, 0.75),
    // Per run: a shift between runs is not an outlier of either run.
    outliers: nonEmpty.reduce((s, r) => s + tukeyOutliers(r), 0)
  };
}
function runSeries(metric, b) {
  const rounds = /* @__PURE__ */ new Map();
  for (const s of b.iterations) {
    const r = s.round ?? 0;
    rounds.set(r, [...rounds.get(r) ?? [], s]);
  }
  return [...rounds.keys()].sort((x, y) => x - y).map((r) => latencySeries(metric, rounds.get(r)));
}
function runsCount(docs) {
  const per = /* @__PURE__ */ new Map();
  for (const d of docs)
    for (const b of d.benchmarks) {
      const rounds = new Set(b.iterations.map((s) => s.round ?? 0)).size;
      per.set(b.name, (per.get(b.name) ?? 0) + Math.max(1, rounds));
    }
  return Math.max(docs.length > 0 ? 1 : 0, ...per.values());
}
function memoryValue(b, metric) {
  const vals = b.memory.filter((m) => m.metric === metric).map((m) => m.value_mib);
  return vals.length > 0 ? Math.max(...vals) : void 0;
}
function benchmarksNamed(docs, name) {
  return docs.flatMap((d) => d.benchmarks.filter((b) => b.name === name));
}
function worst(verdicts) {
  let best = VERDICTS.length - 1;
  for (const v of verdicts) best = Math.min(best, VERDICTS.indexOf(v));
  return VERDICTS[best];
}
function validityNotes(cands) {
  const notes = [];
  for (const b of cands) {
    const t = b.telemetry;
    if (!t) continue;
    if (t.gpu_throttled) notes.push("GPU throttled during the candidate run");
    if (t.gpu_shared) notes.push("GPU shared with another process during the candidate run");
    if (t.host_busy) notes.push("host busy during the candidate run");
    if (t.gpu_throttled || t.gpu_shared || t.host_busy) notes.push(...t.notes);
  }
  return [...new Set(notes)];
}
function settingsFor(gate, metric) {
  const own = gate.metrics[metric];
  const info = METRIC_INFO[metric];
  return {
    enabled: own?.enabled ?? true,
    gating: own?.gate ?? DEFAULT_GATING.has(metric),
    better: own?.direction ?? info.better,
    margin: own?.margin ?? (info.kind === "memory" ? gate.memory_tolerance : gate.margin)
  };
}
function uncompared(metric, s, refused, candidate, baseline) {
  return {
    metric,
    better: s.better,
    verdict: refused ? "inconclusive" : "new",
    candidate,
    ...baseline ? { baseline } : {},
    margin: s.margin,
    method: refused ? "not compared: baseline ran on another machine (fingerprint_mismatch: refuse)" : "no baseline",
    gating: s.gating
  };
}
function compareRuns(baselines, candidates, options) {
  const { gate } = options;
  const mode = options.mode ?? "stored-baseline";
  const fp = checkFingerprint(baselines, candidates, gate.fingerprint_mismatch);
  const base = fp.usable;
  const names = [];
  for (const d of [...candidates, ...base])
    for (const b of d.benchmarks) if (!names.includes(b.name)) names.push(b.name);
  const tests = [];
  const drafts = [];
  for (const name of names) {
    const cands = benchmarksNamed(candidates, name);
    const allBases = benchmarksNamed(base, name);
    const okBases = allBases.filter((b) => b.status === "ok");
    const draft = { name, cands, bases: okBases, memory: [], latencyUnestimable: [], newSummaries: [] };
    drafts.push(draft);
    if (cands.length === 0) {
      draft.kind = "missing";
      continue;
    }
    if (cands.some((b) => b.status === "failed")) {
      draft.kind = "failed";
      continue;
    }
    const hash = cands[0]?.config_hash;
    const sameSettings = okBases.filter((b) => b.config_hash === hash);
    if (okBases.length === 0 || sameSettings.length === 0 || fp.refused) {
      if (!fp.refused) {
        draft.kind = "new";
        if (allBases.length > 0 && okBases.length === 0) draft.note = "every baseline run of this config failed";
        else if (okBases.length > 0) draft.note = "settings changed since the baseline (config hash differs)";
      }
    }
    draft.bases = sameSettings;
    for (const metric of LATENCY_METRICS) {
      const s = settingsFor(gate, metric);
      if (!s.enabled) continue;
      const cRuns = cands.flatMap((b) => runSeries(metric, b));
      if (cRuns.every((r) => r.length === 0)) continue;
      const candidate = summarizeRuns(cRuns);
      if (draft.kind === "new" || fp.refused) {
        const baseline2 = fp.refused && sameSettings.length > 0 ? summarizeRuns(sameSettings.flatMap((b) => runSeries(metric, b))) : void 0;
        draft.newSummaries.push(uncompared(metric, s, fp.refused, candidate, baseline2));
        continue;
      }
      const bRuns = sameSettings.flatMap((b) => runSeries(metric, b));
      if (bRuns.every((r) => r.length === 0)) continue;
      const baseline = summarizeRuns(bRuns);
      const est = estimateChange(bRuns, cRuns, {
        paired: mode === "ab",
        priorRunNoise: options.noiseFloor?.[name] ?? options.defaultNoiseFloor ?? DEFAULT_PRIOR_RUN_NOISE
      });
      if (!est) {
        draft.latencyUnestimable.push({
          metric,
          better: s.better,
          verdict: "inconclusive",
          baseline,
          candidate,
          change: candidate.centre / baseline.centre - 1,
          margin: s.margin,
          method: "between-run noise unknown",
          gating: s.gating,
          note: "one run a side and no noise prior: run more baseline runs"
        });
        continue;
      }
      const t = est.se > 0 ? est.logRatio / est.se : est.logRatio === 0 ? 0 : Math.sign(est.logRatio) * Infinity;
      tests.push({
        config: name,
        metric,
        gating: s.gating,
        better: s.better,
        margin: s.margin,
        est,
        p: twoSidedP(t, est.df),
        baseline,
        candidate
      });
    }
    for (const metric of MEMORY_METRICS) {
      const s = settingsFor(gate, metric);
      if (!s.enabled) continue;
      const cVals = cands.map((b) => memoryValue(b, metric)).filter((v) => v !== void 0);
      if (cVals.length === 0) continue;
      const candidate = summarizeRuns(cVals.map((v) => [v]));
      if (draft.kind === "new" || fp.refused) {
        draft.newSummaries.push(uncompared(metric, s, fp.refused, candidate));
        continue;
      }
      const bVals = sameSettings.map((b) => memoryValue(b, metric)).filter((v) => v !== void 0);
      if (bVals.length === 0) continue;
      draft.memory.push(
        decideMemory({
          metric,
          better: s.better,
          gating: s.gating,
          baseline: summarizeRuns(bVals.map((v) => [v])),
          candidate,
          tolerance: s.margin,
          toleranceMib: gate.memory_tolerance_mib
        })
      );
    }
  }
  const gatingTests = tests.filter((t) => t.gating);
  for (const family of [gatingTests, tests.filter((t) => !t.gating)]) {
    const adj = adjustPValues(
      family.map((t) => t.p),
      gate.correction
    );
    family.forEach((t, i) => {
      t.adjusted = adj[i];
      t.tests = family.length;
    });
  }
  const configs = drafts.map((d) => {
    const cand = d.cands[0];
    const common = {
      name: d.name,
      ...cand?.labels ? { labels: cand.labels } : {},
      ...cand?.sweep ? { sweep: cand.sweep } : {}
    };
    if (d.kind === "missing") return { ...common, verdict: "missing", metrics: [] };
    if (d.kind === "failed") {
      const err = d.cands.find((b) => b.status === "failed")?.error;
      return { ...common, verdict: "failed", metrics: [], ...err ? { error: err } : {} };
    }
    const validity = validityNotes(d.cands);
    const latency = tests.filter((t) => t.config === d.name).map((t) => {
      const adjusted = t.adjusted ?? t.p;
      const level = localAlpha(gate.alpha, t.p, adjusted, t.tests ?? 1, gate.correction);
      return decideLatency({
        metric: t.metric,
        better: t.better,
        gating: t.gating,
        margin: t.margin,
        est: t.est,
        pValue: t.p,
        adjustedP: adjusted,
        alpha: gate.alpha,
        ciAlpha: level,
        correction: `${gate.correction} over ${t.tests ?? 1} ${t.gating ? "gating" : "informational"} tests`,
        baseline: t.baseline,
        candidate: t.candidate,
        validity,
        confirmationRuns: options.confirmationRuns ?? DEFAULT_CONFIRMATION_RUNS
      });
    });
    const metrics = [...latency, ...d.latencyUnestimable, ...d.memory, ...d.newSummaries].sort(
      (a, b) => metricOrder(a.metric) - metricOrder(b.metric)
    );
    const gatingVerdicts = metrics.filter((m) => m.gating).map((m) => m.verdict);
    const verdict = d.kind === "new" ? "new" : fp.refused ? "inconclusive" : worst(
      gatingVerdicts.length > 0 ? gatingVerdicts : metrics.length > 0 ? metrics.map((m) => m.verdict) : ["inconclusive"]
    );
    const digests = new Set(d.bases.map((b) => b.tokens_digest).filter((x) => x !== void 0));
    const candDigest = cand?.tokens_digest;
    const tokensChanged = candDigest !== void 0 && digests.size > 0 && !digests.has(candDigest);
    return {
      ...common,
      verdict,
      metrics: d.note ? metrics.map((m) => ({ ...m, note: m.note ? `${m.note}; ${d.note}` : d.note })) : metrics,
      ...tokensChanged ? { tokensChanged } : {},
      ...validity.length > 0 ? { validity } : {}
    };
  });
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0]));
  for (const c of configs) counts[c.verdict] += 1;
  const noiseFloor = {};
  for (const t of gatingTests) if (!t.est.fromPrior) noiseFloor[t.config] = Math.exp(t.est.runNoise) - 1;
  const latestBase = base[base.length - 1];
  return {
    mode,
    configs,
    counts,
    correction: { method: gate.correction, alpha: gate.alpha, tests: gatingTests.length },
    fingerprint: {
      match: fp.match,
      policy: gate.fingerprint_mismatch,
      differences: fp.differences,
      ...fp.baselineMachine ? { baselineMachine: fp.baselineMachine } : {},
      ...fp.candidateMachine ? { candidateMachine: fp.candidateMachine } : {}
    },
    baselineRuns: runsCount(base),
    candidateRuns: runsCount(candidates),
    commits: {
      ...latestBase?.run.git?.sha ? { baseline: latestBase.run.git.sha } : {},
      ...candidates[0]?.run.git?.sha ? { candidate: candidates[0].run.git.sha } : {}
    },
    ...Object.keys(noiseFloor).length > 0 ? { noiseFloor } : {}
  };
}
var ORDER = [...LATENCY_METRICS, ...MEMORY_METRICS];
function metricOrder(m) {
  return ORDER.indexOf(m);
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table[rowIndex].length;
    }
    while (++columnIndex2 < table[rowIndex].length) {
      const cell = serialize(table[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size = stringLength(cell);
        sizes2[columnIndex2] = size;
        if (longestCellByColumn[columnIndex2] === void 0 || size > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size;
        }
      }
      row2.push(cell);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code === 99) {
      before = ":";
      after = ":";
    } else if (code === 108) {
      before = ":";
    } else if (code === 114) {
      after = ":";
    }
    let size = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell = before + "-".repeat(size) + after;
    if (settings.alignDelimiters !== false) {
      size = before.length + size + after.length;
      if (size > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size;
      }
      sizes[columnIndex] = size;
    }
    row[columnIndex] = cell;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code = alignments[columnIndex];
        if (code === 114) {
          before = " ".repeat(size);
        } else if (code === 99) {
          const half = size / 2;
          if (size % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code = typeof value === "string" ? value.codePointAt(0) : 0;
  return code === 67 || code === 99 ? 99 : code === 76 || code === 108 ? 108 : code === 82 || code === 114 ? 114 : 0;
}

export {
  markdownTable,
  mean,
  variance,
  quantile,
  median,
  VERDICTS,
  tQuantile,
  twoSidedP,
  DEFAULT_CONFIRMATION_RUNS,
  DEFAULT_DECISION_RUNS,
  compareRuns
};
