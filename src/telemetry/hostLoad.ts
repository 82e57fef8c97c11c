// Host load from OTHER processes while a benchmark runs: CPU time of the whole machine (/proc/stat)
// minus the CPU time of this process tree (/proc/<pid>/stat), sampled about once a second. Linux
// only; elsewhere the sampler reports nothing rather than guessing.
import { readFile, readdir } from 'node:fs/promises';

/** Reads /proc; tests hand recorded contents. */
export interface ProcReader {
  readFile(path: string): Promise<string | undefined>;
  /** Numeric entries of /proc. */
  listPids(): Promise<number[]>;
}

const procReader: ProcReader = {
  async readFile(path) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  async listPids() {
    try {
      return (await readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
    } catch {
      return [];
    }
  },
};

export interface CpuTimes {
  /** All jiffies of all CPUs. */
  readonly total: number;
  /** Jiffies not idle and not waiting for I/O. */
  readonly busy: number;
  /** Jiffies a hypervisor gave to other guests. */
  readonly steal: number;
  readonly cpus: number;
}

export function parseProcStat(text: string): CpuTimes | undefined {
  const lines = text.split('\n');
  const cpu = lines.find((l) => /^cpu\s/.test(l));
  if (!cpu) return undefined;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const v = cpu.trim().split(/\s+/).slice(1, 9).map(Number);
  if (v.length < 4 || v.some((x) => !Number.isFinite(x))) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = v;
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return {
    total,
    busy: user + nice + system + irq + softirq,
    steal,
    cpus: lines.filter((l) => /^cpu\d+\s/.test(l)).length || 1,
  };
}

/** Parent pid and CPU jiffies (own + reaped children) of one /proc/<pid>/stat line. */
export function parsePidStat(text: string): { ppid: number; ticks: number } | undefined {
  // The command name (field 2) is in parentheses and may itself contain spaces and parentheses.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
  const ppid = Number(rest[1]);
  const ticks = [11, 12, 13, 14].reduce((acc, i) => acc + Number(rest[i]), 0);
  if (!Number.isFinite(ppid) || !Number.isFinite(ticks)) return undefined;
  return { ppid, ticks };
}

export interface HostSnapshot {
  readonly t_ms: number;
  readonly cpu: CpuTimes;
  /** Jiffies of the process tree under the root pids (reaped children included via cutime). */
  readonly ownTicks: number;
  readonly ownPids: readonly number[];
  readonly load1: number | null;
}

export async function readHostSnapshot(
  reader: ProcReader,
  rootPids: readonly number[],
  tMs: number,
): Promise<HostSnapshot | undefined> {
  const stat = await reader.readFile('/proc/stat');
  const cpu = stat === undefined ? undefined : parseProcStat(stat);
  if (!cpu) return undefined;
  const pids = await reader.listPids();
  const stats = new Map<number, { ppid: number; ticks: number }>();
  // In batches, so a busy machine's thousand processes never means a thousand open files at once.
  for (let i = 0; i < pids.length; i += 64) {
    await Promise.all(
      pids.slice(i, i + 64).map(async (pid) => {
        const text = await reader.readFile(`/proc/${pid}/stat`);
        const parsed = text === undefined ? undefined : parsePidStat(text);
        if (parsed) stats.set(pid, parsed);
      }),
    );
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const own = new Set<number>();
  const queue = rootPids.filter((p) => stats.has(p));
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (own.has(pid)) continue;
    own.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  let ownTicks = 0;
  for (const pid of own) ownTicks += stats.get(pid)?.ticks ?? 0;
  const loadavg = await reader.readFile('/proc/loadavg');
  const load1 = loadavg === undefined ? null : Number(loadavg.split(/\s+/)[0]);
  return {
    t_ms: tMs,
    cpu,
    ownTicks,
    ownPids: [...own],
    load1: load1 !== null && Number.isFinite(load1) ? load1 : null,
  };
}

export interface HostLoadSummary {
  readonly samples: number;
  readonly cpus: number;
  /** Average CPUs kept busy by other processes over the sampled span. */
  readonly others_cpus: number;
  /** The same as a share of the machine (0..1). */
  readonly others_share: number;
  /** Share of CPU time the hypervisor gave to other guests (0..1). */
  readonly steal_share: number;
  readonly load1_max: number | null;
  readonly busy: boolean;
}

/**
 * Busy when other processes kept at least max(0.5 CPU, 10% of the machine) busy on average, or a
 * hypervisor stole at least 10% of the CPU time. Both thresholds are declared, not tuned: half a CPU
 * is enough to disturb the Python or Node thread that launches GPU work on a small runner.
 */
export function summarizeHostLoad(snapshots: readonly HostSnapshot[]): HostLoadSummary | undefined {
  const first = snapshots[0];
  const last = snapshots[snapshots.length - 1];
  if (!first || !last || snapshots.length < 2) return undefined;
  const total = last.cpu.total - first.cpu.total;
  if (total <= 0) return undefined;
  // Sum per interval, so a child that exits mid-run (its time moves into its parent's cutime) is
  // counted once; clamp at 0 because /proc/stat and per-pid counters are read a moment apart.
  let others = 0;
  for (let i = 1; i < snapshots.length; i++) {
    const a = snapshots[i - 1] as HostSnapshot;
    const b = snapshots[i] as HostSnapshot;
    others += Math.max(0, b.cpu.busy - a.cpu.busy - Math.max(0, b.ownTicks - a.ownTicks));
  }
  const cpus = last.cpu.cpus;
  const othersShare = Math.min(1, others / total);
  const stealShare = (last.cpu.steal - first.cpu.steal) / total;
  const othersCpus = othersShare * cpus;
  const loads = snapshots.map((s) => s.load1).filter((l): l is number => l !== null);
  return {
    samples: snapshots.length,
    cpus,
    others_cpus: round(othersCpus, 2),
    others_share: round(othersShare, 3),
    steal_share: round(stealShare, 3),
    load1_max: loads.length > 0 ? Math.max(...loads) : null,
    busy: othersCpus >= Math.max(0.5, 0.1 * cpus) || stealShare >= 0.1,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export interface HostLoadSampler {
  /** Pids of this process tree at the last sample. */
  treePids(): readonly number[];
  stop(): Promise<HostLoadSummary | undefined>;
}

export async function startHostLoadSampler(
  options: {
    intervalMs?: number | undefined;
    reader?: ProcReader | undefined;
    rootPids?: () => readonly number[];
  } = {},
): Promise<HostLoadSampler> {
  const reader = options.reader ?? procReader;
  const intervalMs = options.intervalMs ?? 1000;
  const roots = options.rootPids ?? (() => [process.pid]);
  const started = performance.now();
  const snapshots: HostSnapshot[] = [];
  let tree: readonly number[] = [];
  const take = async (): Promise<void> => {
    try {
      const s = await readHostSnapshot(reader, roots(), Math.round(performance.now() - started));
      if (s) {
        snapshots.push(s);
        tree = s.ownPids;
      }
    } catch {
      // Host load is advisory: a failed read is a missing sample.
    }
  };
  await take();
  let stopping = false;
  let inflight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (stopping) return;
    timer = setTimeout(() => {
      inflight = take().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    treePids: () => tree,
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await inflight;
      await take();
      return summarizeHostLoad(snapshots);
    },
  };
}
