/**
 * The overdue workqueue page with 10,000 open records vs the raw queries behind it, in one process and one
 * run, on one throwaway database.
 *
 * Data: the demo seed, then 10,000 open records of Xã Mường Đăng written with one SQL statement (statuses 2
 * and 4, each with an appointment; one in five overdue by 1–240 hours, the others due in 1–480 hours, so some
 * "due soon"; the status-4 ones held by the specialist; the answers of a birth registration as form data), then
 * `vacuum analyze records`, as autovacuum would leave the table.
 *
 * HTTP: the application (createServer, as `serve` builds it, logger at warn) listens on 127.0.0.1; the one-stop
 * officer signs in as a browser does; `concurrency` keep-alive node:http connections in this same process load
 * `GET /admin/units/<Mường Đăng>/records?queue=overdue` back to back: routing, session (cached), permission,
 * the unit scope check (a unit lookup), the handler's unit lookups (the unit, the units within it), the list
 * (the first page of 30, ordered by due date, its total taken from the tab counts), the counts of the eight queue tabs, the page rendered with
 * its table of 30 rows.
 *
 * Baseline: as many concurrent loops, each running the SQL behind that page directly (written out here, not
 * through record-lists.ts): the first page (every column but the answers, the 30 earliest appointments) of
 * `listRecords`, and the queue counts of `countQueues` (three statements: per status, the appointments within
 * the "due soon" window, the holder's), all in parallel as the page runs them. Two more kinds, for the record:
 * the same with the queue counts as eight statements (one per tab, as countQueues sent them before) and as one
 * statement (`count(*) filter (where …)` per queue).
 *
 * The kinds alternate in rounds; the median round of each is reported. The page's answer is checked once
 * against the raw count.
 *
 * Part of `npm run bench` (bench/run.ts); on its own:
 *   node --import tsx bench/workqueue.ts          (a new PGlite directory; and PostgreSQL when DATABASE_URL is set
 *                                                 or a server answers at 127.0.0.1:5432 as postgres)
 *   BENCH_EXPLAIN=1 node --import tsx bench/workqueue.ts    also prints EXPLAIN ANALYZE of each query
 *   BENCH_WQ_ROUNDS=5 BENCH_WQ_SECONDS=1 BENCH_WQ_RECORDS=10000
 *   BENCH_WQ_WITHOUT_INDEX=1    drops records_open_by_due (migration 003) after seeding: the figures before it
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Database, Db } from '../src/platform/db/database.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createServer, openAndMigrate } from '../src/main.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { DEMO_PASSWORD } from '../src/seed/demo-data.ts';
import { findUnitByCode, listUnitsWithin } from '../src/modules/tenancy/index.ts';
import { findProcedureByCode } from '../src/modules/catalogue/index.ts';
import { LIST_COLUMNS } from '../src/modules/records/record-lists.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { HOST, median, request } from './lib.ts';
import type { Response } from './lib.ts';

export interface WorkqueueOptions {
  concurrency: number;
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
  records: number;
}

export interface WorkqueueResult {
  database: string;
  concurrency: number;
  records: number;
  overdue: number;
  /**
   * Median round per kind, per second: `page` the overdue page over HTTP; the others the raw SQL behind it
   * with the queue counts asked for in each way of COUNT_VARIANTS (`three` is what record-lists.ts sends).
   */
  perSecond: Record<'page' | CountVariant, number>;
  rounds: Record<'page' | CountVariant, number[]>;
  /** page / raw (three). */
  ratio: number;
  /** Non-200 answers and socket errors. */
  errors: number;
  bytes: number;
  /** CPU of this process per page or raw set over the measured rounds, ms. */
  cpuMs: Record<'page' | CountVariant, number>;
}

const AGENCY = 'H11.35.01';
const DESK = 'motcua.muongdang';
const SPECIALIST = 'chuyenmon.muongdang';
const USER_AGENT = 'smart-commune-bench';
const PAGE = 30;
const BIRTH = '1.001193';
/** The answers of a birth registration (test/http/records.test.ts), stored with every record. */
const BIRTH_ANSWERS = {
  relation: 'cha_me', childName: 'Lò Văn An', childSex: 'nam', childBirthDate: '2026-11-01', childBirthPlace: 'Trạm y tế xã Mường Đăng',
  childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Mai', fatherKnown: 'khong',
};
const SOON_MS = 24 * 3600_000;

