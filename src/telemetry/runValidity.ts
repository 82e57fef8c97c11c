// Was a run clean? Pure: turns GPU samples and host load into the result's `telemetry` block, with
// flags the statistics act on (throttled, shared GPU, busy host) and notes a reader can act on.
import type { Telemetry } from '../result/schema.js';
import { median } from '../stats/descriptive.js';
import type { GpuTelemetry } from './gpuSampler.js';
import type { HostLoadSummary } from './hostLoad.js';
import { answered, CLOCK_EVENT_REASONS, reasonLabel, type ClockEventReason } from './nvidiaSmi.js';

/** Reasons that halve clocks or follow overheating: one sample is enough to mark the run. */
const SEVERE: readonly ClockEventReason[] = [
  'hw_slowdown',
  'hw_thermal_slowdown',
  'sw_thermal_slowdown',
  'hw_power_brake_slowdown',
];
/** The software power cap trims clocks a little under heavy load; it marks a run past this share. */
const POWER_CAP_SHARE = 0.1;
/** Informational: a fixed setting or an idle GPU, not a change in the machine's state. */
const BENIGN: readonly ClockEventReason[] = [
  'gpu_idle',
  'applications_clocks_setting',
  'sync_boost',
  'display_clock_setting',
];

export interface ValidityInput {
  readonly gpu?: GpuTelemetry | undefined;
  readonly host?: HostLoadSummary | undefined;
  /** Pids of this run besides those recorded with each sample (e.g. the engine's reported pid). */
  readonly ownPids?: readonly number[];
  /** Why a source is missing, e.g. "GPU telemetry off: nvidia-smi not found". */
  readonly notes?: readonly string[];
}

type Scalar = string | number | boolean | null;

/** The median, or null (no value in the result file) when nvidia-smi never answered the field. */
function medianOrNull(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : median(xs);
}

