// Replays recorded runs through our rule and the common ones: A/A pairs (separate runs of the
// same code), the same with the candidate slowed down, and pairs with a known real change. Pure:
// sample sets in, rates out; `llm-perf-gate eval` prints them.
import { mulberry32 } from '../util/prng.js';
import type { GateConfig } from '../config/schema.js';
import { latencySeries } from '../metrics.js';
import type { ResultDoc } from '../result/schema.js';
import { COMMON_RULES, type CommonRule } from './commonRules.js';
import { configsNeedingMoreSamples } from '../stats/adaptive.js';
import { compareRuns } from '../stats/compareRuns.js';
import { median, variance } from '../stats/descriptive.js';
import { runToResultDoc, type ParsedSampleSet } from './sampleSet.js';
import type { VerdictKind } from '../stats/types.js';

export interface EvalOptions {
  readonly gate: GateConfig;
  /** Baseline runs per trial (the store's K); fewer when a config has fewer recorded runs. */
  readonly baselineRuns: number;
  readonly trials: number;
  readonly seed: number;
  /** Relative slow-downs injected into the candidate (0.1 = every time × 1.1). */
  readonly slowdowns: readonly number[];
  /** Most candidate runs our adaptive loop may use (1 = no confirmation runs). */
  readonly maxCandidateRuns: number;
  readonly rules?: readonly CommonRule[];
}

export interface ScenarioRates {
  /** "A/A", "slow 10%", or the known change of a real pair. */
  readonly scenario: string;
  /** True change of the time (0 for A/A, 0.1 for a 10% slow-down, measured for real pairs). */
  readonly change: number;
  readonly trials: number;
  /** Alarms per rule id, "ours" included (our rule alarms on a `regression` verdict). */
  readonly alarms: Readonly<Record<string, number>>;
  /** Our verdicts on throughput over the trials. */
  readonly verdicts: Readonly<Partial<Record<VerdictKind, number>>>;
  /** Median minimum detectable effect our rule reported. */
  readonly medianMde: number;
  /** Trials where our verdict was inconclusive without an mde (should be zero). */
  readonly inconclusiveWithoutMde: number;
  /** Mean candidate runs our adaptive loop used (the common rules always use one). */
  readonly meanCandidateRuns: number;
}

export interface ConfigEvaluation {
  readonly source: string;
  readonly machine: string;
  readonly size: string;
  readonly config: string;
  /** Recorded runs (processes) available. */
  readonly runs: number;
  /** Baseline runs per trial. */
  readonly k: number;
  /** Between-run spread: SD of log per-run median e2e time, over all recorded runs. */
  readonly runNoise: number;
  /** Typical within-run spread: median over runs of the SD of log e2e time. */
  readonly iterationNoise: number;
  readonly scenarios: readonly ScenarioRates[];
  /** Set for a real pair: what changed between baseline and candidate. */
  readonly pair?: { readonly baseline: string; readonly candidate: string; readonly change: string };
}

export interface Evaluation {
  readonly rules: readonly { readonly id: string; readonly label: string }[];
  readonly configs: readonly ConfigEvaluation[];
}

export const OUR_RULE = { id: 'ours', label: 'llm-perf-gate (between-run t on per-run medians, margin, Holm)' };

/** Seeded, so the same samples always give the same rates. */
const prng = mulberry32;

function pick(n: number, k: number, rand: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, k);
}

type Config = ParsedSampleSet['configs'][number];

function runNoiseOf(c: Config): { runNoise: number; iterationNoise: number; centre: number } {
  const meds = c.runs.map((r) => Math.log(median(r.e2e_ms)));
  return {
    runNoise: Math.sqrt(variance(meds)),
    iterationNoise: median(c.runs.map((r) => Math.sqrt(variance(r.e2e_ms.map((x) => Math.log(x)))))),
    centre: Math.exp(median(meds)),
  };
}

interface Trial {
  readonly baselines: ResultDoc[];
  /** The first is what every rule sees; ours may add the others, one at a time, as the protocol would. */
  readonly candidates: ResultDoc[];
}

