/**
 * Submissions per second through HTTP vs the same rows inserted directly with Kysely, in one process
 * and one run, on one open database.
 *
 * HTTP: the application (createServer, as `serve` builds it, logger at warn) listens on 127.0.0.1; a
 * citizen signs in as a browser does, then `concurrency` keep-alive node:http connections in this same
 * process send `POST /api/v1/applications` (submitApplication) back to back, with the session cookie and
 * the X-CSRF-Token header: routing, session (cached), permission, CSRF, JSON parsing and schema
 * validation, procedure and unit lookups, form checks, the transaction, the response with its history.
 *
 * Baseline: the same number of concurrent loops, each running one transaction per record with only the
 * writes a submission makes: the agency's daily sequence (record_sequences upsert), the record row, its
 * first event, the audit entry (recordAuditInTrx, so the chain stays valid) and the SMS in the outbox;
 * in the second variant also the attachment row and the Idempotency-Key row. The row contents are
 * copied from a record the HTTP path created, so both write the same rows.
 *
 * Two variants: the form only; the form with one small PDF (base64) and an Idempotency-Key (a new key
 * per request, so every request files a record). The two kinds alternate in rounds (so that drift, a
 * growing table, load from elsewhere hits both); the median round of each is reported.
 *
 * Part of `npm run bench` (bench/run.ts); on its own:
 *   node --import tsx bench/submissions.ts                 (a new PGlite directory; and PostgreSQL when DATABASE_URL is set)
 *   BENCH_SUBMIT_ROUNDS=5 BENCH_SUBMIT_SECONDS=1           (rounds per kind, seconds per round)
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
import { DEMO_PASSWORD } from '../src/seed/demo-data.ts';
import { listUnits } from '../src/modules/tenancy/index.ts';
import { recordAuditInTrx, verifyAuditLog } from '../src/modules/audit/index.ts';
import type { AuditActor } from '../src/modules/audit/index.ts';
import { formatRecordCode, vietnamDate } from '../src/modules/records/domain/record-code.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { makePdf } from '../test/support/files.ts';
import { HOST, median, request } from './lib.ts';
import type { Response } from './lib.ts';

export interface SubmissionOptions {
  /** Concurrent HTTP connections, and concurrent baseline loops. */
  concurrency: number;
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
}

export interface SubmissionFigure {
  variant: string;
  /** Median round, records per second. */
  httpPerSecond: number;
  directPerSecond: number;
  /** http / direct. */
  ratio: number;
  httpRounds: number[];
  directRounds: number[];
  /** Responses other than 201 and socket errors: must be 0 for the figure to mean anything. */
  errors: number;
  /** Records created by each kind over the whole measure (warm-up included). */
  records: { http: number; direct: number };
  /**
   * CPU time of this process per record over the measured rounds (user + system), in ms: for HTTP the
   * server's work and the load generator's, for direct the Kysely loops'. Less disturbed by other load
   * than the rates; the database server's own CPU (PostgreSQL) is not in it, PGlite's is.
   */
  cpuMsPerRecord: { http: number; direct: number };
}

export interface SubmissionResult {
  database: string;
  concurrency: number;
  figures: SubmissionFigure[];
}

interface Variant {
  name: string;
  pdf: boolean;
  idempotencyKey: boolean;
}

export const VARIANTS: Variant[] = [
  { name: 'form only', pdf: false, idempotencyKey: false },
  { name: 'form + 1 PDF (base64) + Idempotency-Key', pdf: true, idempotencyKey: true },
];

const BIRTH = '1.001193';
const CITIZEN = '0912000001';
const USER_AGENT = 'smart-commune-bench';

