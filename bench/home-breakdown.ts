/**
 * Where the time of one signed-in home page goes (not part of `npm run bench`; run it when the
 * home-page ratio needs explaining):   node --import tsx bench/home-breakdown.ts
 * In one process, on in-memory PGlite, one call after another (median of 7 rounds of 200 calls): a trivial query, resolveSession (what
 * the onRequest hook does for every request carrying a session cookie), and whole requests through
 * app.inject (routing, hooks, rendering; no sockets).
 */
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { MIGRATIONS } from '../src/modules/registry.ts';
import { createServer } from '../src/main.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { identityContext, resolveSession } from '../src/modules/identity/index.ts';
import { median } from './lib.ts';

const ROUNDS = 7;
const PER_ROUND = 200;
const database = await openDatabase({ pgliteDir: 'memory://' });
await migrate(database, MIGRATIONS);
const config = loadConfig({ DATA_DIR: '/tmp/sc-bench-unused', APP_SECRET: 'bench-secret' });
await seedDemo(database.db);
const app = await createServer(config, database);
await app.ready();

const login = await app.inject({ method: 'GET', url: '/login' });
const csrf = login.cookies.find((c) => c.name === 'sc_csrf')!.value;
const token = /name="_csrf" value="([^"]+)"/.exec(login.body)![1]!;
const signedIn = await app.inject({
  method: 'POST', url: '/login', headers: { cookie: `sc_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: token, login: 'chutich.muongdang', password: 'demo-commune-2026', next: '/' }).toString(),
});
const session = signedIn.cookies.find((c) => c.name === 'sc_session')!.value;
const cookie = `sc_csrf=${csrf}; sc_session=${session}`;

const cases: [string, () => Promise<unknown>][] = [
  ['select 1 (one PGlite round trip through Kysely)', () => sql`select 1`.execute(database.db)],
  ['resolveSession, cache off (3 queries)', () => resolveSession(identityContext(database.db, { ...config, sessionCacheSeconds: 0 }), session)],
  ['GET /healthz, no cookie (hooks, no database)', () => app.inject({ method: 'GET', url: '/healthz' })],
  ['GET /healthz with the session cookie', () => app.inject({ method: 'GET', url: '/healthz', headers: { cookie } })],
  ['GET / signed in (session + permission + layout)', () => app.inject({ method: 'GET', url: '/', headers: { cookie } })],
  ['GET / anonymous (listUnits + layout)', () => app.inject({ method: 'GET', url: '/' })],
];
// The cases take turns in rounds, and the median round counts, so load from elsewhere hits all alike.
const perCall: number[][] = cases.map(() => []);
for (const [, fn] of cases) for (let i = 0; i < 100; i++) await fn();
for (let round = 0; round < ROUNDS; round++) {
  for (const [c, [, fn]] of cases.entries()) {
    const started = performance.now();
    for (let i = 0; i < PER_ROUND; i++) await fn();
    perCall[c]!.push((performance.now() - started) / PER_ROUND);
  }
}
for (const [c, [label]] of cases.entries()) console.log(`${label.padEnd(52)} ${median(perCall[c]!).toFixed(3)} ms`);
await app.close();
await database.close();
