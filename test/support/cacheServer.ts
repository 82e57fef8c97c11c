// A local Actions cache service (v2) on 127.0.0.1 for the unmodified @actions/cache: the three Twirp
// JSON endpoints plus blob PUT (as @azure/storage-blob's BlockBlobClient.uploadFile sends it for a
// small file: one Put Blob with x-ms-blob-type: BlockBlob) and GET on signed URLs it hands out.
// Keys match like the real service: exact key first, then each restore key by prefix, newest first,
// finalized entries of the same version only.
import { createHmac, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';

export interface CacheEntry {
  readonly key: string;
  readonly version: string;
  readonly id: number;
  readonly createdAt: number;
  blob?: Buffer;
  sizeBytes?: number;
  finalized: boolean;
}

export interface CacheServerOptions {
  /** The ACTIONS_RUNTIME_TOKEN the service accepts. */
  readonly token: string;
}

export class CacheServer {
  readonly entries: CacheEntry[] = [];
  readonly requests: { method: string; path: string; status: number }[] = [];
  readonly violations: string[] = [];
  private readonly secret = randomBytes(16);
  private nextId = 1;
  private server?: http.Server;

  constructor(private readonly options: CacheServerOptions) {}

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('server not started');
    return `http://127.0.0.1:${addr.port}/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      void this.handle(req, res).catch((err: unknown) => {
        this.violations.push(`server error: ${String(err)}`);
        res.writeHead(500).end();
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  /** Keys of finalized entries, oldest first. */
  keys(): string[] {
    return this.entries.filter((e) => e.finalized).map((e) => e.key);
  }

  private sign(id: number, op: string): string {
    return createHmac('sha256', this.secret).update(`${op}:${id}`).digest('hex');
  }

  private json(res: http.ServerResponse, status: number, body: unknown): number {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return status;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const record = (status: number) => this.requests.push({ method, path: url.pathname, status });

    if (url.pathname.startsWith(TWIRP)) {
      if (method !== 'POST') return void record(this.json(res, 405, { code: 'bad_route', msg: 'POST only' }));
      if (req.headers.authorization !== `Bearer ${this.options.token}`) {
        this.violations.push(`twirp call without the runtime token: ${req.headers.authorization ?? '(none)'}`);
        return void record(this.json(res, 401, { code: 'unauthenticated', msg: 'bad token' }));
      }
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        this.violations.push(`twirp call with content-type ${req.headers['content-type']}`);
        return void record(this.json(res, 415, { code: 'malformed', msg: 'json only' }));
      }
      const body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
      return void record(this.twirp(url.pathname.slice(TWIRP.length), body, res));
    }

    const blob = /^\/devstoreaccount1\/cache\/entry-(\d+)$/.exec(url.pathname);
    const entry = blob ? this.entries.find((e) => e.id === Number(blob[1])) : undefined;
    if (!entry) return void record(this.json(res, 404, { message: 'no such blob' }));
    if (method === 'PUT') {
      if (url.searchParams.get('sig') !== this.sign(entry.id, 'w')) return void record(this.xmlError(res, 403));
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
        this.violations.push(`blob PUT without x-ms-blob-type: BlockBlob (${req.headers['x-ms-blob-type']})`);
        return void record(this.xmlError(res, 400));
      }
      if (Number(req.headers['content-length']) !== raw.length)
        this.violations.push(`blob PUT content-length ${req.headers['content-length']} ≠ ${raw.length} bytes`);
      entry.blob = raw;
      res.writeHead(201, {
        etag: `"0x${entry.id.toString(16)}"`,
        'last-modified': new Date().toUTCString(),
        'x-ms-request-id': String(entry.id),
        'x-ms-version': String(req.headers['x-ms-version'] ?? '2025-01-05'),
        'x-ms-request-server-encrypted': 'true',
        date: new Date().toUTCString(),
      });
      res.end();
      return void record(201);
    }
    if (method === 'GET' || method === 'HEAD') {
      if (url.searchParams.get('sig') !== this.sign(entry.id, 'r')) return void record(this.xmlError(res, 403));
      const data = entry.blob ?? Buffer.alloc(0);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
      res.end(method === 'GET' ? data : undefined);
      return void record(200);
    }
    record(this.xmlError(res, 405));
  }

  private xmlError(res: http.ServerResponse, status: number): number {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="utf-8"?><Error><Code>Rejected</Code><Message>status ${status}</Message></Error>`,
    );
    return status;
  }

  private blobUrl(entry: CacheEntry, op: 'r' | 'w'): string {
    return `${this.url}devstoreaccount1/cache/entry-${entry.id}?sig=${this.sign(entry.id, op)}`;
  }

  private twirp(method: string, body: Record<string, unknown>, res: http.ServerResponse): number {
    const key = String(body.key ?? '');
    const version = String(body.version ?? '');
    if (!key || !version) {
      this.violations.push(`${method} without key or version: ${JSON.stringify(body)}`);
      return this.json(res, 400, { code: 'invalid_argument', msg: 'key and version are required' });
    }
    switch (method) {
      case 'CreateCacheEntry': {
        if (this.entries.some((e) => e.key === key && e.version === version))
          return this.json(res, 409, {
            code: 'already_exists',
            msg: 'cache entry with the same key, version, and scope already exists',
          });
        const entry: CacheEntry = {
          key,
          version,
          id: this.nextId++,
          createdAt: Date.now() + this.nextId,
          finalized: false,
        };
        this.entries.push(entry);
        return this.json(res, 200, { ok: true, signed_upload_url: this.blobUrl(entry, 'w') });
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = this.entries.find((e) => e.key === key && e.version === version && !e.finalized);
        if (!entry) return this.json(res, 404, { code: 'not_found', msg: 'no entry to finalize' });
        if (!entry.blob || String(entry.blob.length) !== String(body.size_bytes))
          this.violations.push(
            `finalize size ${String(body.size_bytes)} ≠ uploaded ${entry.blob?.length ?? 'nothing'}`,
          );
        entry.finalized = true;
        entry.sizeBytes = Number(body.size_bytes);
        return this.json(res, 200, { ok: true, entry_id: String(entry.id) });
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : [];
        const usable = this.entries
          .filter((e) => e.finalized && e.version === version)
          .sort((a, b) => b.createdAt - a.createdAt);
        const hit =
          usable.find((e) => e.key === key) ??
          [key, ...restoreKeys].map((k) => usable.find((e) => e.key.startsWith(k))).find((e) => e !== undefined);
        if (!hit) return this.json(res, 200, { ok: false });
        return this.json(res, 200, { ok: true, signed_download_url: this.blobUrl(hit, 'r'), matched_key: hit.key });
      }
      default:
        return this.json(res, 404, { code: 'bad_route', msg: `no method ${method}` });
    }
  }
}
