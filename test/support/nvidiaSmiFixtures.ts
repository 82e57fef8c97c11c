// Reads the nvidia-smi fixtures (fixtures/nvidia-smi/) and builds GpuTelemetry from them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from '../../src/process/index.js';
import type { GpuAppsSample, GpuTelemetry, StartChild } from '../../src/telemetry/gpuSampler.js';
import { parseGpuSampleLine } from '../../src/telemetry/nvidiaSmi.js';

export const NVIDIA_SMI_FIXTURES = fileURLToPath(new URL('../../fixtures/nvidia-smi/', import.meta.url));
export const FAKE_NVIDIA_SMI = fileURLToPath(new URL('./fakeNvidiaSmi.mjs', import.meta.url));

/** A fixture file without its trailing "# exit=N" line. */
export function fixtureText(scenario: string, file: string): string {
  return readFileSync(path.join(NVIDIA_SMI_FIXTURES, scenario, file), 'utf8').replace(/^# exit=\d+\n?$/m, '');
}

export function fixtureExitCode(scenario: string, file: string): number {
  const m = /^# exit=(\d+)$/m.exec(readFileSync(path.join(NVIDIA_SMI_FIXTURES, scenario, file), 'utf8'));
  return m ? Number(m[1]) : 0;
}

export function gpuTelemetryFromFixture(
  scenario: string,
  loopFile = 'loop.txt',
  apps: GpuAppsSample[] = [],
  errors: string[] = [],
): GpuTelemetry {
  const samples = fixtureText(scenario, loopFile)
    .split('\n')
    .map((l, i) => parseGpuSampleLine(l, i * 200))
    .filter((s) => s !== undefined);
  const first = samples[0];
  return {
    gpu: { index: 0, uuid: first?.uuid ?? 'GPU-x', name: 'NVIDIA H100 80GB HBM3' },
    interval_ms: 200,
    duration_ms: samples.length * 200,
    samples,
    apps,
    errors,
  };
}

/** Starts the fake nvidia-smi on a scenario folder, whatever command is asked for. */
export function fakeStart(scenario: string, env: Record<string, string> = {}): StartChild {
  return (spec) =>
    startChild({
      ...spec,
      command: process.execPath,
      args: [FAKE_NVIDIA_SMI, ...spec.args],
      env: { ...process.env, FAKE_NVIDIA_SMI_DIR: path.join(NVIDIA_SMI_FIXTURES, scenario), ...env },
    });
}