function scoreTrials(
  scenario: string,
  change: number,
  trials: readonly Trial[],
  options: EvalOptions,
  rules: readonly CommonRule[],
): ScenarioRates {
  const alarms: Record<string, number> = { [OUR_RULE.id]: 0 };
  for (const r of rules) alarms[r.id] = 0;
  const verdicts: Partial<Record<VerdictKind, number>> = {};
  const mdes: number[] = [];
  let noMde = 0;
  let usedRuns = 0;
  const tokS = (d: ResultDoc) => latencySeries('e2e_tok_s', d.benchmarks[0]?.iterations ?? []);
  for (const t of trials) {
    let used = 1;
    let cmp = compareRuns(t.baselines, t.candidates.slice(0, used), { gate: options.gate });
    while (used < t.candidates.length && configsNeedingMoreSamples(cmp).length > 0) {
      used++;
      cmp = compareRuns(t.baselines, t.candidates.slice(0, used), { gate: options.gate });
    }
    usedRuns += used;
    const m = cmp.configs[0]?.metrics.find((x) => x.metric === 'e2e_tok_s');
    const v: VerdictKind = m?.verdict ?? 'inconclusive';
    verdicts[v] = (verdicts[v] ?? 0) + 1;
    if (v === 'regression') alarms[OUR_RULE.id] = (alarms[OUR_RULE.id] ?? 0) + 1;
    if (m?.mde !== undefined) mdes.push(m.mde);
    if (v === 'inconclusive' && m?.mde === undefined) noMde++;
    const base = t.baselines.map(tokS);
    const cand = tokS(t.candidates[0] as ResultDoc);
    for (const r of rules) if (r.alarm(base, cand)) alarms[r.id] = (alarms[r.id] ?? 0) + 1;
  }
  return {
    scenario,
    change,
    trials: trials.length,
    alarms,
    verdicts,
    medianMde: mdes.length > 0 ? median(mdes) : NaN,
    inconclusiveWithoutMde: noMde,
    meanCandidateRuns: trials.length > 0 ? usedRuns / trials.length : 0,
  };
}

export function evaluateRules(
  sets: readonly { name: string; set: ParsedSampleSet }[],
  options: EvalOptions,
): Evaluation {
  const rules = options.rules ?? COMMON_RULES;
  const configs: ConfigEvaluation[] = [];
  for (const { name: source, set } of sets) {
    const byName = new Map(set.configs.map((c) => [c.name, c]));
    for (const c of set.configs) {
      if (c.runs.length < 3) continue;
      const m = Math.max(1, Math.min(options.maxCandidateRuns, c.runs.length - 2));
      const k = Math.min(options.baselineRuns, c.runs.length - m);
      const rand = prng(options.seed);
      const picks = Array.from({ length: options.trials }, () => pick(c.runs.length, k + m, rand));
      const scenario = (factor: number): Trial[] =>
        picks.map((p) => ({
          baselines: p.slice(0, k).map((i) => runToResultDoc(c, c.runs[i] as Config['runs'][number])),
          candidates: p.slice(k).map((i) => runToResultDoc(c, c.runs[i] as Config['runs'][number], factor)),
        }));
      const scenarios = [
        scoreTrials('A/A', 0, scenario(1), options, rules),
        ...options.slowdowns.map((s) =>
          scoreTrials(`slow ${Math.round(s * 100)}%`, s, scenario(1 + s), options, rules),
        ),
      ];
      const noise = runNoiseOf(c);
      configs.push({
        source,
        machine: set.source.machine,
        size: c.size,
        config: c.name,
        runs: c.runs.length,
        k,
        runNoise: noise.runNoise,
        iterationNoise: noise.iterationNoise,
        scenarios,
      });
    }
    for (const pair of set.pairs) {
      let a = byName.get(pair.baseline);
      let b = byName.get(pair.candidate);
      if (!a || !b || a.runs.length < 2 || b.runs.length < 1) continue;
      // Orient the pair so the candidate is the slower side: the rules look for regressions.
      let change = pair.change;
      if (runNoiseOf(b).centre < runNoiseOf(a).centre) {
        [a, b] = [b, a];
        change = `${pair.change} (reversed: candidate is the slower side)`;
      }
      const base = a;
      const cand = b;
      const k = Math.min(options.baselineRuns, base.runs.length);
      const rand = prng(options.seed);
      const m = Math.min(options.maxCandidateRuns, cand.runs.length);
      const trials: Trial[] = Array.from({ length: options.trials }, () => {
        const p = pick(base.runs.length, k, rand);
        const q = pick(cand.runs.length, m, rand);
        return {
          baselines: p.map((i) => runToResultDoc(cand, base.runs[i] as Config['runs'][number])),
          candidates: q.map((i) => runToResultDoc(cand, cand.runs[i] as Config['runs'][number])),
        };
      });
      const trueChange = runNoiseOf(cand).centre / runNoiseOf(base).centre - 1;
      const noise = runNoiseOf(base);
      configs.push({
        source,
        machine: set.source.machine,
        size: base.size,
        config: `${base.name} → ${cand.name}`,
        runs: base.runs.length + cand.runs.length,
        k,
        runNoise: noise.runNoise,
        iterationNoise: noise.iterationNoise,
        scenarios: [scoreTrials(change, trueChange, trials, options, rules)],
        pair: { baseline: base.name, candidate: cand.name, change },
      });
    }
  }
  return { rules: [OUR_RULE, ...rules.map((r) => ({ id: r.id, label: r.label }))], configs };
}
