// Pure parsers for nvidia-smi's CSV output (`--format=csv,noheader,nounits`), checked against
// outputs recorded on the GPU machine (fixtures/nvidia-smi/recorded-*).

/** Fields of the long-lived sampling process, in this order. */
export const GPU_SAMPLE_FIELDS = [
  'index',
  'uuid',
  'timestamp',
  'clocks.sm',
  'clocks.mem',
  'temperature.gpu',
  'power.draw',
  'utilization.gpu',
  'memory.used',
  'clocks_event_reasons.active',
] as const;

/** Drivers before 535 only know the old name of the clock-event bitmask. */
export const LEGACY_REASONS_FIELD = 'clocks_throttle_reasons.active';

export const GPU_INFO_FIELDS = ['index', 'name', 'memory.total', 'driver_version', 'uuid'] as const;

export const COMPUTE_APPS_FIELDS = ['pid', 'used_memory', 'gpu_uuid'] as const;

/** Clock-event reason bits of nvml.h (nvmlClocksEventReason*). */
export const CLOCK_EVENT_REASONS = [
  { bit: 0x1n, name: 'gpu_idle', label: 'GPU idle' },
  { bit: 0x2n, name: 'applications_clocks_setting', label: 'applications clocks setting' },
  { bit: 0x4n, name: 'sw_power_cap', label: 'SW power cap' },
  { bit: 0x8n, name: 'hw_slowdown', label: 'HW slowdown' },
  { bit: 0x10n, name: 'sync_boost', label: 'sync boost' },
  { bit: 0x20n, name: 'sw_thermal_slowdown', label: 'SW thermal slowdown' },
  { bit: 0x40n, name: 'hw_thermal_slowdown', label: 'HW thermal slowdown' },
  { bit: 0x80n, name: 'hw_power_brake_slowdown', label: 'HW power brake slowdown' },
  { bit: 0x100n, name: 'display_clock_setting', label: 'display clock setting' },
] as const;
export type ClockEventReason = (typeof CLOCK_EVENT_REASONS)[number]['name'];

/** The fields nvidia-smi answered: "[N/A]" and unsupported ones parse to null. */
export function answered(xs: readonly (number | null)[]): number[] {
  return xs.filter((x): x is number => x !== null);
}

export interface GpuSample {
  /** Milliseconds since the sampler started (arrival time of the line). */
  readonly t_ms: number;
  readonly index: number;
  readonly uuid: string;
  /** nvidia-smi's own timestamp, as printed. */
  readonly timestamp: string;
  readonly sm_mhz: number | null;
  readonly mem_mhz: number | null;
  readonly temperature_c: number | null;
  readonly power_w: number | null;
  readonly utilization_pct: number | null;
  readonly memory_used_mib: number | null;
  /** The raw bitmask, e.g. "0x0000000000000004", or null where not supported. */
  readonly reasons_mask: string | null;
  readonly reasons: readonly ClockEventReason[];
}

export interface GpuInfo {
  readonly index: number;
  readonly name: string;
  readonly memory_total_mib: number | null;
  readonly driver_version: string;
  readonly uuid: string;
}

export interface ComputeApp {
  readonly pid: number;
  readonly used_mib: number | null;
  readonly gpu_uuid: string;
}

function cells(line: string): string[] {
  return line.split(',').map((c) => c.trim());
}

/** "[N/A]", "[Not Supported]", "N/A" and empty cells are absent values. */
function num(cell: string | undefined): number | null {
  if (cell === undefined || cell === '' || cell.startsWith('[') || cell === 'N/A') return null;
  const v = Number(cell);
  return Number.isFinite(v) ? v : null;
}

export function decodeClockEventReasons(mask: string | null): ClockEventReason[] {
  if (mask === null || !/^0x[0-9a-f]+$/i.test(mask)) return [];
  const value = BigInt(mask);
  return CLOCK_EVENT_REASONS.filter((r) => (value & r.bit) !== 0n).map((r) => r.name);
}

export function reasonLabel(reason: ClockEventReason): string {
  return CLOCK_EVENT_REASONS.find((r) => r.name === reason)?.label ?? reason;
}

/** One line of the sampling loop, or undefined for anything else (errors, blank lines). */
export function parseGpuSampleLine(line: string, tMs: number): GpuSample | undefined {
  const c = cells(line);
  if (c.length !== GPU_SAMPLE_FIELDS.length) return undefined;
  const index = num(c[0]);
  if (index === null || !Number.isInteger(index) || !c[1]?.startsWith('GPU-')) return undefined;
  const rawMask = c[9] ?? '';
  const mask = /^0x[0-9a-f]+$/i.test(rawMask) ? rawMask : null;
  return {
    t_ms: tMs,
    index,
    uuid: c[1],
    timestamp: c[2] ?? '',
    sm_mhz: num(c[3]),
    mem_mhz: num(c[4]),
    temperature_c: num(c[5]),
    power_w: num(c[6]),
    utilization_pct: num(c[7]),
    memory_used_mib: num(c[8]),
    reasons_mask: mask,
    reasons: decodeClockEventReasons(mask),
  };
}

export function parseGpuInfo(text: string): GpuInfo[] {
  const out: GpuInfo[] = [];
  for (const line of text.split('\n')) {
    const c = cells(line);
    if (c.length !== GPU_INFO_FIELDS.length) continue;
    const index = num(c[0]);
    if (index === null || !c[4]?.startsWith('GPU-')) continue;
    out.push({
      index,
      name: c[1] ?? '',
      memory_total_mib: num(c[2]),
      driver_version: c[3] ?? '',
      uuid: c[4],
    });
  }
  return out;
}

export function parseComputeApps(text: string): ComputeApp[] {
  const out: ComputeApp[] = [];
  for (const line of text.split('\n')) {
    const c = cells(line);
    if (c.length !== COMPUTE_APPS_FIELDS.length) continue;
    const pid = num(c[0]);
    if (pid === null || !Number.isInteger(pid) || pid <= 0) continue;
    out.push({ pid, used_mib: num(c[1]), gpu_uuid: c[2] ?? '' });
  }
  return out;
}

/** "CUDA Version: 13.0" from the header of plain `nvidia-smi`. */
export function parseCudaVersion(header: string): string | null {
  return /CUDA Version:\s*([0-9][0-9.]*)/.exec(header)?.[1] ?? null;
}

/** nvidia-smi says this (exit code 6) when it sees no GPU, or none with the asked index. */
export function saysNoDevices(text: string): boolean {
  return /No devices were found/i.test(text);
}

export function saysInvalidField(text: string): boolean {
  return /is not a valid field to query/i.test(text);
}
