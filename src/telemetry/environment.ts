// The environment fingerprint of a run: every fact gathered about the machine and software, the
// subset that decides whether two runs are comparable, and a stable hash of that subset.
//
// Comparable ("same machine in the same state"): GPU model, count, memory, driver and CUDA version;
// CPU model, logical CPUs, cgroup CPU limit, RAM; OS and kernel release; CPU architecture; Node's
// major version; onnxruntime-node; and, when the transformers engine runs, Python, torch and
// transformers. Not comparable, recorded only: the full Node version (runner updates move its patch
// level behind the user's back and the engines' speed does not follow it), model file digests and
// the config hash (they identify the workload, which is matched per benchmark by name and config
// hash, and a pull request may change a model on purpose).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Environment } from '../result/schema.js';
import { execCommand, type ExecResult } from './execCommand.js';
import { GPU_INFO_FIELDS, parseCudaVersion, parseGpuInfo, type GpuInfo } from './nvidiaSmi.js';

type Scalar = string | number | boolean | null;

export interface HostFacts {
  readonly cpuModel: string | null;
  readonly cpuCores: number;
  readonly totalMemBytes: number;
  readonly platform: string;
  readonly release: string;
  readonly arch: string;
  readonly nodeVersion: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Everything collectEnvironment reads, so tests can hand recorded outputs. */
export interface EnvironmentProbe {
  /** Never rejects; a missing program comes back with failure "not-found". */
  exec(command: string, args: readonly string[], timeoutMs: number): Promise<ExecResult>;
  /** Undefined when the file cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  host(): HostFacts;
  /** Version of an installed npm package, or null. */
  packageVersion(name: string): Promise<string | null>;
  /** "sha256:<hex>" of a file, or null when it cannot be read. */
  digestFile(path: string): Promise<string | null>;
}

/** Comparable fields, in the order diffs and hashes use. */
export const MACHINE_FIELDS = [
  'gpu_name',
  'gpu_count',
  'gpu_memory_mib',
  'gpu_driver',
  'cuda_version',
  'cpu_model',
  'cpu_cores',
  'cpu_limit',
  'ram_gib',
  'os',
  'arch',
  'node_major',
  'onnxruntime_node_version',
] as const;
export const PYTHON_FIELDS = ['python_version', 'torch_version', 'transformers_version'] as const;

const NVIDIA_SMI_TIMEOUT_MS = 10_000;
const PYTHON_TIMEOUT_MS = 30_000;

// importlib.metadata reads versions without importing torch (seconds) or transformers.
const PYTHON_SCRIPT = [
  'import json, platform',
  'from importlib import metadata',
  'def v(n):',
  '    try:',
  '        return metadata.version(n)',
  '    except Exception:',
  '        return None',
  'print(json.dumps({"python": platform.python_version(), "torch": v("torch"), "transformers": v("transformers")}))',
].join('\n');

interface DigestCacheEntry {
  readonly mtimeMs: number;
  readonly size: number;
  readonly digest: string;
}

/** The real machine. `digestCacheFile` keeps model digests across runs (keyed by path, mtime, size). */
export function createEnvironmentProbe(options: { digestCacheFile?: string } = {}): EnvironmentProbe {
  const digests = new Map<string, DigestCacheEntry>();
  let loaded = false;
  const loadCache = async () => {
    if (loaded || !options.digestCacheFile) return;
    loaded = true;
    try {
      const raw = JSON.parse(await readFile(options.digestCacheFile, 'utf8')) as Record<string, DigestCacheEntry>;
      for (const [k, v] of Object.entries(raw)) digests.set(k, v);
    } catch {
      // No cache yet, or a damaged one: digests are recomputed.
    }
  };
  const saveCache = async () => {
    if (!options.digestCacheFile) return;
    try {
      await mkdir(path.dirname(options.digestCacheFile), { recursive: true });
      await writeFile(options.digestCacheFile, JSON.stringify(Object.fromEntries(digests)));
    } catch {
      // The cache is an optimisation only.
    }
  };
  return {
    exec: (command, args, timeoutMs) => execCommand(command, args, { timeoutMs }),
    async readFile(p) {
      try {
        return await readFile(p, 'utf8');
      } catch {
        return undefined;
      }
    },
    host: () => ({
      cpuModel: os.cpus()[0]?.model.trim() || null,
      cpuCores: os.cpus().length,
      totalMemBytes: os.totalmem(),
      platform: os.platform(),
      release: os.release(),
      arch: os.arch(),
      nodeVersion: process.versions.node,
      env: process.env,
    }),
    async packageVersion(name) {
      try {
        const require = createRequire(import.meta.url);
        // Resolve the entry, then walk up to the package's own package.json (no "exports" needed).
        let dir = path.dirname(require.resolve(name));
        for (let i = 0; i < 6; i++) {
          try {
            const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
              name?: string;
              version?: string;
            };
            if (pkg.name === name) return pkg.version ?? null;
          } catch {
            // Not here; look one folder up.
          }
          dir = path.dirname(dir);
        }
        return null;
      } catch {
        return null;
      }
    },
    async digestFile(p) {
      await loadCache();
      try {
        const s = await stat(p);
        // A device or FIFO would never end or block: only regular files are hashed.
        if (!s.isFile()) return null;
        const cached = digests.get(p);
        if (cached && cached.mtimeMs === s.mtimeMs && cached.size === s.size) return cached.digest;
        const hash = createHash('sha256');
        for await (const chunk of createReadStream(p)) hash.update(chunk as Buffer);
        const digest = `sha256:${hash.digest('hex')}`;
        digests.set(p, { mtimeMs: s.mtimeMs, size: s.size, digest });
        await saveCache();
        return digest;
      } catch {
        return null;
      }
    },
  };
}

