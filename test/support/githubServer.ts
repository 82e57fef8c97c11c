// A local GitHub REST API on 127.0.0.1 for tests: issue comments, labels and GET /user, with every
// request checked against the official OpenAPI description. Requests that do not conform are
// answered 400 and recorded in `violations` (tests assert there are none). Faults (403, 5xx, rate
// limits) are queued per route to exercise the client's error paths.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenApiValidator } from './openapiValidator.js';

export interface FakeUser {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Bot';
}

export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
}

export interface Fault {
  /** e.g. "POST /repos/{owner}/{repo}/issues/{issue_number}/comments" (the OpenAPI template). */
  readonly route: string;
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** How many matching requests get this answer (default 1). */
  times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly route?: string | undefined;
  readonly status: number;
  readonly authorization?: string | undefined;
}

export interface GitHubServerOptions {
  /**
   * token → identity. "installation" behaves like GITHUB_TOKEN (no GET /user, comments as
   * github-actions[bot]); `{ app }` like a GitHub App's installation token (comments as "<app>[bot]").
   */
  readonly tokens: Record<string, FakeUser | 'installation' | { readonly app: string; readonly id?: number }>;
  readonly owner?: string;
  readonly repo?: string;
}

export const GITHUB_ACTIONS_USER: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const MAX_BODY = 65_536;

export class GitHubServer {
  readonly comments = new Map<number, FakeComment[]>();
  readonly labels = new Map<number, string[]>();
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly faults: Fault[] = [];
  /** Merged pull requests by merge commit sha, for GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls. */
  readonly mergedPulls = new Map<string, { number: number; labels: string[] }>();
  private nextId = 1000;
  private server?: http.Server;
  private readonly validator = new OpenApiValidator();

  constructor(private readonly options: GitHubServerOptions) {}

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('server not started');
    return `http://127.0.0.1:${addr.port}`;
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

