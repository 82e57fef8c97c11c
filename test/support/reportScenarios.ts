// Report inputs for every verdict kind, shared by the markdown and terminal snapshot tests.
import type { ReportInput } from '../../src/report/types.js';
import type { VerdictKind } from '../../src/stats/types.js';
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

function base(configs: Parameters<typeof comparison>[0], extra: Partial<ReportInput> = {}): ReportInput {
  const c = comparison(configs);
  return {
    comparison: c,
    gate: gateFor(c),
    baselines: [
      resultDoc([benchmark('gpt2-fp32', around(96.2))], { sha: 'aaaaaaa1111111111111111111111111111111111' }),
    ],
    candidates: [
      resultDoc([benchmark('gpt2-fp32', around(95.8))], { sha: 'bbbbbbb2222222222222222222222222222222222' }),
    ],
    reproduceCommand: REPRODUCE,
    acceptLabel: 'perf-regression-accepted',
    ...extra,
  };
}

export const SCENARIOS: Readonly<Record<VerdictKind | 'accepted' | 'ab-mismatch', () => ReportInput>> = {
  regression: () =>
    base([typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8), typicalConfig('gpt2-fp16', 'regression', 99.6, 88.1)]),
  improvement: () => base([typicalConfig('gpt2-fp16', 'improvement', 99.6, 121.3)]),
  unchanged: () =>
    base([typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8), typicalConfig('gpt2-fp16', 'unchanged', 99.6, 100.1)]),
  inconclusive: () => base([typicalConfig('gpt2-int8', 'inconclusive', 32.7, 30.9)]),
  new: () =>
    base([
      configComparison('mistral-fa2', 'new', [
        metricVerdict('e2e_tok_s', 'new', undefined, 20.4),
        metricVerdict('gpu_process_peak_mib', 'new', undefined, 14800),
      ]),
    ]),
  missing: () =>
    base([configComparison('mistral-sdpa', 'missing', [], {}), typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8)]),
  failed: () => {
    const input = base([
      configComparison('mistral-nf4', 'failed', [], {
        error: {
          kind: 'dependency-missing',
          message: 'bitsandbytes is not installed (config mistral-nf4 needs it for quantization: nf4)',
          stderr_tail:
            'Traceback (most recent call last):\n  File "harness.py", line 12\nModuleNotFoundError: No module named \'bitsandbytes\'\n',
        },
      }),
      typicalConfig('gpt2-fp32', 'unchanged', 96.2, 95.8),
    ]);
    return {
      ...input,
      gate: {
        failed: true,
        policy: 'regression-or-failed',
        failing: [{ name: 'mistral-nf4', reason: 'the benchmark failed' }],
        accepted: false,
      },
      candidates: [
        resultDoc(
          [benchmark('gpt2-fp32', around(95.8)), failedBenchmark('mistral-nf4', 'bitsandbytes is not installed')],
          { sha: 'bbbbbbb2222222222222222222222222222222222' },
        ),
      ],
    };
  },
  accepted: () => {
    const input = base([typicalConfig('gpt2-fp16', 'regression', 99.6, 88.1)]);
    return { ...input, gate: gateFor(input.comparison, { accepted: true }) };
  },
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
    return {
      ...base(configs),
      comparison: c,
      gate: gateFor(c),
      title: 'Perf gate (A/B)',
      configPath: 'bench/perf-gate.yml',
    };
  },
};
