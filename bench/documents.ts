/**
 * Measure 10 (issue #8): searching 100,000 documents — the search use case (`searchDocuments`: words folded, tsquery,
 * filters, the confidentiality clause, rank then date, the page and the count in one statement, the excerpt) vs the
 * raw SQL alone (the same first page and count, written out here: unit, tsquery, ts_rank order, limit 20, count over
 * the matches, narrow rows through the sort as the use case does) — and registrations per second: `registerIncomingInTrx` (the use case every incoming document goes
 * through: the register, the yearly number under its row lock, the document, its file, the first event) vs a bare
 * INSERT of the same row with a number counted here.
 *
 * Data: for each database, a new one (PGlite in a temporary directory; PostgreSQL: a new database on the server of
 * DATABASE_URL or at 127.0.0.1:5432 as postgres, dropped afterwards — never the `test` database's data), migrated, the
 * demo seed, then `fillDocuments` (bench/fill-documents.ts): BENCH_DOCS_COUNT (100,000) documents of Xã Mường Đăng
 * and a tenth as many of Xã Phìn Hồ, then VACUUM ANALYZE. Queries, as an official would type them:
 *   rare word      "Huổi Khon"          (about 1 in 600 documents)
 *   two common     "phòng chống"        (about 1 in 10)
 *   prefix         "chuyển đổi s"       (the last word a prefix)
 *   number         "12/QĐ-UBND"         (three words, one of them a number)
 * each searched as the commune's specialist (not a leader: the confidentiality clause applies). One request at a time;
 * 3 warm-up runs of each kind, then BENCH_DOCS_ROUNDS (30) rounds alternating use case and raw; median and p95.
 * EXPLAIN ANALYZE of the raw query shows the GIN index (documents_search_vector) at work.
 * Registrations: BENCH_DOCS_REG_ROUNDS (5) alternating rounds of BENCH_DOCS_REG_PER_ROUND (200) of each kind, one
 * transaction each, one after the other; the median round.
 *
 * Part of `npm run bench` (bench/run.ts, measure 10); on its own: node --import tsx bench/documents.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database, Db } from '../src/platform/db/database.ts';
import { openAndMigrate } from '../src/main.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { searchDocuments } from '../src/modules/documents/search.ts';
import { parseQuery } from '../src/modules/documents/domain/search-query.ts';
import { registerIncomingInTrx, searchTextOf, sha256 } from '../src/modules/documents/register-incoming.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { fillDocuments } from './fill-documents.ts';
import { median } from './lib.ts';
import { postgresServerUrl } from './workqueue.ts';

export const DOCUMENT_OPTIONS = {
  count: Number(process.env.BENCH_DOCS_COUNT ?? 100_000),
  rounds: Number(process.env.BENCH_DOCS_ROUNDS ?? 30),
  regRounds: Number(process.env.BENCH_DOCS_REG_ROUNDS ?? 5),
  regPerRound: Number(process.env.BENCH_DOCS_REG_PER_ROUND ?? 200),
};
export type DocumentOptions = typeof DOCUMENT_OPTIONS;

export const QUERIES = [['rare word', 'Huổi Khon'], ['two common words', 'phòng chống'], ['prefix', 'chuyển đổi s'], ['number', '12/QĐ-UBND']] as const;

export interface QueryFigure { label: string; query: string; matches: number; useCase: { median: number; p95: number }; raw: { median: number; p95: number }; ratio: number }
export interface DocumentResult {
  database: string;
  documents: number;
  fillSeconds: number;
  queries: QueryFigure[];
  explain: string;
  registrations: { useCase: number; bare: number; ratio: number; useCaseRounds: number[]; bareRounds: number[] };
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)]!;

/** The raw statement: the first page by rank then date, and the count, for a unit and a tsquery. */
const rawQuery = (unitId: number, tsquery: string) => sql`select d.id, d.subject, d.number_text, p.total
  from (select m.id, m.rank, m.sort_date, count(*) over () as total
    from (select id, ts_rank(search_vector, to_tsquery('simple', ${tsquery})) as rank, coalesce(received_at, created_at) as sort_date
      from documents where unit_id = ${unitId} and search_vector @@ to_tsquery('simple', ${tsquery})) m
    order by m.rank desc, m.sort_date desc, m.id desc limit 20) p
  join documents d on d.id = p.id order by p.rank desc, p.sort_date desc, p.id desc`;