function formatMiB(mib: number): string {
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${Math.round(mib)} MiB`;
}

function assessThrottle(gpu: GpuTelemetry, notes: string[], summary: Record<string, Scalar>): boolean {
  const n = gpu.samples.length;
  const counts = new Map<ClockEventReason, number>();
  for (const s of gpu.samples) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  let throttled = false;
  let throttleSamples = 0;
  for (const s of gpu.samples) {
    if (s.reasons.some((r) => SEVERE.includes(r) || r === 'sw_power_cap')) throttleSamples += 1;
  }
  // Fixed nvml order, so notes read the same from run to run.
  for (const { name } of CLOCK_EVENT_REASONS) {
    const c = counts.get(name) ?? 0;
    if (c === 0 || BENIGN.includes(name)) continue;
    const marks = SEVERE.includes(name) || c / n >= POWER_CAP_SHARE;
    throttled ||= marks;
    notes.push(`GPU ${reasonLabel(name)} in ${c} of ${n} samples${marks ? '' : ' (below the 10% that marks a run)'}`);
  }
  summary.throttle_samples = throttleSamples;
  summary.clock_event_reasons = [...counts].map(([r, c]) => `${r}:${c}`).join(', ') || null;
  return throttled;
}

function assessSharing(
  gpu: GpuTelemetry,
  extraOwn: readonly number[],
  notes: string[],
  summary: Record<string, Scalar>,
): boolean {
  const others = new Map<number, { polls: number; peak: number }>();
  const unattributed = new Map<number, number>();
  let ownSeen = false;
  let sharedPolls = 0;
  for (const poll of gpu.apps) {
    const own = new Set([...poll.own, ...extraOwn]);
    const hasOwn = poll.apps.some((a) => own.has(a.pid));
    ownSeen ||= hasOwn;
    let shared = false;
    for (const a of poll.apps) {
      if (own.has(a.pid)) continue;
      // A pid that does not exist here may be ours seen from the host's pid namespace (containers);
      // it only counts as foreign when this poll also shows our own pid, so namespaces agree.
      if (a.visible || hasOwn) {
        const o = others.get(a.pid) ?? { polls: 0, peak: 0 };
        others.set(a.pid, { polls: o.polls + 1, peak: Math.max(o.peak, a.used_mib ?? 0) });
        shared = true;
      } else {
        unattributed.set(a.pid, Math.max(unattributed.get(a.pid) ?? 0, a.used_mib ?? 0));
      }
    }
    if (shared) sharedPolls += 1;
  }
  const polls = gpu.apps.length;
  summary.process_polls = polls;
  summary.other_processes = others.size;
  const listed = [...others].sort((a, b) => b[1].peak - a[1].peak).slice(0, 3);
  if (listed.length > 0) {
    const who = listed.map(([pid, o]) => `pid ${pid}, ${formatMiB(o.peak)}`).join('; ');
    const more = others.size > listed.length ? ` and ${others.size - listed.length} more` : '';
    const subject = others.size === 1 ? 'another process' : `${others.size} other processes`;
    notes.push(`${subject} (${who}${more}) shared the GPU in ${sharedPolls} of ${polls} process polls`);
  }
  if (unattributed.size > 0 && !ownSeen) {
    const pids = [...unattributed.keys()].slice(0, 3).join(', ');
    notes.push(
      `GPU processes (pid ${pids}) are not visible from this pid namespace, so whether the GPU was shared is unknown`,
    );
  }
  return others.size > 0;
}

export function assessRunValidity(input: ValidityInput): Telemetry {
  const notes: string[] = [...(input.notes ?? [])];
  const summary: Record<string, Scalar> = {};
  let throttled = false;
  let shared = false;
  const gpu = input.gpu;
  if (gpu) {
    const s = gpu.samples;
    Object.assign(summary, {
      gpu_name: gpu.gpu.name || null,
      gpu_index: gpu.gpu.index,
      gpu_samples: s.length,
      gpu_interval_ms: gpu.interval_ms,
      sm_clock_mhz_median: medianOrNull(answered(s.map((x) => x.sm_mhz))),
      sm_clock_mhz_min: minOrNull(answered(s.map((x) => x.sm_mhz))),
      mem_clock_mhz_median: medianOrNull(answered(s.map((x) => x.mem_mhz))),
      temperature_c_max: maxOrNull(answered(s.map((x) => x.temperature_c))),
      power_w_median: medianOrNull(answered(s.map((x) => x.power_w))),
      power_w_max: maxOrNull(answered(s.map((x) => x.power_w))),
      utilization_pct_median: medianOrNull(answered(s.map((x) => x.utilization_pct))),
      gpu_memory_used_mib_max: maxOrNull(answered(s.map((x) => x.memory_used_mib))),
    });
    if (s.length > 0) throttled = assessThrottle(gpu, notes, summary);
    shared = assessSharing(gpu, input.ownPids ?? [], notes, summary);
    for (const e of gpu.errors) notes.push(`GPU telemetry: ${e}`);
  }
  const host = input.host;
  if (host) {
    Object.assign(summary, {
      host_cpus: host.cpus,
      host_others_cpus: host.others_cpus,
      host_others_share: host.others_share,
      host_steal_share: host.steal_share,
      host_load1_max: host.load1_max,
      host_samples: host.samples,
    });
    if (host.busy) {
      const steal = host.steal_share >= 0.1 ? `, hypervisor steal ${Math.round(host.steal_share * 100)}%` : '';
      notes.push(`host busy: other processes used ${host.others_cpus} of ${host.cpus} CPUs on average${steal}`);
    }
  }
  return {
    samples: gpu ? gpu.samples.length : (host?.samples ?? 0),
    gpu_throttled: throttled,
    gpu_shared: shared,
    host_busy: host?.busy ?? false,
    notes,
    summary,
  };
}

function maxOrNull(xs: readonly number[]): number | null {
  return xs.length > 0 ? Math.max(...xs) : null;
}

function minOrNull(xs: readonly number[]): number | null {
  return xs.length > 0 ? Math.min(...xs) : null;
}
