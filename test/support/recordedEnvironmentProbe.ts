// An EnvironmentProbe that answers from the nvidia-smi fixtures and given host facts.
import type { EnvironmentProbe, HostFacts } from '../../src/telemetry/environment.js';
import type { ExecResult } from '../../src/telemetry/execCommand.js';
import { fixtureExitCode, fixtureText } from './nvidiaSmiFixtures.js';

export const EPYC_HOST: HostFacts = {
  cpuModel: 'AMD EPYC 9454 48-Core Processor',
  cpuCores: 16,
  totalMemBytes: 128 * 2 ** 30 - 5 * 2 ** 20,
  platform: 'linux',
  release: '6.8.0-45-generic',
  arch: 'x64',
  nodeVersion: '20.19.4',
  env: {},
};

export interface RecordedProbeOptions {
  /** Scenario folder under fixtures/nvidia-smi, or "missing" for no nvidia-smi at all. */
  scenario: string;
  host?: Partial<HostFacts>;
  python?: ExecResult;
  files?: Record<string, string>;
  digests?: Record<string, string>;
  ortVersion?: string | null;
}

export function recordedProbe(o: RecordedProbeOptions): EnvironmentProbe & { calls: string[] } {
  const calls: string[] = [];
  const fromFixture = (file: string): ExecResult => ({
    code: fixtureExitCode(o.scenario, file),
    stdout: fixtureText(o.scenario, file),
    stderr: '',
  });
  return {
    calls,
    exec(command, args) {
      calls.push([command, ...args].join(' '));
      if (command === 'nvidia-smi') {
        if (o.scenario === 'missing')
          return Promise.resolve({ code: null, stdout: '', stderr: '', failure: 'not-found' as const });
        return Promise.resolve(fromFixture(args.length === 0 ? 'header.txt' : 'info.txt'));
      }
      return Promise.resolve(o.python ?? { code: null, stdout: '', stderr: '', failure: 'not-found' as const });
    },
    readFile: (p) => Promise.resolve(o.files?.[p]),
    host: () => ({ ...EPYC_HOST, ...o.host }),
    packageVersion: (name) => Promise.resolve(name === 'onnxruntime-node' ? (o.ortVersion ?? '1.30.0') : null),
    digestFile: (p) => Promise.resolve(o.digests?.[p] ?? null),
  };
}