  /** Adds a comment as someone else (e.g. a human quoting our marker). */
  seedComment(issue: number, user: FakeUser, body: string): FakeComment {
    const now = new Date().toISOString();
    const c = { id: this.nextId++, body, user, created_at: now, updated_at: now };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), c]);
    return c;
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-github-media-type': 'github.v3; format=json',
      ...headers,
    });
    res.end(text);
    return status;
  }

  private commentJson(owner: string, repo: string, issue: number, c: FakeComment): unknown {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}/repos/${owner}/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${owner}/${repo}/issues/${issue}`,
      body: c.body,
      user: { login: c.user.login, id: c.user.id, type: c.user.type },
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    };
  }

  /** The user behind an Authorization header; installation tokens comment as a bot. */
  private identify(auth: string): { installation: boolean; author: FakeUser } | undefined {
    const token = /^(?:token|bearer) (.+)$/i.exec(auth)?.[1];
    const who = token === undefined ? undefined : this.options.tokens[token];
    if (who === undefined) return undefined;
    if (who === 'installation') return { installation: true, author: GITHUB_ACTIONS_USER };
    if ('app' in who)
      return { installation: true, author: { login: `${who.app}[bot]`, id: who.id ?? 900_001, type: 'Bot' } };
    return { installation: false, author: who };
  }

  /** GraphQL: only `query { viewer { login } }`, which answers installation tokens too. */
  private handleGraphql(
    body: unknown,
    auth: string,
    record: (status: number, route?: string) => void,
    res: http.ServerResponse,
  ): void {
    const route = 'POST /graphql';
    const fault = this.faults.find((f) => f.route === route && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      record(this.send(res, fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers), route);
      return;
    }
    const query = String((body as { query?: unknown } | undefined)?.query ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (query !== 'query { viewer { login } }') {
      this.violations.push(`unexpected GraphQL query: ${query}`);
      record(this.send(res, 200, { errors: [{ message: 'unsupported query in the test server' }] }), route);
      return;
    }
    const id = this.identify(auth);
    if (id === undefined) {
      record(this.send(res, 401, { message: 'Bad credentials' }), route);
      return;
    }
    record(this.send(res, 200, { data: { viewer: { login: id.author.login } } }), route);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const record = (status: number, route?: string) =>
      this.requests.push({ method, path: url.pathname, route, status, authorization: req.headers.authorization });

    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
        record(this.send(res, 400, { message: 'Problems parsing JSON' }));
        return;
      }
    }
    if (method === 'POST' && url.pathname === '/graphql') {
      this.handleGraphql(body, req.headers.authorization ?? '', record, res);
      return;
    }
    const check = this.validator.validate({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers as Record<string, unknown>,
      body,
    });
    const route = check.match ? `${method} ${check.match.template}` : undefined;
    if (check.errors.length > 0) {
      this.violations.push(...check.errors);
      record(this.send(res, 400, { message: 'Invalid request', errors: check.errors }), route);
      return;
    }
    const fault = this.faults.find((f) => f.route === route && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      record(this.send(res, fault.status, fault.body ?? { message: `injected ${fault.status}` }, fault.headers), route);
      return;
    }
    const id = this.identify(req.headers.authorization ?? '');
    if (id === undefined) {
      record(this.send(res, 401, { message: 'Bad credentials', status: '401' }), route);
      return;
    }
    const { installation, author } = id;
    const p = check.match?.params ?? {};
    const issue = Number(p.issue_number);
    switch (route) {
      case 'GET /user':
        if (installation) {
          record(this.send(res, 403, { message: 'Resource not accessible by integration', status: '403' }), route);
          return;
        }
        record(this.send(res, 200, { login: author.login, id: author.id, type: author.type }), route);
        return;
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = this.comments.get(issue) ?? [];
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (n: number, rel: string) => {
          const u = new URL(url.toString());
          u.searchParams.set('page', String(n));
          return `<${this.url}${u.pathname}${u.search}>; rel="${rel}"`;
        };
        const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : [])];
        record(
          this.send(
            res,
            200,
            slice.map((c) => this.commentJson(p.owner!, p.repo!, issue, c)),
            links.length > 0 ? { link: links.join(', ') } : {},
          ),
          route,
        );
        return;
      }
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': {
        const text = (body as { body: string }).body;
        if (text.length > MAX_BODY) {
          record(
            this.send(res, 422, {
              message: 'Validation Failed',
              errors: [
                { field: 'body', code: 'custom', message: `body is too long (maximum is ${MAX_BODY} characters)` },
              ],
            }),
            route,
          );
          return;
        }
        const c = this.seedComment(issue, author, text);
        record(this.send(res, 201, this.commentJson(p.owner!, p.repo!, issue, c)), route);
        return;
      }
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': {
        const id = Number(p.comment_id);
        const text = (body as { body: string }).body;
        for (const [n, list] of this.comments) {
          const c = list.find((x) => x.id === id);
          if (!c) continue;
          if (c.user.login !== author.login) {
            record(this.send(res, 403, { message: 'Must have admin rights to Repository.' }), route);
            return;
          }
          if (text.length > MAX_BODY) {
            record(this.send(res, 422, { message: 'Validation Failed' }), route);
            return;
          }
          c.body = text;
          c.updated_at = new Date().toISOString();
          record(this.send(res, 200, this.commentJson(p.owner!, p.repo!, n, c)), route);
          return;
        }
        record(this.send(res, 404, { message: 'Not Found' }), route);
        return;
      }
      case 'GET /repos/{owner}/{repo}/issues/{issue_number}/labels':
        record(
          this.send(
            res,
            200,
            (this.labels.get(issue) ?? []).map((name, i) => ({
              id: i + 1,
              node_id: `LA_${i + 1}`,
              url: `${this.url}/repos/${p.owner}/${p.repo}/labels/${encodeURIComponent(name)}`,
              name,
              color: 'ededed',
              default: false,
              description: null,
            })),
          ),
          route,
        );
        return;
      case 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls': {
        const pr = this.mergedPulls.get(p.commit_sha ?? '');
        const labels = (pr?.labels ?? []).map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false }));
        record(
          this.send(
            res,
            200,
            pr ? [{ number: pr.number, state: 'closed', merged_at: '2025-01-02T10:00:00Z', labels }] : [],
          ),
          route,
        );
        return;
      }
      default:
        this.violations.push(`unexpected call ${method} ${url.pathname} (${route ?? 'no route'})`);
        record(this.send(res, 404, { message: 'Not Found' }), route);
    }
  }
}
