/**
 * A running application over a fresh, migrated, demo-seeded test database, driven through
 * `app.inject` (real routing, hooks and database; no sockets).
 *
 *   const t = await createTestApp();
 *   after(() => t.close());
 *   const chairman = await t.signIn('chutich.muongdang');
 *   const res = await chairman.get('/admin/units/2/officials');
 */
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/platform/config.ts';
import type { Config } from '../../src/platform/config.ts';
import type { App } from '../../src/platform/http/app.ts';
import { createServer } from '../../src/main.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo-data.ts';
import { listUnits } from '../../src/modules/tenancy/index.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';
import { createTestDatabase } from './db.ts';
import type { TestDatabase } from './db.ts';

export { DEMO_PASSWORD };

export interface TestApp {
  app: App;
  database: TestDatabase;
  config: Config;
  units: Unit[];
  unit(name: string): Unit;
  /** A client with no session. */
  anonymous(): Client;
  /** Signs in with the demo password (and no second factor); throws if that fails. */
  signIn(login: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: Config = { ...loadConfig({ DATA_DIR: '/tmp/sc-test-unused', APP_SECRET: 'test-secret-not-for-production' }), ...overrides };
  await seedDemo(database.db);
  const app = await createServer(config, database, process.env.TEST_LOG ? { logger: { level: 'error' } } : {});
  await app.ready();
  const units = await listUnits(database.db);
  const t: TestApp = {
    app, database, config, units,
    unit: (name) => {
      const u = units.find((x) => x.name === name);
      if (!u) throw new Error(`No unit ${name}`);
      return u;
    },
    anonymous: () => new Client(app),
    signIn: async (login, password = DEMO_PASSWORD) => {
      const client = new Client(app);
      const res = await client.postForm('/login', { login, password, next: '/' });
      if (res.statusCode !== 303 || !client.cookies.has('sc_session')) throw new Error(`Sign-in of ${login} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return client;
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
  return t;
}

/** A browser-like client: keeps cookies, finds the CSRF token in pages. */
export class Client {
  readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(private readonly app: App) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.csrf = m[1];
    return res;
  }

  /** A CSRF token valid for this client's cookie (fetches a page when none is known yet). */
  async csrfToken(): Promise<string> {
    if (!this.csrf) await this.get('/login');
    return this.csrf!;
  }

  async request(o: { method: string; url: string; payload?: string | Buffer | object; headers?: Record<string, string> }): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: o.method as 'GET',
      url: o.url,
      payload: o.payload as string,
      headers: { ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}), 'user-agent': 'smart-commune-tests', ...o.headers },
    });
    return this.keep(res);
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  /** Posts a form as a browser does, with the CSRF token unless `_csrf` is given (or `null` to omit it). */
  async postForm(url: string, fields: Record<string, string | string[]>, options: { csrf?: string | null } = {}) {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    const params = new URLSearchParams();
    if (token !== null) params.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    return this.request({ method: 'POST', url, payload: params.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  /**
   * Posts a `multipart/form-data` form as a browser does (the CSRF field first), encoded by the platform's
   * own FormData; `files` become file parts.
   */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: { name: string; filename: string; type: string; data: Uint8Array }[],
    options: { csrf?: string | null } = {},
  ) {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    const form = new FormData();
    if (token !== null) form.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    for (const f of files) form.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
    const encoded = new Request('http://localhost/', { method: 'POST', body: form });
    const payload = Buffer.from(await encoded.arrayBuffer());
    return this.request({ method: 'POST', url, payload, headers: { 'content-type': encoded.headers.get('content-type')! } });
  }

  async postJson(url: string, body: unknown, options: { csrf?: string | null } = {}) {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    return this.request({
      method: 'POST', url, payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token !== null ? { 'x-csrf-token': token } : {}) },
    });
  }
}