/** 10,000 open records in one statement; returns how many are overdue now. */
export async function seedOpenRecords(db: Db, count: number): Promise<{ unitId: number; overdue: number }> {
  const unit = await findUnitByCode(db, AGENCY);
  if (!unit) throw new Error(`the demo seed lacks ${AGENCY}`);
  const procedure = await findProcedureByCode(db, BIRTH);
  if (!procedure) throw new Error(`the catalogue lacks ${BIRTH}`);
  const template = { procedure_id: procedure.id, procedure_code: procedure.code, procedure_name: procedure.name, form_data: BIRTH_ANSWERS };
  const holder = (await sql<{ id: number; full_name: string }>`select id, full_name from officials where username = ${SPECIALIST}`.execute(db)).rows[0]!;
  // One in five overdue by 1–240 hours; the others due in 1–480 hours. A third received (2), the rest in processing (4).
  await sql`
    insert into records (unit_id, code, procedure_id, procedure_code, procedure_name, status, channel, applicant_name, applicant_id_number, applicant_phone,
      applicant_address, form_data, submitted_at, received_at, due_at, original_due_at, holder_official_id, holder_name, step_index, step_started_at)
    select ${unit.id}, ${`${AGENCY}-250101-`} || lpad(g::text, 6, '0'), ${template.procedure_id}, ${template.procedure_code}, ${template.procedure_name},
      s.status, 1 + g % 2, 'Người dân số ' || g, lpad((100000000000 + g)::text, 12, '0'), '09' || lpad(g::text, 8, '0'),
      'Bản Mường Đăng, xã Mường Đăng', ${JSON.stringify(template.form_data)}::jsonb, d.due - interval '5 days', d.due - interval '4 days', d.due, d.due,
      case when s.status = 4 then ${holder.id}::bigint end, case when s.status = 4 then ${holder.full_name} end, case when s.status = 4 then 1 else 0 end,
      case when s.status = 4 then d.due - interval '3 days' end
    from generate_series(1, ${count}::int) g
    cross join lateral (select (case when g % 3 = 0 then 2 else 4 end)::smallint as status) s
    cross join lateral (select case when g % 5 = 0 then now() - (1 + g % 240) * interval '1 hour' else now() + (1 + g % 480) * interval '1 hour' end as due) d`.execute(db);
  if (process.env.BENCH_WQ_WITHOUT_INDEX) await sql`drop index if exists records_open_by_due`.execute(db);
  await sql`vacuum analyze records`.execute(db);
  const overdue = (await sql<{ n: number }>`select count(*)::int as n from records where unit_id = ${unit.id} and status in (2, 4) and due_at < now()`.execute(db)).rows[0]!.n;
  return { unitId: unit.id, overdue };
}

const inList = (ids: readonly number[]) => sql.join(ids.map((id) => sql`${id}`));

/**
 * How the eight queue counts are asked for:
 *   three: what record-lists.ts `countQueues` sends: per status (one `group by status`), the open records' appointments
 *          within the "due soon" window (overdue and due soon in one statement), the holder's records;
 *   eight: one statement per queue, as countQueues sent them before;
 *   one:   a single statement with `count(*) filter (where …)` per queue.
 */
export const COUNT_VARIANTS = ['three', 'eight', 'one'] as const;
export type CountVariant = (typeof COUNT_VARIANTS)[number];

