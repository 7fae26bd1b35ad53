/**
 * Measure 9 (issue #7): the province dashboard (the ranking of its communes) vs the raw SQL aggregate behind it,
 * and the commune dashboard vs its raw queries, in one process and one run, on a database filled with
 * realistic records (bench/fill-records.ts).
 *
 * Data: for each database, a new one (PGlite in a temporary directory; PostgreSQL: a new database on the server,
 * dropped afterwards), migrated, the demo seed (the province and its logins), then `fillRecords` (default
 * 1,000,000 records in 100 communes over the last 24 months, then VACUUM ANALYZE).
 *
 * Page: the application (createServer, as `serve` builds it, logger at warn) listens on 127.0.0.1; the provincial
 * supervisor `giamsat` signs in as a browser does; one request at a time (each is a big aggregate: latency, not
 * throughput):
 *   province month  GET /admin/units/<province>/reports/ranking?period=<this month>
 *   province year   GET /admin/units/<province>/reports/ranking?period=<first day of the month 11 months ago>..<today>
 *                   (the last 12 months as a range: the same size whatever the date; "the year" in November is 11/12 of it)
 *   commune         GET /admin/units/<the first filled unit, a ward>/reports?period=<this month>: the month's indicators,
 *                   the 12-month trend (12 more aggregates), 2.2 (the finished records), the workload counts
 * Raw: the SQL alone, through the same pool or PGlite instance, one set at a time:
 *   province        indicatorFactsQuery(the province's communes and wards, the window).execute(db)
 *   commune         the 13 aggregates (the month, then the 12 months of the trend) and the query of 2.2
 *                   (listFinishedRecords), all at once (Promise.all)
 * The window's paper-result versions are read once beforehand (the page reads the catalogue on every request).
 *
 * Kinds alternate in rounds (the order rotates each round); the median of each kind is reported, and
 * page/raw of the medians. The pages' numbers are checked once against the raw counts (the rates 2.1, 3.3,
 * 3.6 and 4.2 of every unit; 2.1 on the commune dashboard).
 *
 * Part of `npm run bench` (bench/run.ts, which reads --records / --communes); on its own:
 *   node --import tsx bench/dashboard.ts --records 100000 --communes 100
 *   BENCH_DASH_ROUNDS=7 BENCH_DASH_WARMUP=1   rounds of each kind, warm-up requests of each kind
 *   BENCH_DASH_DB=postgres|pglite             only one database (default both; PostgreSQL: DATABASE_URL's server,
 *                                             else 127.0.0.1:5432 as postgres when it answers)
 *   BENCH_EXPLAIN=1                           also prints EXPLAIN (ANALYZE, BUFFERS) of the aggregate (month and year)
 *   BENCH_DASH_PROFILE=1                      also times the page's parts directly (units, settings, catalogue, aggregate, ranking)
 *                                             and the ranking of a month without records over HTTP (the page's fixed cost)
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database, Db } from '../src/platform/db/database.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createServer, openAndMigrate } from '../src/main.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { catalogueFacts } from '../src/modules/catalogue/index.ts';
import { findUnit, listUnitsWithin } from '../src/modules/tenancy/index.ts';
import { RECORD_SETS, indicatorFactsQuery, listFinishedRecords } from '../src/modules/records/index.ts';
import type { RecordSet } from '../src/modules/records/index.ts';
import { factsWindow, rank, reportUnits } from '../src/modules/reports/compute.ts';
import { loadSettings } from '../src/modules/reports/store.ts';
import { lastMonths, monthOf, parsePeriod } from '../src/modules/reports/domain/period.ts';
import type { Period } from '../src/modules/reports/domain/period.ts';
import { ratio } from '../src/modules/reports/domain/indicators.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { FILL_DEFAULTS, fillRecords, parseFillArgs } from './fill-records.ts';
import type { FillResult } from './fill-records.ts';
import { HOST, median, request } from './lib.ts';
import { postgresServerUrl, signIn } from './workqueue.ts';

export interface DashboardOptions {
  records: number;
  communes: number;
  rounds: number;
  warmup: number;
}

export const DASHBOARD_KINDS = ['provinceMonth', 'provinceYear', 'commune'] as const;
export type DashboardKind = (typeof DASHBOARD_KINDS)[number];

export interface DashboardFigure {
  /** What was asked: the period key (and the unit for the commune dashboard). */
  period: string;
  /** Records in the aggregate's window (all units of the page). */
  windowRecords: number;
  pageMs: number;
  rawMs: number;
  /** page / raw of the medians. */
  ratio: number;
  /** The median of each round's page / raw (steadier while the machine's load drifts). */
  pairedRatio: number;
  pageRounds: number[];
  rawRounds: number[];
  bytes: number;
}

