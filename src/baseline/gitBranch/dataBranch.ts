// One branch of a remote repository, read and written without a checkout: a temporary repository
// fetches the branch tip shallowly and without blobs (`--filter=blob:none`), reads only the files a
// load or save needs (one batched fetch of their blobs), and writes a commit with plumbing
// (read-tree, update-index, write-tree, commit-tree) on top of the tip. Pushing never forces: a
// rejected push means another job moved the branch, and the caller replays its change on the new tip.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { GitCommandError, basicCredential, gitCli, gitEnv, type GitCli } from './gitCli.js';

export interface DataBranchOptions {
  /** A URL git understands (https://…, file://…, or a local path). */
  readonly remote: string;
  readonly branch: string;
  readonly token?: string;
  /** Parent folder of the temporary repository (default: the OS temp folder). */
  readonly tempRoot?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface FileChanges {
  /** Path → new text content. */
  readonly writes: ReadonlyMap<string, string>;
  readonly removes: readonly string[];
}

/** The remote could not be read (network, authentication, not a repository): not "no data yet". */
export class DataBranchUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataBranchUnavailable';
  }
}

const MISSING_REF = /couldn't find remote ref|no such ref|not our ref/i;

export class DataBranch {
  private tipSha: string | undefined;

  private constructor(
    private readonly git: GitCli,
    private readonly dir: string,
    private readonly branch: string,
  ) {}

  static async open(options: DataBranchOptions): Promise<DataBranch> {
    const dir = await mkdtemp(path.join(options.tempRoot ?? os.tmpdir(), 'lpg-data-'));
    const git = cliFor(options, dir);
    const db = new DataBranch(git, dir, options.branch);
    try {
      await git.run(['init', '--quiet']);
      await git.run(['remote', 'add', 'origin', options.remote]);
      await db.fetch();
      return db;
    } catch (err) {
      await db.close();
      throw err;
    }
  }

  /** The branch's newest commit as last fetched; undefined when the branch does not exist yet. */
  get tip(): string | undefined {
    return this.tipSha;
  }

  private get trackingRef(): string {
    return `refs/remotes/origin/${this.branch}`;
  }

  /** Fetches the branch tip again (after a rejected push). */
  async fetch(): Promise<void> {
    try {
      await this.git.run([
        'fetch',
        '--quiet',
        '--no-tags',
        '--depth=1',
        '--filter=blob:none',
        'origin',
        `+refs/heads/${this.branch}:${this.trackingRef}`,
      ]);
    } catch (err) {
      if (err instanceof GitCommandError && MISSING_REF.test(err.stderr)) {
        this.tipSha = undefined;
        return;
      }
      throw new DataBranchUnavailable(`cannot fetch branch "${this.branch}": ${(err as Error).message}`);
    }
    this.tipSha = (await this.git.run(['rev-parse', this.trackingRef])).trim();
  }

  /** Files under `dir` at the tip: path → blob id. */
  async list(dir: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!this.tipSha) return out;
    const text = await this.git.run(['ls-tree', '-r', '-z', '--full-tree', this.tipSha, '--', dir]);
    for (const entry of text.split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(entry);
      if (m) out.set(m[2]!, m[1]!);
    }
    return out;
  }

  /** The text of files at the tip, by blob id (from `list`); their blobs are fetched in one request. */
  async read(files: ReadonlyMap<string, string>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (files.size === 0) return out;
    const oids = [...new Set(files.values())];
    // One request for every missing blob instead of one lazy fetch per file.
    await this.git
      .run([
        '-c',
        'fetch.negotiationAlgorithm=noop',
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        'origin',
        ...oids,
      ])
      .catch(() => undefined); // a server that refuses blob wants still serves them lazily below
    for (const [p, oid] of files) out.set(p, await this.git.run(['cat-file', 'blob', oid]));
    return out;
  }

  /** A commit of the tip plus `changes` (a root commit when the branch does not exist yet). */
  async commit(changes: FileChanges, message: string): Promise<string> {
    const index = path.join(this.dir, 'lpg-index');
    const env = { GIT_INDEX_FILE: index };
    await rm(index, { force: true });
    await this.git.run(this.tipSha ? ['read-tree', this.tipSha] : ['read-tree', '--empty'], env);
    const writes = [...changes.writes];
    if (writes.length > 0) {
      const files = await Promise.all(
        writes.map(async ([, text], i) => {
          const f = path.join(this.dir, `lpg-blob-${i}`);
          await writeFile(f, text);
          return f;
        }),
      );
      const oids = (await this.git.run(['hash-object', '-w', '--', ...files])).split('\n');
      const cacheinfo = writes.flatMap(([p], i) => ['--cacheinfo', `100644,${oids[i]},${p}`]);
      await this.git.run(['update-index', '--add', ...cacheinfo], env);
    }
    if (changes.removes.length > 0)
      await this.git.run(['update-index', '--force-remove', '--', ...changes.removes], env);
    // --missing-ok: the blobs of untouched files were never fetched, and need not be.
    const tree = (await this.git.run(['write-tree', '--missing-ok'], env)).trim();
    const parent = this.tipSha ? ['-p', this.tipSha] : [];
    return (await this.git.run(['commit-tree', '--no-gpg-sign', tree, ...parent, '-m', message])).trim();
  }

  /** Pushes `commit` as the branch, fast-forward only. 'moved': someone pushed first (fetched again). */
  async push(commit: string): Promise<'pushed' | 'moved'> {
    const before = this.tipSha;
    try {
      await this.git.run(['push', '--quiet', '--no-verify', 'origin', `${commit}:refs/heads/${this.branch}`]);
      this.tipSha = commit;
      return 'pushed';
    } catch (err) {
      await this.fetch();
      if (this.tipSha !== before) return 'moved';
      throw new DataBranchUnavailable(`cannot push to branch "${this.branch}": ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

function cliFor(options: DataBranchOptions, dir: string): GitCli {
  const secrets = options.token ? [options.token, basicCredential(options.token)] : [];
  return gitCli(dir, gitEnv(options.remote, options.token, options.env ?? process.env), secrets);
}

/** A full checkout of the branch's tip (every file, no history) into `dest`, for the dashboard. */
export async function cloneBranch(options: DataBranchOptions, dest: string): Promise<void> {
  try {
    await cliFor(options, path.dirname(dest)).run([
      'clone',
      '--quiet',
      '--depth=1',
      '--single-branch',
      '--no-tags',
      '--branch',
      options.branch,
      options.remote,
      dest,
    ]);
  } catch (err) {
    throw new DataBranchUnavailable(`cannot clone branch "${options.branch}": ${(err as Error).message}`);
  }
}

/** Whether the branch exists on the remote (one ls-remote; false when it cannot be read). */
export async function branchExists(options: DataBranchOptions): Promise<boolean> {
  try {
    const out = await cliFor(options, options.tempRoot ?? os.tmpdir()).run([
      'ls-remote',
      '--heads',
      options.remote,
      `refs/heads/${options.branch}`,
    ]);
    return out.trim() !== '';
  } catch {
    return false;
  }
}