/** The SQL behind the overdue page, written out: what listRecords and countQueues send (record-lists.ts). */
function pageQueries(unitIds: readonly number[], holderId: number, now: Date) {
  const units = inList(unitIds);
  const soon = new Date(now.getTime() + SOON_MS);
  const overdue = sql`unit_id in (${units}) and status in (${2}, ${4}) and due_at < ${now}`;
  const queues: Record<string, RawBuilder<unknown>> = {
    new: sql`status = ${1}`,
    mine: sql`holder_official_id = ${holderId} and status in (${2}, ${4}, ${6})`,
    in_progress: sql`status in (${2}, ${4})`,
    due_soon: sql`status in (${2}, ${4}) and due_at >= ${now} and due_at < ${soon}`,
    overdue: sql`status in (${2}, ${4}) and due_at < ${now}`,
    waiting: sql`status in (${5}, ${6})`,
    to_return: sql`status = ${9}`,
    closed: sql`status in (${3}, ${7}, ${8}, ${10})`,
  };
  const counts: Record<CountVariant, RawBuilder<unknown>[]> = {
    three: [
      sql`select status, count(*) as n from records where unit_id in (${units}) group by status`,
      sql`select count(*) filter (where due_at < ${now}) as overdue, count(*) filter (where due_at >= ${now}) as due_soon from records where unit_id in (${units}) and status in (${2}, ${4}) and due_at < ${soon}`,
      sql`select count(*) as n from records where unit_id in (${units}) and ${queues.mine!}`,
    ],
    eight: Object.values(queues).map((where) => sql`select count(*) as n from records where unit_id in (${units}) and ${where}`),
    one: [sql`select ${sql.join(Object.entries(queues).map(([q, where]) => sql`count(*) filter (where ${where}) as ${sql.ref(q)}`))} from records where unit_id in (${units})`],
  };
  return {
    count: sql<{ n: string }>`select count(*) as n from records where ${overdue}`,
    // Every column but the applicant's answers (form_data), as listRecords selects.
    rows: sql`select ${sql.join(LIST_COLUMNS.map((c) => sql.ref(c)))} from records where ${overdue} order by due_at asc, id limit ${PAGE} offset ${0}`,
    counts,
  };
}

async function rawPage(db: Db, unitIds: readonly number[], holderId: number, variant: CountVariant): Promise<number> {
  // The page takes the queue's total from the tab counts, so the overdue count is not sent again.
  const q = pageQueries(unitIds, holderId, new Date());
  const [rows] = await Promise.all([q.rows.execute(db), ...q.counts[variant].map((c) => c.execute(db))]);
  if (rows.rows.length === 0) throw new Error('the raw page is empty');
  return rows.rows.length;
}

/** The overdue count, once, to check the page against. */
async function rawOverdue(db: Db, unitIds: readonly number[], holderId: number): Promise<number> {
  return Number((await pageQueries(unitIds, holderId, new Date()).count.execute(db)).rows[0]!.n);
}

/** EXPLAIN ANALYZE of each statement behind the page (BENCH_EXPLAIN=1). */
export async function explainPage(db: Db, unitIds: readonly number[], holderId: number, log: (line: string) => void): Promise<void> {
  const q = pageQueries(unitIds, holderId, new Date());
  const statements: [string, RawBuilder<unknown>][] = [
    ['overdue count', q.count], ['first page', q.rows],
    ...COUNT_VARIANTS.flatMap((v) => q.counts[v].map((c, i) => [`queue counts "${v}", statement ${i + 1} of ${q.counts[v].length}`, c] as [string, RawBuilder<unknown>])),
  ];
  for (const [name, statement] of statements) {
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off) ${statement}`.execute(db);
    log(`  -- ${name}`);
    for (const line of plan.rows) log(`     ${line['QUERY PLAN']}`);
  }
}

function cookiesOf(res: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const c of res.headers['set-cookie'] ?? []) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    jar[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return jar;
}

/** Signs in like a browser; returns the Cookie header. */
export async function signIn(port: number, login: string): Promise<string> {
  const page = await request(port, { path: '/login', headers: { 'user-agent': USER_AGENT } });
  const jar = cookiesOf(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1];
  if (!jar.sc_csrf || !token) throw new Error('no CSRF token on /login');
  const res = await request(port, {
    method: 'POST', path: '/login',
    body: new URLSearchParams({ _csrf: token, login, password: DEMO_PASSWORD, next: '/' }).toString(),
    headers: { cookie: `sc_csrf=${jar.sc_csrf}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
  });
  Object.assign(jar, cookiesOf(res));
  if (res.status !== 303 || !jar.sc_session) throw new Error(`sign-in failed: ${res.status} ${res.body.toString().slice(0, 200)}`);
  return `sc_csrf=${jar.sc_csrf}; sc_session=${jar.sc_session}`;
}