async function timeIt(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function measureRegistrations(db: Db, unitId: number, o: DocumentOptions): Promise<DocumentResult['registrations']> {
  const file = { kind: 'main' as const, fileName: 'cong-van.pdf', contentType: 'application/pdf', data: new TextEncoder().encode(`%PDF-1.4\n${'x'.repeat(20_000)}\n%%EOF\n`) };
  const row = { typeCode: 'CV', subject: 'V/v tăng cường công tác phòng chống thiên tai năm 2030', numberText: '123/UBND-VP', documentDate: '2030-03-01', senderName: 'UBND tỉnh Điện Biên', channel: 'paper' as const };
  let n = 0;
  const viaUseCase = () => db.transaction().execute((trx) => registerIncomingInTrx(trx, { ...row, unitId, receivedAt: new Date('2030-03-05T02:00:00Z'), by: { id: null, name: 'Bench' }, files: [file] }));
  // The same rows with nothing around them: the number counted here (year 2031, its own range), one document and its file.
  const bare = () => db.transaction().execute(async (trx) => {
    n++;
    const made = await sql<{ id: string }>`insert into documents (public_id, unit_id, direction, type_code, subject, number_text, incoming_number, incoming_year, received_at, sender_name, channel, document_date, status, search_text, created_by_name)
      values (${`bare${String(n).padStart(18, '0')}`}, ${unitId}, 'incoming', ${row.typeCode}, ${row.subject}, ${row.numberText}, ${n}, 2031, ${new Date('2031-03-05T02:00:00Z')}, ${row.senderName}, 'paper', ${row.documentDate}, 'registered',
        ${searchTextOf([row.subject, row.numberText, row.senderName])}, 'Bench') returning id`.execute(trx);
    await sql`insert into document_files (document_id, unit_id, kind, file_name, content_type, size_bytes, sha256, data) values (${made.rows[0]!.id}, ${unitId}, 'main', ${file.fileName}, ${file.contentType}, ${file.data.byteLength}, ${sha256(file.data)}, ${file.data})`.execute(trx);
  });
  for (let i = 0; i < 20; i++) { await viaUseCase(); await bare(); }
  const useCaseRounds: number[] = [];
  const bareRounds: number[] = [];
  for (let r = 0; r < o.regRounds; r++) {
    const kinds = r % 2 === 0 ? [[viaUseCase, useCaseRounds], [bare, bareRounds]] as const : [[bare, bareRounds], [viaUseCase, useCaseRounds]] as const;
    for (const [run, out] of kinds) {
      const start = performance.now();
      for (let i = 0; i < o.regPerRound; i++) await run();
      out.push(o.regPerRound / ((performance.now() - start) / 1000));
    }
  }
  const useCase = median(useCaseRounds);
  const bareRate = median(bareRounds);
  return { useCase, bare: bareRate, ratio: useCase / bareRate, useCaseRounds, bareRounds };
}

/** The measure on one open, migrated, demo-seeded database. */
export async function measureDocuments(database: Database & { description: string }, o: DocumentOptions, log: (line: string) => void = () => undefined): Promise<DocumentResult> {
  const db = database.db;
  const unitOf = async (name: string) => Number((await sql<{ id: string }>`select id from units where name = ${name}`.execute(db)).rows[0]!.id);
  const md = await unitOf('Xã Mường Đăng');
  const ph = await unitOf('Xã Phìn Hồ');
  const specialist = Number((await sql<{ id: string }>`select id from officials where username = 'chuyenmon.muongdang'`.execute(db)).rows[0]!.id);
  const began = performance.now();
  await fillDocuments(db, { unitId: md, count: o.count });
  await fillDocuments(db, { unitId: ph, count: Math.ceil(o.count / 10) });
  await sql`vacuum analyze documents`.execute(db);
  const fillSeconds = (performance.now() - began) / 1000;
  log(`  ${database.description}: ${o.count.toLocaleString('en-US')} documents of Mường Đăng (+${Math.ceil(o.count / 10).toLocaleString('en-US')} of Phìn Hồ) written and analysed in ${fillSeconds.toFixed(1)} s`);
  const queries: QueryFigure[] = [];
  for (const [label, query] of QUERIES) {
    const tsquery = parseQuery(query).tsquery;
    const useCase = () => searchDocuments(db, md, { q: query, dateField: 'received' }, { officialId: specialist, seesAllConfidential: false });
    const raw = () => rawQuery(md, tsquery).execute(db);
    const first = await useCase();
    const rawRows = (await raw()).rows as { id: string; total: string }[];
    // The two agree on the page (the specialist sees no confidential document: the use case may show fewer).
    if (first.total > Number(rawRows[0]?.total ?? 0) || (first.hits[0] && !rawRows.some((r) => Number(r.id) === first.hits[0]!.id) && first.total === Number(rawRows[0]?.total ?? 0))) {
      throw new Error(`search "${query}": the use case and the raw query disagree`);
    }
    for (let i = 0; i < 3; i++) { await useCase(); await raw(); }
    const u: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < o.rounds; i++) {
      if (i % 2 === 0) { u.push(await timeIt(useCase)); r.push(await timeIt(raw)); } else { r.push(await timeIt(raw)); u.push(await timeIt(useCase)); }
    }
    const figure = { label, query, matches: first.total, useCase: { median: median(u), p95: p95(u) }, raw: { median: median(r), p95: p95(r) }, ratio: median(u) / median(r) };
    queries.push(figure);
    log(`    "${query}" (${label}, ${first.total} matches): use case ${figure.useCase.median.toFixed(2)} ms (p95 ${figure.useCase.p95.toFixed(2)}), raw ${figure.raw.median.toFixed(2)} ms (p95 ${figure.raw.p95.toFixed(2)}), use case/raw ${figure.ratio.toFixed(2)}×`);
  }
  const explain = ((await sql`explain analyze ${rawQuery(md, parseQuery('phòng chống').tsquery)}`.execute(db)).rows as Record<string, string>[]).map((x) => Object.values(x)[0]).join('\n');
  if (!/documents_search_vector/.test(explain)) throw new Error(`the search does not use the GIN index:\n${explain}`);
  if (process.env.BENCH_EXPLAIN) log(explain);
  const registrations = await measureRegistrations(db, md, o);
  log(`    registrations: registerIncomingInTrx ${registrations.useCase.toFixed(0)}/s, bare INSERT ${registrations.bare.toFixed(0)}/s, ratio ${registrations.ratio.toFixed(2)}×`);
  return { database: database.description, documents: o.count, fillSeconds, queries, explain, registrations };
}

