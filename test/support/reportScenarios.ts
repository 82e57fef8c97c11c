// Report inputs for every headline state and verdict kind, shared by the markdown, terminal and
// browser tests. The gate's decision (and so every failure reason) comes from the production gate.
import type { ReportInput } from '../../src/report/types.js';
import type { BaselineProvenance, Comparison, ConfigComparison } from '../../src/stats/types.js';
import {
  around,
  benchmark,
  comparison,
  configComparison,
  failedBenchmark,
  gateFor,
  metricVerdict,
  resultDoc,
  typicalConfig,
} from './reportBuilders.js';

const REPRODUCE = 'npx llm-perf-gate run --config perf-gate.yml --out .perf-gate/results.json';
const BASE_SHA = 'aaaaaaa1111111111111111111111111111111111';
const HEAD_SHA = 'bbbbbbb2222222222222222222222222222222222';

function input(
  c: Comparison,
  extra: Partial<ReportInput> & { accepted?: boolean; baselineOptional?: boolean } = {},
): ReportInput {
  const { accepted, baselineOptional, ...rest } = extra;
  return {
    comparison: c,
    gate: gateFor(c, { accepted: accepted ?? false, baselineOptional: baselineOptional ?? false }),
    baselines: [resultDoc([benchmark('gpt2-fp32', around(96.2))], { sha: BASE_SHA })],
    candidates: [resultDoc([benchmark('gpt2-fp32', around(95.8))], { sha: HEAD_SHA })],
    reproduceCommand: REPRODUCE,
    acceptLabel: 'perf-regression-accepted',
    ...rest,
  };
}

function crash(name: string, message: string): Parameters<typeof configComparison>[3] {
  return {
    error: {
      kind: 'crash',
      message,
      stderr_tail: `Traceback (most recent call last):\n  File "harness.py", line 12\nRuntimeError: ${message}\n`,
    },
  };
}

const CACHE_MISS: BaselineProvenance = {
  store: 'actions-cache',
  status: 'unavailable',
  reason:
    'cache miss for key llm-perf-gate-v1-main-3f2a (GitHub evicts cache entries unread for 7 days): run the workflow on a push to main to store one',
};

export const SCENARIOS = {
  regression: () =>
    input(
      comparison([
        typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
        typicalConfig('gpt2-fp16', 'regression', 99.6, 88.1),
      ]),
    ),
  improvement: () => input(comparison([typicalConfig('gpt2-fp16', 'improvement', 99.6, 121.3)])),
  unchanged: () =>
    input(
      comparison([
        typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
        typicalConfig('gpt2-fp16', 'unchanged', 99.6, 100.1),
      ]),
    ),
  undecided: () =>
    input(
      comparison([
        typicalConfig('gpt2-int8', 'inconclusive', 32.7, 30.9),
        typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
        typicalConfig('gpt2-fp16', 'unchanged', 99.6, 100.1),
      ]),
    ),
  new: () =>
    input(
      comparison([
        configComparison('mistral-fa2', 'new', [
          metricVerdict('e2e_tok_s', 'new', undefined, 20.4, { method: 'no baseline' }),
          metricVerdict('gpu_process_peak_mib', 'new', undefined, 14800, { method: 'no baseline' }),
        ]),
        typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
      ]),
    ),
  missing: () =>
    input(
      comparison([
        configComparison('mistral-sdpa', 'missing', []),
        typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
      ]),
    ),
  failed: () =>
    input(
      comparison([
        configComparison('mistral-nf4', 'failed', [], {
          error: {
            kind: 'dependency-missing',
            message: 'bitsandbytes is not installed (config mistral-nf4 needs it for quantization: nf4)',
            stderr_tail:
              'Traceback (most recent call last):\n  File "harness.py", line 12\nModuleNotFoundError: No module named \'bitsandbytes\'\n',
          },
        }),
        typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
      ]),
      {
        candidates: [
          resultDoc(
            [benchmark('gpt2-fp32', around(95.8)), failedBenchmark('mistral-nf4', 'bitsandbytes is not installed')],
            {
              sha: HEAD_SHA,
            },
          ),
        ],
      },
    ),
  /** The engine crashed on every config: nothing was measured. */
  crashed: () =>
    input(
      comparison([
        configComparison('gpt2-fp32', 'failed', [], crash('gpt2-fp32', 'CUDA error: no kernel image is available')),
        configComparison('gpt2-fp16', 'failed', [], crash('gpt2-fp16', 'CUDA error: no kernel image is available')),
      ]),
      {
        candidates: [
          resultDoc([failedBenchmark('gpt2-fp32', 'CUDA error'), failedBenchmark('gpt2-fp16', 'CUDA error')], {
            sha: HEAD_SHA,
          }),
        ],
      },
    ),
  /** The stored baseline was evicted from the Actions cache: every config is new. */
  'cache-miss': () => {
    const configs = ['gpt2-fp32', 'gpt2-fp16'].map((name) =>
      configComparison(name, 'new', [
        metricVerdict('e2e_tok_s', 'new', undefined, 96.2, { method: 'no baseline' }),
        metricVerdict('gpu_process_peak_mib', 'new', undefined, 14520, { method: 'no baseline' }),
      ]),
    );
    return input(comparison(configs, { baselineRuns: 0, commits: { candidate: HEAD_SHA }, baseline: CACHE_MISS }), {
      baselines: [],
    });
  },
  accepted: () => input(comparison([typicalConfig('gpt2-fp16', 'regression', 99.6, 88.1)]), { accepted: true }),
  'ab-mismatch': () => {
    const configs = [
      configComparison('gpt2-fp16', 'unchanged', [metricVerdict('e2e_tok_s', 'unchanged', 99.6, 98.9)], {
        tokensChanged: true,
        validity: ['GPU throttled (HW thermal slowdown in 3 of 40 samples)'],
      }),
    ];
    const c = comparison(configs, {
      mode: 'ab',
      baselineRuns: 3,
      candidateRuns: 3,
      noiseFloor: { e2e_tok_s: 0.021, ttft_ms: 0.034 },
      fingerprint: {
        match: false,
        policy: 'warn',
        differences: [
          { field: 'driver_version', baseline: '550.54.15', candidate: '555.42.02' },
          { field: 'torch_version', baseline: '2.4.1', candidate: null },
        ],
        baselineMachine: 'NVIDIA A100-SXM4-40GB',
        candidateMachine: 'NVIDIA H100 80GB HBM3',
      },
    });
    return input(c, { title: 'Perf gate (A/B)', configPath: 'bench/perf-gate.yml' });
  },
  /** Trial-level A/B: trials run, workers per side, time used and why each config stopped. */
  trials: () => {
    const trial = (run: number, seconds: number, stopReason: 'decided' | 'budget-time') => ({
      trials: { run, workersPerSide: 3, seconds, stopReason, rotated: false },
    });
    const configs = [
      configComparison(
        'gpt2-fp16',
        'regression',
        [metricVerdict('e2e_tok_s', 'regression', 99.6, 93.4)],
        trial(27, 184, 'decided'),
      ),
      configComparison(
        'gpt2-fp32',
        'inconclusive',
        [metricVerdict('e2e_tok_s', 'inconclusive', 96.2, 94.9, { ci: [-0.061, 0.034], mde: 0.07 })],
        trial(60, 600, 'budget-time'),
      ),
      configComparison(
        'gpt2-int8',
        'unchanged',
        [metricVerdict('e2e_tok_s', 'unchanged', 32.7, 32.8)],
        trial(33, 95, 'decided'),
      ),
    ];
    return input(
      comparison(configs, {
        mode: 'ab',
        baselineRuns: 3,
        candidateRuns: 3,
        baseline: { store: 'ab', status: 'found' },
      }),
    );
  },
} satisfies Record<string, () => ReportInput>;