/** `concurrency` loops calling `once` until the deadline; completed calls per second. */
async function drive(concurrency: number, seconds: number, once: () => Promise<boolean>): Promise<{ perSecond: number; ok: number; failed: number }> {
  const deadline = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      if (await once()) ok++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { perSecond: ok / ((performance.now() - started) / 1000), ok, failed };
}

type Kind = 'page' | CountVariant;
const KINDS: Kind[] = ['page', ...COUNT_VARIANTS];

/** The measure on one open, migrated and demo-seeded database (the open records are added here). */
export async function measureWorkqueue(database: Database, o: WorkqueueOptions, log: (line: string) => void = () => undefined): Promise<WorkqueueResult> {
  const db = database.db;
  const seeded = performance.now();
  const { unitId, overdue } = await seedOpenRecords(db, o.records);
  log(`  ${database.description}: ${o.records} open records written and analysed in ${((performance.now() - seeded) / 1000).toFixed(1)} s; ${overdue} overdue`);
  const unit = (await listUnitsWithin(db, (await findUnitByCode(db, AGENCY))!.path)).map((u) => u.id);
  const holderId = Number((await sql<{ id: number }>`select id from officials where username = ${DESK}`.execute(db)).rows[0]!.id);
  if (process.env.BENCH_EXPLAIN) await explainPage(db, unit, holderId, log);

  const config = loadConfig({ DATA_DIR: path.join(os.tmpdir(), 'sc-bench-unused'), APP_SECRET: crypto.randomBytes(32).toString('hex') });
  const app = await createServer(config, database, { logger: { level: 'warn' } });
  await app.listen({ host: HOST, port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  try {
    const cookie = await signIn(port, DESK);
    const urlPath = `/admin/units/${unitId}/records?queue=overdue`;
    const headers = { cookie, 'user-agent': USER_AGENT };
    // The page shows what the raw queries count.
    const first = await request(port, { path: urlPath, headers, agent });
    const shown = /<p>([\d.,]+) hồ sơ<\/p>/.exec(first.body.toString())?.[1];
    if (first.status !== 200 || Number(shown?.replace(/[.,]/g, '')) !== overdue) throw new Error(`the overdue page answered ${first.status}, showing "${shown}" for ${overdue}: ${first.body.toString().slice(0, 300)}`);
    const rawCount = await rawOverdue(db, unit, holderId);
    if (rawCount !== overdue) throw new Error(`the raw count is ${rawCount}, not ${overdue}`);

    let errors = 0;
    let firstError = '';
    const viaHttp = async () => {
      const res = await request(port, { path: urlPath, headers, agent }).catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }) as Response);
      if (res.status === 200) return true;
      firstError ||= `${res.status} ${res.body.toString().slice(0, 300)}`;
      return false;
    };
    const once = (kind: Kind) => (kind === 'page' ? viaHttp : async () => (await rawPage(db, unit, holderId, kind), true));
    const rounds = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<Kind, number[]>;
    const cpu = Object.fromEntries(KINDS.map((k) => [k, { ms: 0, n: 0 }])) as Record<Kind, { ms: number; n: number }>;
    const round = async (kind: Kind, seconds: number, measured: boolean) => {
      const before = process.cpuUsage();
      const r = await drive(o.concurrency, seconds, once(kind));
      const used = process.cpuUsage(before);
      if (kind === 'page') errors += r.failed;
      if (measured) {
        rounds[kind].push(r.perSecond);
        cpu[kind].ms += (used.user + used.system) / 1000;
        cpu[kind].n += r.ok;
      }
    };
    for (const kind of KINDS) await round(kind, o.warmupSeconds, false); // JIT, plans, caches, pool connections
    for (let r = 0; r < o.rounds; r++) {
      // Rotate which kind goes first.
      for (let k = 0; k < KINDS.length; k++) await round(KINDS[(r + k) % KINDS.length]!, o.roundSeconds, true);
    }
    if (errors > 0) log(`  ${errors} failed page loads, the first: ${firstError}`);
    const perSecond = Object.fromEntries(KINDS.map((k) => [k, median(rounds[k])])) as Record<Kind, number>;
    const result: WorkqueueResult = {
      database: database.description, concurrency: o.concurrency, records: o.records, overdue,
      perSecond, rounds, ratio: perSecond.page / perSecond.three, errors, bytes: first.body.length,
      cpuMs: Object.fromEntries(KINDS.map((k) => [k, cpu[k].ms / cpu[k].n])) as Record<Kind, number>,
    };
    log(`  ${database.description} (${o.concurrency} concurrent): page ${perSecond.page.toFixed(0)}/s; raw, queue counts as record-lists.ts sends them (3 statements) ${perSecond.three.toFixed(0)}/s, ` +
      `8 statements ${perSecond.eight.toFixed(0)}/s, 1 statement ${perSecond.one.toFixed(0)}/s; page/raw ${result.ratio.toFixed(2)}×; ` +
      `CPU of this process per page ${result.cpuMs.page.toFixed(2)} ms, per raw set ${COUNT_VARIANTS.map((v) => result.cpuMs[v].toFixed(2)).join(' | ')} ms`);
    return result;
  } finally {
    agent.destroy();
    await app.close();
  }
}