export async function measureDocumentsOnPglite(dataDir: string, o: DocumentOptions, log?: (line: string) => void): Promise<DocumentResult> {
  const { database } = await openAndMigrate({ databaseUrl: undefined, dataDir });
  try {
    await seedDemo(database.db);
    return await measureDocuments({ ...database, description: 'PGlite on disk' }, o, log);
  } finally {
    await database.close();
  }
}

export async function measureDocumentsOnPostgres(serverUrl: string, o: DocumentOptions, log?: (line: string) => void): Promise<DocumentResult> {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = serverUrl;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  try {
    database = await createTestDatabase();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  try {
    await seedDemo(database.db);
    const version = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(database.db)).rows[0]!.v.split(' ')[0];
    return await measureDocuments({ ...database, description: `PostgreSQL ${version} (new database)` }, o, log);
  } finally {
    await database.close();
  }
}

/** Both databases (PostgreSQL when a server answers). */
export async function measureAllDocuments(work: string, o: DocumentOptions, log: (line: string) => void): Promise<DocumentResult[]> {
  const results = [await measureDocumentsOnPglite(path.join(work, 'documents'), o, log)];
  const server = await postgresServerUrl();
  if (server) results.push(await measureDocumentsOnPostgres(server, o, log));
  else log('  PostgreSQL: not measured (no DATABASE_URL, nothing at 127.0.0.1:5432)');
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-docs-'));
  try {
    log(`10. document search on ${DOCUMENT_OPTIONS.count.toLocaleString('en-US')} documents vs the raw query; registrations vs a bare INSERT (nproc ${os.availableParallelism()}, load ${os.loadavg()[0]!.toFixed(2)})`);
    const results = await measureAllDocuments(work, DOCUMENT_OPTIONS, log);
    log(results[0]!.explain);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