let sharedProbe: EnvironmentProbe | undefined;

/** GPUs the engines will see: nvidia-smi ignores CUDA_VISIBLE_DEVICES, CUDA honours it. */
export function visibleGpus(gpus: readonly GpuInfo[], cudaVisibleDevices: string | undefined): GpuInfo[] {
  if (cudaVisibleDevices === undefined) return [...gpus];
  const wanted = cudaVisibleDevices
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const out: GpuInfo[] = [];
  // CUDA stops at the first entry it cannot resolve; so does this.
  for (const w of wanted) {
    const gpu = /^\d+$/.test(w)
      ? gpus.find((g) => g.index === Number(w))
      : gpus.find((g) => w.startsWith('GPU-') && g.uuid.startsWith(w));
    if (!gpu) break;
    if (!out.includes(gpu)) out.push(gpu);
  }
  return out;
}

async function gpuFields(probe: EnvironmentProbe, env: NodeJS.ProcessEnv): Promise<Record<string, Scalar>> {
  const [info, header] = await Promise.all([
    probe.exec(
      'nvidia-smi',
      [`--query-gpu=${GPU_INFO_FIELDS.join(',')}`, '--format=csv,noheader,nounits'],
      NVIDIA_SMI_TIMEOUT_MS,
    ),
    probe.exec('nvidia-smi', [], NVIDIA_SMI_TIMEOUT_MS),
  ]);
  const gpus = info.code === 0 ? visibleGpus(parseGpuInfo(info.stdout), env.CUDA_VISIBLE_DEVICES) : [];
  const names = [...new Set(gpus.map((g) => g.name))];
  const memories = gpus.map((g) => g.memory_total_mib).filter((m): m is number => m !== null);
  const drivers = [...new Set(gpus.map((g) => g.driver_version))];
  return {
    gpu_name: names.length > 0 ? names.join(' + ') : null,
    gpu_count: gpus.length,
    gpu_memory_mib: memories.length > 0 ? Math.min(...memories) : null,
    gpu_driver: drivers.length > 0 ? drivers.join(' + ') : null,
    cuda_version: gpus.length > 0 && header.code === 0 ? parseCudaVersion(header.stdout) : null,
  };
}

/** cgroup v2 CPU quota in CPUs ("max" = none), so a runner capped at 4 CPUs of 64 is told apart. */
async function cpuLimit(probe: EnvironmentProbe): Promise<number | null> {
  const text = await probe.readFile('/sys/fs/cgroup/cpu.max');
  const m = text === undefined ? null : /^(\d+)\s+(\d+)/.exec(text.trim());
  if (!m) return null;
  return Math.round((Number(m[1]) / Number(m[2])) * 100) / 100;
}

async function pythonFields(probe: EnvironmentProbe, python: string): Promise<Record<string, Scalar>> {
  const r = await probe.exec(python, ['-c', PYTHON_SCRIPT], PYTHON_TIMEOUT_MS);
  let parsed: { python?: unknown; torch?: unknown; transformers?: unknown } = {};
  if (r.code === 0) {
    try {
      parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as typeof parsed;
    } catch {
      parsed = {};
    }
  }
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);
  return {
    python_version: str(parsed.python),
    torch_version: str(parsed.torch),
    transformers_version: str(parsed.transformers),
  };
}

/** Short names for model digests: the file name, or more of the path where two names clash. */
function digestKeys(files: readonly string[]): string[] {
  const base = files.map((f) => path.basename(f));
  return files.map((f, i) =>
    base.filter((b) => b === base[i]).length > 1
      ? `model_sha256:${path.relative(process.cwd(), f) || f}`
      : `model_sha256:${base[i]}`,
  );
}

/** Stable hash of the comparable fields: the same facts always give the same hash. */
export function hashFields(fields: Readonly<Record<string, Scalar>>, comparable: readonly string[]): string {
  const canonical = JSON.stringify([...comparable].sort().map((k) => [k, fields[k] ?? null]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

export async function collectEnvironment(options: {
  engines: readonly string[];
  modelFiles?: readonly string[];
  configHash: string;
  probe?: EnvironmentProbe;
  /** Interpreter of the transformers engine (its `python` option). */
  python?: string | undefined;
}): Promise<Environment> {
  const probe = options.probe ?? (sharedProbe ??= createEnvironmentProbe());
  const host = probe.host();
  const wantsPython = options.engines.includes('transformers');
  const files = options.modelFiles ?? [];
  const [gpu, limit, ortVersion, py, digests] = await Promise.all([
    gpuFields(probe, host.env),
    cpuLimit(probe),
    probe.packageVersion('onnxruntime-node'),
    wantsPython ? pythonFields(probe, options.python ?? 'python3') : Promise.resolve(undefined),
    Promise.all(files.map((f) => probe.digestFile(f))),
  ]);
  const fields: Record<string, Scalar> = {
    ...gpu,
    cpu_model: host.cpuModel,
    cpu_cores: host.cpuCores,
    cpu_limit: limit,
    ram_gib: Math.round(host.totalMemBytes / 2 ** 30),
    os: `${host.platform} ${host.release}`,
    arch: host.arch,
    node_version: host.nodeVersion,
    node_major: Number(host.nodeVersion.split('.')[0]),
    onnxruntime_node_version: ortVersion,
    ...py,
  };
  digestKeys(files).forEach((key, i) => (fields[key] = digests[i] ?? null));
  fields.config_hash = options.configHash;
  const comparable: string[] = [...MACHINE_FIELDS, ...(wantsPython ? PYTHON_FIELDS : [])];
  return { fields, comparable, hash: hashFields(fields, comparable) };
}