/** PGlite in a new directory (initdb, migrations, demo seed): the records are not left in anyone's data. */
export async function measureWorkqueueOnPglite(dataDir: string, o: WorkqueueOptions, log?: (line: string) => void): Promise<WorkqueueResult> {
  const { database } = await openAndMigrate({ databaseUrl: undefined, dataDir });
  try {
    await seedDemo(database.db);
    return await measureWorkqueue({ ...database, description: 'PGlite on disk' }, o, log);
  } finally {
    await database.close();
  }
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** DATABASE_URL, else a PostgreSQL server answering at 127.0.0.1:5432 as `postgres` (no password), else nothing. */
export async function postgresServerUrl(): Promise<string | undefined> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const open = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: 5432 });
    socket.setTimeout(500, () => { socket.destroy(); resolve(false); });
    socket.once('connect', () => { socket.end(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
  if (!open) return undefined;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return LOCAL_POSTGRES;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new database on that server, migrated and seeded, dropped afterwards (test/support/db.ts creates and drops it). */
export async function measureWorkqueueOnPostgres(serverUrl: string, o: WorkqueueOptions, log?: (line: string) => void): Promise<WorkqueueResult> {
  // createTestDatabase reads the server from DATABASE_URL when called; the drop remembers it.
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  try {
    database = await createTestDatabase();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  const description = `PostgreSQL ${new URL(database.url!).host} (new database)`;
  try {
    await seedDemo(database.db);
    return await measureWorkqueue({ ...database, description }, o, log);
  } finally {
    await database.close();
  }
}

export const WORKQUEUE_OPTIONS = {
  rounds: Number(process.env.BENCH_WQ_ROUNDS ?? 5),
  roundSeconds: Number(process.env.BENCH_WQ_SECONDS ?? 1),
  warmupSeconds: 1,
  records: Number(process.env.BENCH_WQ_RECORDS ?? 10_000),
};
/** PGlite is one connection inside this thread; PostgreSQL: a pool of 10 in the server, 8 loops. */
export const WQ_PGLITE_CONCURRENCY = 2;
export const WQ_POSTGRES_CONCURRENCY = 8;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-wq-'));
  try {
    const results = [await measureWorkqueueOnPglite(work, { ...WORKQUEUE_OPTIONS, concurrency: WQ_PGLITE_CONCURRENCY }, log)];
    const server = await postgresServerUrl();
    if (server) results.push(await measureWorkqueueOnPostgres(server, { ...WORKQUEUE_OPTIONS, concurrency: WQ_POSTGRES_CONCURRENCY }, log));
    else log('PostgreSQL: not measured (no DATABASE_URL, nothing at 127.0.0.1:5432)');
    for (const r of results) {
      log(`${r.database} (${r.concurrency} concurrent, ${r.records} open, ${r.overdue} overdue): ${KINDS.map((k) => `${k === 'page' ? 'page' : `raw, counts "${k}"`} ${r.rounds[k].map((x) => x.toFixed(0)).join(' ')}`).join(' | ')} | page/raw ${r.ratio.toFixed(2)}× (errors ${r.errors})`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