/** The answers of test/http/records.test.ts's birth registration; the child born a week ago. */
function birthValues(): Record<string, string> {
  const week = vietnamDate(new Date(Date.now() - 7 * 86400_000));
  return {
    applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: CITIZEN, applicantAddress: 'Bản Co Muông, xã Mường Đăng',
    relation: 'cha_me', childName: 'Lò Văn An', childSex: 'nam', childBirthDate: week, childBirthPlace: 'Trạm y tế xã Mường Đăng',
    childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Mai', fatherKnown: 'khong',
  };
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

/** Signs in like a browser; returns the Cookie header and the CSRF token for X-CSRF-Token. */
async function signInCitizen(port: number): Promise<{ cookie: string; csrfToken: string }> {
  const page = await request(port, { path: '/login', headers: { 'user-agent': USER_AGENT } });
  const jar = cookiesOf(page);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body.toString())?.[1];
  if (!jar.sc_csrf || !token) throw new Error('no CSRF token on /login');
  const res = await request(port, {
    method: 'POST', path: '/login',
    body: new URLSearchParams({ _csrf: token, login: CITIZEN, password: DEMO_PASSWORD, next: '/' }).toString(),
    headers: { cookie: `sc_csrf=${jar.sc_csrf}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT },
  });
  Object.assign(jar, cookiesOf(res));
  if (res.status !== 303 || !jar.sc_session) throw new Error(`sign-in failed: ${res.status} ${res.body.toString().slice(0, 200)}`);
  const cookie = `sc_csrf=${jar.sc_csrf}; sc_session=${jar.sc_session}`;
  // The token a signed-in page carries (the sign-out form), as a browser script would read it.
  const home = await request(port, { path: '/', headers: { cookie, 'user-agent': USER_AGENT } });
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(home.body.toString())?.[1] ?? token;
  return { cookie, csrfToken };
}

/** `concurrency` loops calling `once` until the deadline; completed calls per second of the whole run. */
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

type Row = Record<string, unknown>;

/** A row as insert values: jsonb objects re-sent as JSON text, as the records store does. */
function asValues(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v !== null && typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array) ? sql`${JSON.stringify(v)}::jsonb` : v]));
}

function without(row: Row, ...keys: string[]): Row {
  const copy = { ...row };
  for (const k of keys) delete copy[k];
  return copy;
}

/** What the HTTP path wrote for one record, read back: the baseline writes copies of these rows. */
interface Template {
  unitId: number;
  agencyCode: string;
  record: Row;
  event: Row;
  actor: AuditActor;
  auditDetails: Record<string, unknown>;
  outbox: Row;
  outboxParams: Record<string, unknown>;
  file: Row | undefined;
  requestHash: string | undefined;
  actorKey: string;
}

async function templateOf(db: Db, code: string, agencyCode: string): Promise<Template> {
  const record = await db.selectFrom('records').selectAll().where('code', '=', code).executeTakeFirstOrThrow() as Row;
  const id = Number(record.id);
  const event = await db.selectFrom('record_events').selectAll().where('record_id', '=', id).executeTakeFirstOrThrow() as Row;
  const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'records.submitted').where('target_id', '=', code).executeTakeFirstOrThrow() as Row;
  const outbox = await db.selectFrom('outbox').selectAll().where(sql`params->>'code'`, '=', code).executeTakeFirstOrThrow() as Row;
  const file = await db.selectFrom('record_files').selectAll().where('record_id', '=', id).executeTakeFirst() as Row | undefined;
  const key = await db.selectFrom('record_submission_keys').selectAll().where('record_id', '=', id).executeTakeFirst() as Row | undefined;
  return {
    unitId: Number(record.unit_id),
    agencyCode,
    record: without(record, 'id', 'code', 'submitted_at', 'updated_at'),
    event: without(event, 'id', 'record_id', 'at'),
    actor: {
      kind: audit.actor_kind as AuditActor['kind'], id: audit.actor_id === null ? null : Number(audit.actor_id), name: String(audit.actor_name),
      unitId: null, ip: String(audit.ip), userAgent: String(audit.user_agent),
    },
    auditDetails: audit.details as Record<string, unknown>,
    outbox: { channel: outbox.channel, recipient: outbox.recipient, template: outbox.template, sent_at: null, last_error: null, rendered_text: null },
    outboxParams: outbox.params as Record<string, unknown>,
    file: file ? without(file, 'id', 'record_id', 'uploaded_at') : undefined,
    requestHash: key ? String(key.request_hash) : undefined,
    actorKey: key ? String(key.actor_key) : `citizen:${String(record.applicant_citizen_id)}`,
  };
}

/** One record written directly: the statements of the submission's transaction, nothing else. */
async function insertDirectly(db: Db, t: Template, key: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const day = vietnamDate(new Date());
    const { last_value } = await trx.insertInto('record_sequences').values({ unit_id: t.unitId, day, last_value: 1 })
      .onConflict((oc) => oc.columns(['unit_id', 'day']).doUpdateSet({ last_value: sql`record_sequences.last_value + 1` }))
      .returning('last_value').executeTakeFirstOrThrow();
    const code = formatRecordCode(t.agencyCode, day, Number(last_value));
    const { id } = await trx.insertInto('records').values(asValues({ ...t.record, code })).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('record_events').values({ ...t.event, record_id: id }).execute();
    await recordAuditInTrx(trx, t.actor, { action: 'records.submitted', unitId: t.unitId, targetType: 'record', targetId: code, details: t.auditDetails });
    await trx.insertInto('outbox').values({ ...t.outbox, params: sql`${JSON.stringify({ ...t.outboxParams, code })}::jsonb` }).execute();
    if (t.file) await trx.insertInto('record_files').values({ ...t.file, record_id: id }).execute();
    if (key) await trx.insertInto('record_submission_keys').values({ actor_key: t.actorKey, key, request_hash: t.requestHash, record_id: id }).execute();
  });
}

const countRecords = async (db: Db) => Number((await sql<{ n: number }>`select count(*)::int as n from records`.execute(db)).rows[0]!.n);

/** Both variants on one open, migrated and demo-seeded database. */
export async function measureSubmissions(database: Database, o: SubmissionOptions, log: (line: string) => void = () => undefined): Promise<SubmissionResult> {
  const db = database.db;
  const config = loadConfig({ DATA_DIR: path.join(os.tmpdir(), 'sc-bench-unused'), APP_SECRET: crypto.randomBytes(32).toString('hex') });
  const app = await createServer(config, database, { logger: { level: 'warn' } });
  await app.listen({ host: HOST, port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  try {
    const unit = (await listUnits(db)).find((u) => u.name === 'Xã Mường Đăng');
    if (!unit?.code) throw new Error('the demo seed lacks Xã Mường Đăng');
    const { cookie, csrfToken } = await signInCitizen(port);
    const figures: SubmissionFigure[] = [];
    let keys = 0;
    for (const variant of VARIANTS) {
      const body = JSON.stringify({
        procedureCode: BIRTH, unitId: unit.id, values: birthValues(),
        ...(variant.pdf ? { attachments: [{ component: 4, fileName: 'giay-chung-sinh.pdf', contentBase64: makePdf().toString('base64') }] } : {}),
      });
      const headers = { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken, 'user-agent': USER_AGENT };
      const runId = crypto.randomBytes(4).toString('hex');
      let firstError = '';
      const submit = async (): Promise<Response> =>
        request(port, { method: 'POST', path: '/api/v1/applications', body, agent, headers: variant.idempotencyKey ? { ...headers, 'idempotency-key': `bench-${runId}-${++keys}` } : headers });
      const viaHttp = async () => {
        const res = await submit().catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }) as Response);
        if (res.status === 201) return true;
        firstError ||= `${res.status} ${res.body.toString().slice(0, 300)}`;
        return false;
      };

      const first = await submit();
      if (first.status !== 201) throw new Error(`submitApplication answered ${first.status}: ${first.body.toString().slice(0, 400)}`);
      const template = await templateOf(db, JSON.parse(first.body.toString()).code, unit.code);
      if (variant.pdf !== (template.file !== undefined) || variant.idempotencyKey !== (template.requestHash !== undefined)) throw new Error('the template record lacks its file or key row');
      const direct = async () => {
        await insertDirectly(db, template, variant.idempotencyKey ? `bench-${runId}-${++keys}` : null);
        return true;
      };

      const before = await countRecords(db);
      let httpCount = 0;
      let directCount = 0;
      let errors = 0;
      const cpu = { http: { ms: 0, records: 0 }, direct: { ms: 0, records: 0 } };
      const round = async (kind: 'http' | 'direct', seconds: number, measured = true) => {
        const cpuBefore = process.cpuUsage();
        const r = await drive(o.concurrency, seconds, kind === 'http' ? viaHttp : direct);
        const used = process.cpuUsage(cpuBefore);
        if (measured) {
          cpu[kind].ms += (used.user + used.system) / 1000;
          cpu[kind].records += r.ok;
        }
        if (kind === 'http') {
          httpCount += r.ok;
          errors += r.failed;
        } else directCount += r.ok;
        return r.perSecond;
      };
      await round('http', o.warmupSeconds, false); // JIT, plans, caches, pool connections
      await round('direct', o.warmupSeconds, false);
      const httpRounds: number[] = [];
      const directRounds: number[] = [];
      for (let r = 0; r < o.rounds; r++) {
        // Alternate which kind goes first.
        for (const kind of r % 2 === 0 ? (['http', 'direct'] as const) : (['direct', 'http'] as const)) {
          (kind === 'http' ? httpRounds : directRounds).push(await round(kind, o.roundSeconds));
        }
      }
      if (errors > 0) log(`  ${variant.name}: ${errors} failed HTTP submissions, the first: ${firstError}`);
      const after = await countRecords(db);
      if (after - before !== httpCount + directCount) throw new Error(`${after - before} records written, ${httpCount} + ${directCount} counted`);
      const figure: SubmissionFigure = {
        variant: variant.name, httpPerSecond: median(httpRounds), directPerSecond: median(directRounds), ratio: median(httpRounds) / median(directRounds),
        httpRounds, directRounds, errors, records: { http: httpCount, direct: directCount },
        cpuMsPerRecord: { http: cpu.http.ms / cpu.http.records, direct: cpu.direct.ms / cpu.direct.records },
      };
      log(`  ${database.description}, ${variant.name}: HTTP ${figure.httpPerSecond.toFixed(0)}/s, direct ${figure.directPerSecond.toFixed(0)}/s, ratio ${figure.ratio.toFixed(2)}×; ` +
        `CPU of this process per record: HTTP ${figure.cpuMsPerRecord.http.toFixed(2)} ms, direct ${figure.cpuMsPerRecord.direct.toFixed(2)} ms`);
      figures.push(figure);
    }
    const verdict = await verifyAuditLog(db);
    if (!verdict.ok) throw new Error(`audit chain broken after the benchmark: #${verdict.seq} ${verdict.reason}`);
    return { database: database.description, concurrency: o.concurrency, figures };
  } finally {
    agent.destroy();
    await app.close();
  }
}

/** PGlite in `dataDir` (a seeded database, e.g. left by the start-time benchmark). */
export async function measureSubmissionsOnPglite(dataDir: string, o: SubmissionOptions, log?: (line: string) => void): Promise<SubmissionResult> {
  const { database } = await openAndMigrate({ databaseUrl: undefined, dataDir });
  try {
    await seedDemo(database.db); // nothing happens when the directory is already seeded
    return await measureSubmissions({ ...database, description: 'PGlite on disk' }, o, log);
  } finally {
    await database.close();
  }
}

/** A new database on the PostgreSQL server of DATABASE_URL, migrated and seeded, dropped afterwards. */
export async function measureSubmissionsOnPostgres(o: SubmissionOptions, log?: (line: string) => void): Promise<SubmissionResult> {
  const database = await createTestDatabase();
  const description = `PostgreSQL ${new URL(database.url!).host} (new database)`;
  try {
    await seedDemo(database.db);
    return await measureSubmissions({ ...database, description }, o, log);
  } finally {
    await database.close();
  }
}

export const SUBMISSION_OPTIONS = {
  rounds: Number(process.env.BENCH_SUBMIT_ROUNDS ?? 5),
  roundSeconds: Number(process.env.BENCH_SUBMIT_SECONDS ?? 1),
  warmupSeconds: 1,
};
/** PGlite is one connection inside this thread: 2 lets one request be parsed while another is in the database. */
export const PGLITE_CONCURRENCY = 2;
export const POSTGRES_CONCURRENCY = 8;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const log = (line: string) => console.log(line);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-bench-submit-'));
  try {
    const results = [await measureSubmissionsOnPglite(work, { ...SUBMISSION_OPTIONS, concurrency: PGLITE_CONCURRENCY }, log)];
    if (process.env.DATABASE_URL) results.push(await measureSubmissionsOnPostgres({ ...SUBMISSION_OPTIONS, concurrency: POSTGRES_CONCURRENCY }, log));
    for (const r of results) {
      for (const f of r.figures) {
        log(`${r.database} (${r.concurrency} concurrent), ${f.variant}: HTTP ${f.httpRounds.map((x) => x.toFixed(0)).join(' ')} | direct ${f.directRounds.map((x) => x.toFixed(0)).join(' ')} | ratio ${f.ratio.toFixed(2)}× | CPU per record ${f.cpuMsPerRecord.http.toFixed(2)} | ${f.cpuMsPerRecord.direct.toFixed(2)} ms (errors ${f.errors})`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
