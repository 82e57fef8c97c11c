import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeClockEventReasons,
  parseComputeApps,
  parseCudaVersion,
  parseGpuInfo,
  parseGpuSampleLine,
  saysInvalidField,
  saysNoDevices,
} from '../../../src/telemetry/nvidiaSmi.js';
import { fixtureExitCode, fixtureText } from '../../support/nvidiaSmiFixtures.js';

void test('parses every line of the loop recorded on the H200 under load', () => {
  const lines = fixtureText('recorded-h200', 'loop-loaded.txt').trim().split('\n');
  const samples = lines.map((l) => parseGpuSampleLine(l, 0));
  assert.equal(samples.length, 15);
  assert.ok(samples.every((s) => s !== undefined));
  const s = samples[0]!;
  assert.equal(s.index, 0);
  assert.equal(s.uuid, 'GPU-924865f5-b4a1-5d2c-b4e2-e87feebd73f4');
  assert.equal(s.timestamp, '2026/11/26 05:13:14.447');
  assert.equal(s.sm_mhz, 1980);
  assert.equal(s.mem_mhz, 3201);
  assert.equal(s.temperature_c, 49);
  assert.equal(s.power_w, 532.57);
  assert.equal(s.utilization_pct, 100);
  assert.equal(s.memory_used_mib, 3277);
  assert.equal(s.reasons_mask, '0x0000000000000000');
  assert.deepEqual(s.reasons, []);
});

void test('the idle recording shows the GPU-idle reason and falling clocks', () => {
  const samples = fixtureText('recorded-h200', 'loop-idle.txt')
    .trim()
    .split('\n')
    .map((l) => parseGpuSampleLine(l, 0)!);
  assert.ok(samples.every((s) => s.reasons.length === 1 && s.reasons[0] === 'gpu_idle'));
  assert.equal(samples[0]!.sm_mhz, 1980);
  assert.equal(samples.at(-1)!.sm_mhz, 345);
});

void test('decodes the clock-event bitmask bit by bit', () => {
  assert.deepEqual(decodeClockEventReasons('0x0000000000000048'), ['hw_slowdown', 'hw_thermal_slowdown']);
  assert.deepEqual(decodeClockEventReasons('0x0000000000000004'), ['sw_power_cap']);
  assert.deepEqual(decodeClockEventReasons('0x00000000000000A0'), ['sw_thermal_slowdown', 'hw_power_brake_slowdown']);
  assert.deepEqual(decodeClockEventReasons('0x0'), []);
  assert.deepEqual(decodeClockEventReasons('[N/A]'), []);
  assert.deepEqual(decodeClockEventReasons(null), []);
});

void test('unsupported values become null and foreign lines are skipped', () => {
  const s = parseGpuSampleLine(
    '0, GPU-abc, 2025/01/01 00:00:00.000, 1410, 1215, 40, [N/A], 5, 100, [Not Supported]',
    7,
  );
  assert.ok(s);
  assert.equal(s.power_w, null);
  assert.equal(s.reasons_mask, null);
  assert.deepEqual(s.reasons, []);
  assert.equal(s.t_ms, 7);
  assert.equal(parseGpuSampleLine('No devices were found', 0), undefined);
  assert.equal(parseGpuSampleLine('', 0), undefined);
  assert.equal(parseGpuSampleLine('x, GPU-abc, t, 1, 2, 3, 4, 5, 6, 0x0', 0), undefined);
});

void test('reads the recorded environment query, header and process list', () => {
  assert.deepEqual(parseGpuInfo(fixtureText('recorded-h200', 'info.txt')), [
    {
      index: 0,
      name: 'NVIDIA H200',
      memory_total_mib: 143771,
      driver_version: '580.159.04',
      uuid: 'GPU-924865f5-b4a1-5d2c-b4e2-e87feebd73f4',
    },
  ]);
  assert.equal(parseCudaVersion(fixtureText('recorded-h200', 'header.txt')), '13.0');
  assert.equal(parseCudaVersion('no header'), null);
  assert.deepEqual(parseComputeApps(fixtureText('recorded-h200', 'apps-loop.txt')), [
    { pid: 460, used_mib: 3268, gpu_uuid: 'GPU-924865f5-b4a1-5d2c-b4e2-e87feebd73f4' },
    { pid: 460, used_mib: 3268, gpu_uuid: 'GPU-924865f5-b4a1-5d2c-b4e2-e87feebd73f4' },
  ]);
  assert.deepEqual(parseComputeApps(fixtureText('recorded-h200', 'apps-idle.txt')), []);
});

void test('recognises the recorded error messages', () => {
  assert.ok(saysNoDevices(fixtureText('recorded-h200', 'bad-index.txt')));
  assert.equal(fixtureExitCode('recorded-h200', 'bad-index.txt'), 6);
  assert.ok(saysInvalidField(fixtureText('recorded-h200', 'no-such-field.txt')));
  assert.equal(fixtureExitCode('recorded-h200', 'no-such-field.txt'), 2);
  assert.ok(!saysNoDevices(fixtureText('recorded-h200', 'info.txt')));
});