export interface DashboardResult {
  database: string;
  records: number;
  communes: number;
  /** Units ranked on the province page (the filled ones and the demo's). */
  ranked: number;
  fill: Pick<FillResult, 'insertMs' | 'analyzeMs' | 'files'> & { totalMs: number };
  /** The first unit filled (a ward, 5× a commune's records): its name, for the commune line. */
  communeName: string;
  figures: Record<DashboardKind, DashboardFigure>;
  load: { before: number; after: number };
  rounds: number;
  /** Non-200 answers. */
  errors: number;
  /** EXPLAIN ANALYZE summary lines per period (BENCH_EXPLAIN=1), else empty. */
  plans: Record<string, string[]>;
}

const LOGIN = 'giamsat';
const USER_AGENT = 'smart-commune-bench';
const TIMEOUT_MS = 600_000;
const dayText = (instant: Date) => new Date(instant.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

/** This month, and the last 12 months (the first day of the month 11 months ago to today) as a range. */
export function benchPeriods(now = new Date()): { month: Period; year: Period } {
  const month = monthOf(now);
  const year = parsePeriod(`${lastMonths(now, 12)[0]!.firstDay}..${dayText(now)}`)!;
  return { month, year };
}

/** A number as the pages write it (vi-VN: 1.234,5). */
const shownNumber = (text: string) => Number(text.replace(/\./g, '').replace(',', '.'));

/** The province page's key rates per unit: `<tr data-unit>` rows, 6 group cells then 2.1, 3.3, 3.6, 4.2, 5.4. */
function pageRates(body: string): Map<number, (number | null)[]> {
  const rates = new Map<number, (number | null)[]>();
  for (const row of body.split('<tr data-unit="').slice(1)) {
    const id = Number(row.slice(0, row.indexOf('"')));
    const cells = [...row.slice(0, row.indexOf('</tr>')).matchAll(/<td class="num">(.*?)<\/td>/gs)].map((m) => m[1]!);
    rates.set(id, cells.slice(6, 10).map((c) => (c.includes('<abbr') ? null : shownNumber(c))));
  }
  return rates;
}

type Counts = Record<RecordSet, number>;
const countsOf = (row: Record<string, unknown>) => Object.fromEntries(RECORD_SETS.map((s) => [s, Number(row[s])])) as Counts;
const KEY_SETS: [RecordSet, RecordSet][] = [['on_time', 'processed'], ['online', 'received'], ['paid_online', 'fee_due'], ['digitised', 'received']];

/** EXPLAIN (ANALYZE, BUFFERS) of the aggregate: every line, and a summary (top nodes, timings). */
async function explain(db: Db, unitIds: readonly number[], period: Period, paper: readonly number[], log: (line: string) => void): Promise<string[]> {
  const q = indicatorFactsQuery(unitIds, factsWindow(period, new Date(), { inForce: [], paperResultVersionIds: [...paper] }));
  const plan = (await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers, costs off) ${q}`.execute(db)).rows.map((r) => r['QUERY PLAN']);
  log(`  -- EXPLAIN ANALYZE of the aggregate, ${period.key}`);
  for (const line of plan) log(`     ${line}`);
  return plan.filter((l) => /^\s*(->\s*)?[A-Z][A-Za-z ]+( on | using |\s*\(actual)|Execution Time|Planning Time|SubPlan|Workers/.test(l)).map((l) => l.replace(/\s+$/, ''));
}

/** The page's parts timed directly (BENCH_DASH_PROFILE=1), median of 5 each. */
async function profile(db: Db, province: { id: number; path: string }, unitIds: readonly number[], period: Period, log: (line: string) => void): Promise<void> {
  const time = async (f: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await f();
      ms.push(performance.now() - t0);
    }
    return median(ms).toFixed(1);
  };
  const units = (await listUnitsWithin(db, province.path)).filter((u) => u.kind === 'commune' || u.kind === 'ward');
  const { settings } = await loadSettings(db, province.id);
  const catalogue = await catalogueFacts(db);
  const parts = {
    findUnit: await time(() => findUnit(db, province.id)),
    listUnitsWithin: await time(() => listUnitsWithin(db, province.path)),
    loadSettings: await time(() => loadSettings(db, province.id)),
    catalogueFacts: await time(() => catalogueFacts(db)),
    aggregate: await time(() => indicatorFactsQuery(unitIds, factsWindow(period, new Date(), catalogue)).execute(db)),
    'reportUnits+rank (catalogue given)': await time(async () => rank(await reportUnits(db, units, period, settings, new Date(), catalogue))),
  };
  log(`  profile ${period.key}: ${Object.entries(parts).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
}

/** The measure on one open, migrated, demo-seeded database: fills it, then times the pages and the raw queries. */
export async function measureDashboard(database: Database, o: DashboardOptions, log: (line: string) => void = () => undefined): Promise<DashboardResult> {
  const db = database.db;
  const loadBefore = os.loadavg()[0]!;
  log(`  ${database.description}: filling ${o.records.toLocaleString('en-US')} records in ${o.communes} communes (load average ${loadBefore.toFixed(2)}) …`);
  const began = performance.now();
  let lastLog = 0;
  const fill = await fillRecords(db, {
    records: o.records, communes: o.communes,
    log: (line) => { if (performance.now() - lastLog > 30_000) { lastLog = performance.now(); log(`  ${line.trim()}`); } },
  });
  const fillMs = performance.now() - began;
  log(`  filled: inserts ${(fill.insertMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(fill.analyzeMs / 1000).toFixed(1)} s, ${(fillMs / 1000).toFixed(1)} s in all (load average ${os.loadavg()[0]!.toFixed(2)})`);

  const province = (await findUnit(db, fill.provinceId))!;
  const ranked = (await listUnitsWithin(db, province.path)).filter((u) => u.kind === 'commune' || u.kind === 'ward');
  const unitIds = ranked.map((u) => u.id);
  const commune = (await findUnit(db, fill.communes[0]!.id))!;
  const paper = (await catalogueFacts(db)).paperResultVersionIds;
  const windowOf = (period: Period) => factsWindow(period, new Date(), { inForce: [], paperResultVersionIds: paper });
  const { month, year } = benchPeriods();
  const trend = lastMonths(new Date(), 12);

  const plans: Record<string, string[]> = {};
  if (process.env.BENCH_EXPLAIN) {
    for (const p of [month, year]) plans[p.key] = await explain(db, unitIds, p, paper, log);
  }
  if (process.env.BENCH_DASH_PROFILE) {
    for (const p of [month, year]) await profile(db, province, unitIds, p, log);
  }

  const raw: Record<DashboardKind, () => Promise<unknown>> = {
    provinceMonth: () => indicatorFactsQuery(unitIds, windowOf(month)).execute(db),
    provinceYear: () => indicatorFactsQuery(unitIds, windowOf(year)).execute(db),
    commune: () => Promise.all([
      indicatorFactsQuery([commune.id], windowOf(month)).execute(db),
      ...trend.map((m) => indicatorFactsQuery([commune.id], windowOf(m)).execute(db)),
      listFinishedRecords(db, [commune.id], windowOf(month)),
    ]),
  };
  const urls: Record<DashboardKind, string> = {
    provinceMonth: `/admin/units/${province.id}/reports/ranking?period=${encodeURIComponent(month.key)}`,
    provinceYear: `/admin/units/${province.id}/reports/ranking?period=${encodeURIComponent(year.key)}`,
    commune: `/admin/units/${commune.id}/reports?period=${encodeURIComponent(month.key)}`,
  };
  const periods: Record<DashboardKind, Period> = { provinceMonth: month, provinceYear: year, commune: month };

  const config = loadConfig({ DATA_DIR: path.join(os.tmpdir(), 'sc-bench-unused'), APP_SECRET: crypto.randomBytes(32).toString('hex') });
  const app = await createServer(config, database, { logger: { level: 'warn' } });
  await app.listen({ host: HOST, port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const cookie = await signIn(port, LOGIN);
    const headers = { cookie, 'user-agent': USER_AGENT };
    let errors = 0;
    let firstError = '';
    const page = async (kind: DashboardKind) => {
      const res = await request(port, { path: urls[kind], headers, agent, timeoutMs: TIMEOUT_MS });
      if (res.status !== 200) {
        errors++;
        firstError ||= `${kind}: ${res.status} ${res.body.toString().slice(0, 300)}`;
      }
      return res;
    };

    // Once: the pages show what the raw queries count. The window ends now, and an open record turns late when its
    // appointment passes, so 2.1 may fall between the raw counts taken before and after the page; the rest must be equal.
    const bytes = {} as Record<DashboardKind, number>;
    const windowRecords = {} as Record<DashboardKind, number>;
    const rates = async (ids: readonly number[], period: Period) => new Map((await indicatorFactsQuery(ids, windowOf(period)).execute(db)).rows
      .map((r) => { const c = countsOf(r); return [Number(r.unit_id), { processed: c.processed, rates: KEY_SETS.map(([n, d]) => ratio(c[n], c[d])) }] as const; }));
    const within = (v: number | null, a: number | null, b: number | null, bracket: boolean) => v === a || v === b || (bracket && v !== null && a !== null && b !== null && v <= Math.max(a, b) && v >= Math.min(a, b));
    for (const kind of DASHBOARD_KINDS) {
      const ids = kind === 'commune' ? [commune.id] : unitIds;
      const before = await rates(ids, periods[kind]);
      const res = await page(kind);
      const after = await rates(ids, periods[kind]);
      const body = res.body.toString();
      bytes[kind] = res.body.length;
      windowRecords[kind] = [...after.values()].reduce((n, r) => n + r.processed, 0);
      // The ranking: the key rates of every unit; the commune dashboard: 2.1.
      const shown = kind === 'commune'
        ? new Map([[commune.id, [/<tr data-indicator="2\.1".*?data-rate="([^"]*)"/s.exec(body)?.[1]].map((v) => (v === undefined || v === '' ? null : Number(v))).concat(null, null, null)]])
        : pageRates(body);
      if (res.status !== 200 || shown.size !== ids.length) throw new Error(`${kind} answered ${res.status} with ${shown.size} rows for ${ids.length} units: ${body.slice(0, 300)}`);
      for (const [unitId, a] of before) {
        const b = after.get(unitId)!;
        const got = shown.get(unitId);
        const checked = kind === 'commune' ? 1 : KEY_SETS.length;
        if (!got || got.slice(0, checked).some((v, i) => !within(v, a.rates[i]!, b.rates[i]!, i === 0))) {
          throw new Error(`unit ${unitId} (${kind}): the page shows ${JSON.stringify(got)}, the raw counts give ${JSON.stringify(a.rates)} before it, ${JSON.stringify(b.rates)} after`);
        }
      }
    }
    log(`  checked: the pages' rates equal the raw counts'; records in the window: this month ${windowRecords.provinceMonth.toLocaleString('en-US')}, ` +
      `12 months ${windowRecords.provinceYear.toLocaleString('en-US')}, ${commune.name} this month ${windowRecords.commune.toLocaleString('en-US')}`);

    if (process.env.BENCH_DASH_PROFILE) {
      // The page's fixed cost: a month without records (the same 100-odd rows, all N/A) vs its (empty) aggregate.
      const empty = parsePeriod('2000-01')!;
      const ms = { page: [] as number[], raw: [] as number[] };
      for (let i = 0; i < 8; i++) {
        let t0 = performance.now();
        await request(port, { path: `/admin/units/${province.id}/reports/ranking?period=${empty.key}`, headers, agent, timeoutMs: TIMEOUT_MS });
        if (i > 0) ms.page.push(performance.now() - t0);
        t0 = performance.now();
        await indicatorFactsQuery(unitIds, windowOf(empty)).execute(db);
        if (i > 0) ms.raw.push(performance.now() - t0);
      }
      log(`  profile: the ranking of a month without records (the page's fixed cost): page ${median(ms.page).toFixed(1)} ms, its aggregate ${median(ms.raw).toFixed(1)} ms`);
    }

    const pageMs = Object.fromEntries(DASHBOARD_KINDS.map((k) => [k, [] as number[]])) as Record<DashboardKind, number[]>;
    const rawMs = Object.fromEntries(DASHBOARD_KINDS.map((k) => [k, [] as number[]])) as Record<DashboardKind, number[]>;
    const steps = DASHBOARD_KINDS.flatMap((k) => [[k, 'page'], [k, 'raw']] as const);
    const step = async ([kind, how]: (typeof steps)[number], measured: boolean) => {
      const t0 = performance.now();
      if (how === 'page') await page(kind);
      else await raw[kind]();
      const ms = performance.now() - t0;
      if (measured) (how === 'page' ? pageMs : rawMs)[kind].push(ms);
    };
    for (let w = 0; w < o.warmup; w++) for (const s of steps) await step(s, false); // JIT, plans, caches, pool connections
    for (let r = 0; r < o.rounds; r++) {
      for (let k = 0; k < steps.length; k++) await step(steps[(r + k) % steps.length]!, true);
      log(`  round ${r + 1}: ${DASHBOARD_KINDS.map((k) => `${k} page ${pageMs[k].at(-1)!.toFixed(0)} | raw ${rawMs[k].at(-1)!.toFixed(0)} ms`).join(', ')}`);
    }
    if (errors > 0) log(`  ${errors} failed page loads, the first: ${firstError}`);
    const figures = Object.fromEntries(DASHBOARD_KINDS.map((k) => {
      const [p, q] = [median(pageMs[k]), median(rawMs[k])];
      const paired = median(pageMs[k].map((ms, i) => ms / rawMs[k][i]!));
      return [k, { period: periods[k].key, windowRecords: windowRecords[k], pageMs: p, rawMs: q, ratio: p / q, pairedRatio: paired, pageRounds: pageMs[k], rawRounds: rawMs[k], bytes: bytes[k] }];
    })) as Record<DashboardKind, DashboardFigure>;
    const result: DashboardResult = {
      database: database.description, records: o.records, communes: o.communes, ranked: ranked.length,
      fill: { insertMs: fill.insertMs, analyzeMs: fill.analyzeMs, files: fill.files, totalMs: fillMs }, communeName: commune.name,
      figures, load: { before: loadBefore, after: os.loadavg()[0]! }, rounds: o.rounds, errors, plans,
    };
    for (const line of summaryLines(result)) log(`  ${line}`);
    return result;
  } finally {
    agent.destroy();
    await app.close();
  }
}

export function summaryLines(r: DashboardResult): string[] {
  const label: Record<DashboardKind, string> = { provinceMonth: 'province ranking, this month', provinceYear: 'province ranking, 12 months', commune: `commune dashboard (${r.communeName}), this month + 12-month trend` };
  return DASHBOARD_KINDS.map((k) => {
    const f = r.figures[k];
    return `${r.database}: ${label[k]} (${f.period}): page ${f.pageMs.toFixed(0)} ms, raw ${f.rawMs.toFixed(0)} ms, page/raw ${f.ratio.toFixed(2)}× (median of the rounds' ratios ${f.pairedRatio.toFixed(2)}×)`;
  });
}

/** PGlite in a new directory (initdb, migrations, demo seed), removed afterwards. */
export async function measureDashboardOnPglite(dataDir: string, o: DashboardOptions, log?: (line: string) => void): Promise<DashboardResult> {
  const { database } = await openAndMigrate({ databaseUrl: undefined, dataDir });
  try {
    await seedDemo(database.db);
    return await measureDashboard({ ...database, description: 'PGlite on disk' }, o, log);
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A new database on that server (test/support/db.ts creates it and drops it on close), migrated and seeded. */
export async function measureDashboardOnPostgres(serverUrl: string, o: DashboardOptions, log?: (line: string) => void): Promise<DashboardResult> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  try {
    database = await createTestDatabase();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  const version = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db)).rows[0]!.v.split(' ')[0];
  try {
    await seedDemo(database.db);
    return await measureDashboard({ ...database, description: `PostgreSQL ${version} on ${new URL(database.url!).host} (new database)` }, o, log);
  } finally {
    await database.close();
  }
}

/** Options from the command line (--records, --communes) and BENCH_DASH_*. */
export function dashboardOptions(argv: readonly string[]): DashboardOptions {
  const args = parseFillArgs(argv);
  return {
    records: args.records ?? FILL_DEFAULTS.records,
    communes: args.communes ?? FILL_DEFAULTS.communes,
    rounds: Number(process.env.BENCH_DASH_ROUNDS ?? 7),
    warmup: Number(process.env.BENCH_DASH_WARMUP ?? 1),
  };
}

/** Both databases (BENCH_DASH_DB picks one); PostgreSQL when a server answers. */
export async function measureDashboards(work: string, o: DashboardOptions, log: (line: string) => void): Promise<{ results: DashboardResult[]; postgres: boolean }> {
  const only = process.env.BENCH_DASH_DB;
  const results: DashboardResult[] = [];
  if (only !== 'postgres') results.push(await measureDashboardOnPglite(path.join(work, 'dashboard'), o, log));
  const server = only === 'pglite' ? undefined : await postgresServerUrl();
  if (server) results.push(await measureDashboardOnPostgres(server, o, log));
  else if (only !== 'pglite') log('  PostgreSQL: not measured (no DATABASE_URL, nothing at 127.0.0.1:5432)');
  return { results, postgres: server !== undefined };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  const o = dashboardOptions(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-dash-'));
  try {
    log(`9. province dashboard vs the raw aggregate (${o.records.toLocaleString('en-US')} records, ${o.communes} communes, ${o.rounds} rounds; nproc ${os.availableParallelism()}, load average ${os.loadavg().map((v) => v.toFixed(2)).join(' ')})`);
    const { results } = await measureDashboards(work, o, log);
    for (const r of results) for (const line of summaryLines(r)) log(line);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
