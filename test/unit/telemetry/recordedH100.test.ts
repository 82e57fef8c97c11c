// The parsers and the validity rules against what a real H100 printed (fixtures/nvidia-smi/recorded-h100,
// recorded by scripts/gpu/telemetry-check.sh): raw nvidia-smi outputs, and the JSON the bundled CLI's
// `telemetry-probe` wrote on the same machine a few seconds later.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { GpuAppsSample } from '../../../src/telemetry/gpuSampler.js';
import {
  GPU_SAMPLE_FIELDS,
  parseComputeApps,
  parseCudaVersion,
  parseGpuInfo,
  parseGpuSampleLine,
  saysInvalidField,
  saysNoDevices,
} from '../../../src/telemetry/nvidiaSmi.js';
import { assessRunValidity } from '../../../src/telemetry/runValidity.js';
import {
  NVIDIA_SMI_FIXTURES,
  fixtureExitCode,
  fixtureText,
  gpuTelemetryFromFixture,
} from '../../support/nvidiaSmiFixtures.js';

const REC = 'recorded-h100';
const UUID = 'GPU-b059c861-f9e5-0779-f07a-c75d3cdcba00';
/** The PyTorch load process of the recording (load.txt, pids.txt). */
const LOAD_PID = 477;

interface ProbeJson {
  telemetry: { gpu_shared: boolean; gpu_throttled: boolean; notes: string[]; summary: Record<string, unknown> };
  gpu_process_peak_mib: number | null;
}

function probe(name: string): ProbeJson {
  return JSON.parse(readFileSync(path.join(NVIDIA_SMI_FIXTURES, REC, `${name}.json`), 'utf8')) as ProbeJson;
}

function samples(file: string) {
  return fixtureText(REC, file)
    .trim()
    .split('\n')
    .map((l) => parseGpuSampleLine(l, 0));
}

/** The recorded one-shot compute-app poll, repeated as the sampler's polls (each line = one poll). */
function recordedPolls(own: number[]): GpuAppsSample[] {
  return parseComputeApps(fixtureText(REC, 'apps-loop.txt')).map((a, i) => ({
    t_ms: i * 1000,
    apps: [{ pid: a.pid, used_mib: a.used_mib, visible: true }],
    own,
  }));
}

void test('the H100 identifies itself: name, memory, driver, CUDA version', () => {
  assert.deepEqual(parseGpuInfo(fixtureText(REC, 'info.txt')), [
    { index: 0, name: 'NVIDIA H100 80GB HBM3', memory_total_mib: 81559, driver_version: '580.159.04', uuid: UUID },
  ]);
  assert.equal(parseCudaVersion(fixtureText(REC, 'header.txt')), '13.0');
});

void test('driver 580 knows every field the sampling loop asks for', () => {
  const help = fixtureText(REC, 'reasons-supported.txt');
  for (const field of GPU_SAMPLE_FIELDS)
    assert.ok(help.includes(`"${field}"`), `${field} missing from --help-query-gpu`);
});

void test('under load: every loop line parses, at 1980 MHz and about 556 W, with no clock-event reason', () => {
  const s = samples('loop-loaded.txt');
  assert.equal(s.length, 15);
  assert.ok(s.every((x) => x !== undefined));
  for (const x of s) {
    assert.equal(x!.uuid, UUID);
    assert.equal(x!.sm_mhz, 1980);
    assert.equal(x!.mem_mhz, 2619);
    assert.equal(x!.utilization_pct, 100);
    assert.equal(x!.memory_used_mib, 3277);
    assert.equal(x!.reasons_mask, '0x0000000000000000');
    assert.deepEqual(x!.reasons, []);
    assert.ok(x!.power_w! > 550 && x!.power_w! < 570, `power ${x!.power_w}`);
  }
  assert.equal(s[0]!.timestamp, '2026/11/26 06:04:47.228');
  assert.equal(s[0]!.power_w, 556.03);
  assert.equal(s.at(-1)!.temperature_c, 55);
  const v = assessRunValidity({ gpu: gpuTelemetryFromFixture(REC, 'loop-loaded.txt') });
  assert.equal(v.gpu_throttled, false);
  assert.equal(v.summary.sm_clock_mhz_median, 1980);
  assert.equal(v.summary.throttle_samples, 0);
  assert.equal(v.summary.clock_event_reasons, null);
});