/** 200 configs (ten sweep groups of two models), 4 regressions and 5 undecided among them. */
export function twoHundredConfigs(): ReportInput {
  const configs: ConfigComparison[] = [];
  const benchmarks = [];
  for (let i = 0; i < 200; i++) {
    // Ten sweep groups (two models) of 5 batch sizes × 4 prompt lengths, as a sweep config expands.
    const group = `model-${Math.floor(i / 100)}-variant-${Math.floor(i / 20) % 5}`;
    const params = { batch_size: [1, 4, 8, 16, 32][i % 5] ?? 1, prompt_tokens: 128 * (1 + (Math.floor(i / 5) % 4)) };
    const name = `${group}-b${params.batch_size}-p${params.prompt_tokens}`;
    const kind = i % 50 === 7 ? 'regression' : i % 40 === 3 ? 'inconclusive' : 'unchanged';
    configs.push(typicalConfig(name, kind, 100 + i, kind === 'regression' ? 80 + i : 100 + i - (i % 9) * 0.4));
    benchmarks.push(
      benchmark(name, around(params.batch_size * (10 + (i % 7))), {
        batch: params.batch_size,
        sweep: { group, params },
        labels: { model: `model-${Math.floor(i / 100)}` },
        memory: [{ metric: 'gpu_process_peak_mib', value_mib: 1000 + i, source: 'nvidia-smi' }],
      }),
    );
  }
  const c = comparison(configs);
  return {
    comparison: c,
    gate: gateFor(c),
    baselines: [],
    candidates: [resultDoc(benchmarks)],
    reproduceCommand: 'llm-perf-gate run',
    acceptLabel: 'perf-regression-accepted',
  };
}

/** Names, errors, labels and commands that try to break out of the markdown. */
export const HOSTILE_NAME = 'x|y`z` <img src=x onerror=alert(1)> @octocat\n# heading [link](http://evil) **b**';

export function hostileNames(): ReportInput {
  const configs = [
    typicalConfig(HOSTILE_NAME, 'regression', 100, 80),
    typicalConfig('名前-設定-ｆｕｌｌｗｉｄｔｈ-' + 'w'.repeat(80), 'unchanged', 50, 50.5),
    typicalConfig('"]; click x "javascript:alert(1)', 'unchanged', 70, 69.5),
    configComparison('</details><script>alert(1)</script>', 'failed', [], {
      error: {
        kind: 'crash',
        message: 'boom | @admin <b>bold</b>\n```',
        stderr_tail: '```\n</details>\n@team ping\n\u001b[31mred\u001b[0m',
      },
    }),
  ];
  const c = comparison(configs);
  return {
    comparison: c,
    gate: gateFor(c),
    baselines: [],
    candidates: [],
    reproduceCommand: 'llm-perf-gate run --config "a`b.yml"',
    acceptLabel: 'perf`accept @x',
    title: '<h1>@everyone</h1>',
  };
}