void test('idle: the GPU-idle bit is set on every sample and is not treated as throttling', () => {
  const s = samples('loop-idle.txt');
  assert.equal(s.length, 15);
  for (const x of s) {
    assert.equal(x!.reasons_mask, '0x0000000000000001');
    assert.deepEqual(x!.reasons, ['gpu_idle']);
    assert.equal(x!.sm_mhz, 345);
    assert.equal(x!.utilization_pct, 0);
  }
  const v = assessRunValidity({ gpu: gpuTelemetryFromFixture(REC, 'loop-idle.txt') });
  assert.equal(v.gpu_throttled, false);
  assert.deepEqual(v.notes, []);
  assert.equal(v.summary.throttle_samples, 0);
  assert.equal(v.summary.clock_event_reasons, 'gpu_idle:15');
  // The probe taken when the load had just ended agrees: idle bit seen, run not marked.
  const idle = probe('probe-idle').telemetry;
  assert.equal(idle.gpu_throttled, false);
  assert.equal(idle.summary.clock_event_reasons, 'gpu_idle:10');
});

void test('compute apps: none idle, the PyTorch process with 3268 MiB under load', () => {
  assert.deepEqual(parseComputeApps(fixtureText(REC, 'apps-idle.txt')), []);
  const loaded = { pid: LOAD_PID, used_mib: 3268, gpu_uuid: UUID };
  assert.deepEqual(parseComputeApps(fixtureText(REC, 'apps-loaded.txt')), [loaded]);
  assert.deepEqual(parseComputeApps(fixtureText(REC, 'apps-loop.txt')), [loaded, loaded, loaded, loaded]);
  // The pid nvidia-smi reported is the one PyTorch printed: one pid namespace on that machine.
  assert.match(fixtureText(REC, 'load.txt'), new RegExp(`^load pid ${LOAD_PID}$`, 'm'));
  assert.match(fixtureText(REC, 'pids.txt'), new RegExp(`load pid ${LOAD_PID}\\b`));
});

void test('the recorded stranger process marks the GPU shared, with the note the real probe printed', () => {
  const shared = assessRunValidity({
    gpu: gpuTelemetryFromFixture(REC, 'loop-loaded.txt', recordedPolls([431])),
  });
  assert.equal(shared.gpu_shared, true);
  assert.equal(shared.summary.other_processes, 1);
  assert.deepEqual(shared.notes, probe('probe-shared').telemetry.notes);
  assert.deepEqual(shared.notes, ['another process (pid 477, 3.2 GiB) shared the GPU in 4 of 4 process polls']);
  assert.equal(probe('probe-shared').telemetry.gpu_shared, true);

  // Named as ours (`telemetry-probe --pid 477`): no sharing, as the probe found.
  const own = assessRunValidity({
    gpu: gpuTelemetryFromFixture(REC, 'loop-loaded.txt', recordedPolls([431, LOAD_PID])),
  });
  assert.equal(own.gpu_shared, false);
  assert.deepEqual(own.notes, []);
  const ownProbe = probe('probe-own');
  assert.equal(ownProbe.telemetry.gpu_shared, false);
  assert.equal(ownProbe.gpu_process_peak_mib, 3268);
});

void test('recorded errors: an unknown index and an unknown field', () => {
  assert.ok(saysNoDevices(fixtureText(REC, 'bad-index.txt')));
  assert.equal(fixtureExitCode(REC, 'bad-index.txt'), 6);
  assert.ok(saysInvalidField(fixtureText(REC, 'no-such-field.txt')));
  assert.ok(!saysNoDevices(fixtureText(REC, 'no-such-field.txt')));
  assert.equal(fixtureExitCode(REC, 'no-such-field.txt'), 2);
  // The loops were stopped by `timeout` (124) while still printing.
  assert.equal(fixtureExitCode(REC, 'loop-loaded.txt'), 124);
  assert.ok(!saysNoDevices(fixtureText(REC, 'info.txt')));
});
