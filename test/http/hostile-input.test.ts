/**
 * Hostile and malformed requests. Each one must get a 4xx (never a 5xx) with a message a person can
 * act on — for /api/ a JSON `{error: {code, message: {vi, en}}}`, for pages an HTML page with the
 * Vietnamese message — and must write nothing: the row counts and contents of officials,
 * official_roles, sessions, citizens, units, recovery_codes and audit_log are compared before and
 * after every case (a failed sign-in is audited by design; those cases state the one row they add).
 * A few redirect cases (open-redirect attempts, an expired session opening a page) and a few inputs
 * that are legitimately accepted (SQL or HTML in a name) are checked for what they must do instead.
 */
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { vi } from '../../src/platform/i18n/vi.ts';
import type { MessageKey } from '../../src/platform/i18n/index.ts';
import { escapeHtml } from '../../src/platform/views/html.ts';
import { sha256 } from '../../src/platform/crypto.ts';

const TABLES = ['officials', 'official_roles', 'sessions', 'citizens', 'units', 'recovery_codes', 'audit_log', 'records', 'record_drafts', 'record_files', 'record_events', 'signing_certificates', 'signature_images', 'reconciliation_runs'] as const;
type Table = (typeof TABLES)[number];
type State = Record<Table, { count: number; digest: string }>;

/** Row count and a digest of every row of each table (sessions without last_seen_at, which reading may touch). */
async function state(t: TestApp): Promise<State> {
  const out = {} as State;
  for (const table of TABLES) {
    const row = table === 'sessions'
      ? sql`json_build_array(x.token_hash, x.subject, x.unit_id, x.official_id, x.citizen_id, x.stage, x.expires_at)::text`
      : sql`row_to_json(x)::text`;
    const r = (await sql<{ n: string; digest: string }>`select count(*)::text as n, md5(coalesce(string_agg(${row}, '|' order by ${row}), '')) as digest from ${sql.table(table)} x`.execute(t.database.db)).rows[0]!;
    out[table] = { count: Number(r.n), digest: r.digest };
  }
  return out;
}

/** The fixed part of a Vietnamese message (up to its first `{placeholder}`). */
function viText(key: MessageKey): string {
  const text = vi[key];
  const i = text.indexOf('{');
  return i < 0 ? text : text.slice(0, i);
}

interface Case {
  name: string;
  /** Runs before the "before" snapshot (e.g. to expire a session). */
  setup?: () => Promise<void>;
  send: () => Promise<LightMyRequestResponse>;
  status: number;
  /** The message the person gets (its code for the API, its Vietnamese text for pages). */
  message: MessageKey;
  /** Words the message must also contain (e.g. the field at fault). */
  mentions?: readonly string[];
  /** Expected change of row counts; every other table must be byte-for-byte unchanged. */
  delta?: Partial<Record<Table, number>>;
  /** HEAD answers carry no body: only the status and type are checked. */
  noBody?: boolean;
  then?: (res: LightMyRequestResponse) => Promise<void> | void;
}

describe('hostile or malformed requests get a 4xx a person can act on, and write nothing', () => {
  let t: TestApp;
  let chair: Client;
  let other: Client;
  let ph: number;
  let chairId: number;
  let clerkId: number;
  let citizen: Client;
  let draftUrl: string;
  let recordCode: string;
  const cases: Case[] = [];

  before(async () => {
    t = await createTestApp();
    ph = t.unit('Xã Phìn Hồ').id;
    chair = await t.signIn('chutich.phinho');
    other = t.anonymous();
    await other.csrfToken();
    const ids = (await sql<{ id: string; username: string }>`select id, username from officials where unit_id = ${ph}`.execute(t.database.db)).rows;
    chairId = Number(ids.find((o) => o.username === 'chutich.phinho')!.id);
    clerkId = Number(ids.find((o) => o.username === 'vanthu.phinho')!.id);
    // A citizen with a draft and a filed record, for the records cases.
    citizen = await t.signIn('0912000001');
    const saved = await citizen.postForm('/thu-tuc/1.001193/nop', { unitId: String(ph), applicantName: 'Lò Thị Mai', next: 'save' });
    assert.equal(saved.statusCode, 303);
    draftUrl = /href="(\/ho-so\/nhap\/[A-Za-z0-9_-]{22})"/.exec((await citizen.get('/ho-so')).body)?.[1] ?? '';
    assert.match(draftUrl, /^\/ho-so\/nhap\//);
    const filed = await citizen.postJson('/api/v1/applications', { procedureCode: '2.000815', unitId: ph, values: {} });
    assert.equal(filed.statusCode, 400, 'a procedure not offered online is refused at the API too');
    const ok = await citizen.postJson('/api/v1/applications', { procedureCode: '1.004873', unitId: ph, values: {
      applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Phìn Hồ',
      subjectName: 'Lò Thị Mai', subjectBirthDate: '1990-01-01', subjectId: '011190001234', status: 'chua_ket_hon', purpose: 'khac', otherPurpose: 'Vay vốn ngân hàng',
    } });
    assert.equal(ok.statusCode, 201, ok.body);
    recordCode = JSON.parse(ok.body).code;
  });
  after(() => t?.close());

  // --- request helpers ---------------------------------------------------------------------------

  const officials = () => `/admin/units/${ph}/officials`;
  const apiOfficials = () => `/api/v1/units/${ph}/officials`;
  const validOfficial = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    fullName: 'Thào A Sử', username: `thao.a.su.${crypto.randomBytes(3).toString('hex')}`, position: 'Công chức', password: 'mat-khau-tam-2026', roles: ['clerk'], ...over,
  });
  /** The same fields as a form (only text values are passed here). */
  const officialForm = (over: Record<string, string | string[]> = {}) => validOfficial(over) as Record<string, string | string[]>;
  const formOf = (fields: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) p.append(k, item);
    return p.toString();
  };
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  const postRaw = async (client: Client, url: string, payload: string | Buffer, headers: Record<string, string>) =>
    client.request({ method: 'POST', url, payload, headers });
  /** A session row for the Phìn Hồ chairman that expired an hour ago; returns its cookie value. */
  const expiredSession = async () => {
    const token = crypto.randomBytes(32).toString('base64url');
    await sql`insert into sessions (token_hash, subject, unit_id, official_id, stage, expires_at) values (${sha256(token)}, 'official', ${ph}, ${chairId}, 'active', now() - interval '1 hour')`.execute(t.database.db);
    return token;
  };
  /** A browser that holds the given session cookie and a CSRF cookie of its own. */
  const browserWithSession = async (token: string) => {
    const b = t.anonymous();
    await b.csrfToken();
    b.cookies.set('sc_session', token);
    return b;
  };
  const tablesExist = async () => {
    for (const table of ['officials', 'official_roles', 'sessions', 'units', 'audit_log']) {
      const r = (await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(t.database.db)).rows[0]!;
      assert.equal(r.t, table, `table ${table} still exists`);
    }
  };
  const lastAudit = async () =>
    (await sql<{ action: string; target_id: string; actor_kind: string }>`select action, target_id, actor_kind from audit_log order by seq desc limit 1`.execute(t.database.db)).rows[0]!;

  // --- the cases ---------------------------------------------------------------------------------

  const add = (c: Case) => cases.push(c);
  const MB = 1024 * 1024;

  // Size
  add({ name: 'a JSON body over 1 MB', status: 413, message: 'error.too_large',
    send: async () => chair.postJson(apiOfficials(), validOfficial({ fullName: 'x'.repeat(MB + 1000) })) });
  add({ name: 'a form body over 1 MB', status: 413, message: 'error.too_large',
    send: async () => chair.postForm(officials(), officialForm({ fullName: 'x'.repeat(MB + 1000) })) });

  // Types and shapes
  add({ name: 'a number where the API wants a string', status: 400, message: 'error.invalid_request', mentions: ['fullName'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ fullName: 12345 })) });
  add({ name: 'a string where the API wants an array', status: 400, message: 'error.invalid_request', mentions: ['roles'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ roles: 'chairman' })) });
  add({ name: 'unknown fields in API JSON (additionalProperties)', status: 400, message: 'error.invalid_request', mentions: ['unitId'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ unitId: 1, isAdmin: true })) });
  add({ name: 'an object where a form field belongs (JSON to a page route)', status: 400, message: 'error.invalid_request', mentions: ['fullName'],
    send: async () => chair.postJson(officials(), validOfficial({ fullName: { $ne: '' } })) });
  add({ name: 'a JSON array as the whole body', status: 400, message: 'error.invalid_request',
    send: async () => postRaw(chair, apiOfficials(), JSON.stringify([validOfficial()]), { 'content-type': 'application/json', 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'invalid JSON', status: 400, message: 'error.invalid_json',
    send: async () => postRaw(chair, apiOfficials(), '{"username": "abc", "fullName": ', { 'content-type': 'application/json', 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'JSON with __proto__ (prototype pollution)', status: 400, message: 'error.invalid_json',
    send: async () => postRaw(chair, apiOfficials(), '{"__proto__": {"isAdmin": true}, "username": "abc"}', { 'content-type': 'application/json', 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'JSON nested 200 000 deep (no stack overflow)', status: 400, message: 'error.invalid_request',
    send: async () => postRaw(chair, apiOfficials(), `{"roles":${'['.repeat(200_000)}${']'.repeat(200_000)}}`, { 'content-type': 'application/json', 'x-csrf-token': await chair.csrfToken() }) });

  // Encoding
  add({ name: 'invalid UTF-8 bytes (C3 28) in JSON', status: 400, message: 'error.invalid_encoding',
    send: async () => postRaw(chair, apiOfficials(), Buffer.concat([Buffer.from('{"username":"abc","fullName":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), { 'content-type': 'application/json', 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'invalid UTF-8 bytes (C3 28) in a form', status: 400, message: 'error.invalid_encoding',
    send: async () => postRaw(chair, officials(), Buffer.concat([Buffer.from(`_csrf=${await chair.csrfToken()}&username=abcde&fullName=`), Buffer.from([0xc3, 0x28])]), FORM) });
  add({ name: 'a NUL character in JSON', status: 400, message: 'error.invalid_encoding',
    send: async () => chair.postJson(apiOfficials(), validOfficial({ fullName: 'Thào\u0000A Sử' })) });
  add({ name: 'a NUL character in a form (%00)', status: 400, message: 'error.invalid_encoding',
    send: async () => postRaw(chair, officials(), `_csrf=${await chair.csrfToken()}&${formOf({ username: 'abcde', password: 'mat-khau-tam-2026', roles: 'clerk' })}&fullName=Th%00ao`, FORM) });
  add({ name: 'malformed percent-encoding in a form', status: 400, message: 'error.invalid_encoding',
    send: async () => postRaw(chair, officials(), `_csrf=${await chair.csrfToken()}&fullName=%E0%A4%A&username=abcde`, FORM) });
  add({ name: 'malformed percent-encoding in a query string (page)', status: 400, message: 'error.invalid_encoding',
    send: async () => chair.get('/audit?before=%zz') });
  add({ name: 'percent-encoded invalid UTF-8 in a query string (API)', status: 400, message: 'error.invalid_encoding',
    send: async () => chair.get('/api/v1/audit?before=%C3%28') });
  add({ name: 'malformed percent-encoding in the path', status: 400, message: 'error.invalid_request',
    send: async () => chair.get('/admin/units/%zz/officials') });

  // SQL injection: refused or stored literally, never executed
  add({ name: "SQL injection in the login name: ' OR 1=1 --", status: 401, message: 'identity.invalid_credentials', delta: { audit_log: 1 },
    send: async () => other.postForm('/login', { login: "' OR 1=1 --", password: 'x', next: '/' }),
    then: async () => {
      await tablesExist();
      const a = await lastAudit();
      assert.deepEqual(a, { action: 'identity.sign_in_failed', target_id: "' OR 1=1 --", actor_kind: 'anonymous' }, 'the attempt is audited with the string stored literally');
      assert.equal(other.cookies.has('sc_session'), false);
    } });
  add({ name: "SQL injection in login and password: admin'-- / ' OR '1'='1", status: 401, message: 'identity.invalid_credentials', delta: { audit_log: 1 },
    send: async () => other.postForm('/login', { login: "admin'--", password: "' OR '1'='1", next: '/' }),
    then: async () => {
      await tablesExist();
      assert.equal((await lastAudit()).target_id, "admin'--");
    } });
  add({ name: "SQL injection in the new-official form: '; drop table officials; --", status: 400, message: 'identity.username_invalid',
    send: async () => chair.postForm(officials(), officialForm({ fullName: "'; drop table officials; --", username: "x'; drop table officials; --" })),
    then: async (res) => {
      await tablesExist();
      assert.ok(res.body.includes(escapeHtml("'; drop table officials; --")), 'the form is shown again with the text as typed');
    } });
  add({ name: 'SQL injection in a path parameter', status: 404, message: 'error.not_found',
    send: async () => chair.get(`/admin/units/${ph}%20OR%201=1/officials`), then: tablesExist });

  // HTML injection in a refused form: shown again, escaped
  add({ name: 'a script in the full name of a refused form is shown escaped', status: 400, message: 'identity.username_invalid',
    send: async () => chair.postForm(officials(), officialForm({ fullName: '<script>alert(1)</script>', username: 'A B' })),
    then: (res) => {
      assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name is shown escaped');
      assert.ok(!res.body.includes('<script>alert(1)</script>'), 'the name is never shown raw');
    } });

  // CSRF
  add({ name: 'a form without a CSRF token', status: 403, message: 'error.csrf',
    send: async () => chair.postForm(officials(), officialForm(), { csrf: null }) });
  add({ name: 'an API write without the X-CSRF-Token header', status: 403, message: 'error.csrf',
    send: async () => chair.postJson(apiOfficials(), validOfficial(), { csrf: null }) });
  add({ name: 'a wrong CSRF token', status: 403, message: 'error.csrf',
    send: async () => chair.postForm(officials(), officialForm(), { csrf: crypto.randomBytes(32).toString('base64url') }) });
  add({ name: 'the CSRF token of another browser’s cookie', status: 403, message: 'error.csrf',
    send: async () => chair.postForm(officials(), officialForm(), { csrf: await other.csrfToken() }) });

  // Sessions
  {
    let expired: Client;
    add({ name: 'a form posted with a session that has expired', status: 401, message: 'error.session_expired', delta: { sessions: -1 },
      setup: async () => {
        // Sign in for real, then let the session run out.
        expired = await t.signIn('vanthu.phinho');
        await sql`update sessions set expires_at = now() - interval '1 hour' where official_id = ${clerkId}`.execute(t.database.db);
      },
      send: async () => expired.postForm('/account/password', { current: DEMO_PASSWORD, next: 'mat-khau-moi-2026', confirm: 'mat-khau-moi-2026' }),
      then: (res) => assert.match(res.body, /Phiên làm việc đã hết hạn/) });
  }
  {
    let b: Client;
    add({ name: 'an API call with an expired session', status: 401, message: 'error.session_expired', delta: { sessions: -1 },
      setup: async () => {
        b = await browserWithSession(await expiredSession());
      },
      send: async () => b.get(apiOfficials()) });
  }
  add({ name: 'a forged session cookie', status: 401, message: 'error.session_expired',
    send: async () => {
      const b = await browserWithSession(crypto.randomBytes(32).toString('base64url'));
      return b.postForm(officials(), officialForm());
    } });
  add({ name: 'a malformed session cookie', status: 401, message: 'error.session_expired',
    send: async () => (await browserWithSession('../../etc/passwd')).get('/api/v1/me') });

  // Content types
  add({ name: 'a text/xml body', status: 415, message: 'error.unsupported_media_type',
    send: async () => postRaw(chair, officials(), '<official><fullName>X</fullName></official>', { 'content-type': 'text/xml', 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'multipart/form-data without a boundary', status: 415, message: 'error.unsupported_media_type',
    send: async () => postRaw(chair, officials(), '--x\r\nContent-Disposition: form-data; name="fullName"\r\n\r\nX\r\n--x--', { 'content-type': 'multipart/form-data', 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'a text/xml body to the API', status: 415, message: 'error.unsupported_media_type',
    send: async () => postRaw(chair, apiOfficials(), '<a/>', { 'content-type': 'text/xml', 'x-csrf-token': await chair.csrfToken() }) });

  // Path and query parameters
  add({ name: 'a unit id that is not a number', status: 404, message: 'error.not_found', send: async () => chair.get('/admin/units/abc/officials') });
  add({ name: 'a unit id too big for any integer', status: 404, message: 'error.not_found', send: async () => chair.get('/api/v1/units/99999999999999999999/officials') });
  add({ name: 'a negative unit id', status: 404, message: 'error.not_found',
    send: async () => chair.postForm(`/admin/units/-${ph}/officials`, officialForm()) });
  add({ name: 'an official id beyond bigint', status: 404, message: 'error.not_found', send: async () => chair.get(`${officials()}/9223372036854775808`) });
  add({ name: 'a path parameter of 120 digits', status: 404, message: 'error.not_found', send: async () => chair.get(`/api/v1/units/${'9'.repeat(120)}`) });
  add({ name: 'query string garbage: /audit?before=abc', status: 400, message: 'error.invalid_request', mentions: ['before'], send: async () => chair.get('/audit?before=abc') });
  add({ name: 'a query number too big for the database: /api/v1/audit?before=1e23', status: 400, message: 'error.invalid_request', mentions: ['before'],
    send: async () => chair.get('/api/v1/audit?before=100000000000000000000000') });

  // Lengths and lists
  add({ name: 'a too-long user name at sign-in', status: 400, message: 'error.invalid_request',
    send: async () => other.postForm('/login', { login: 'a'.repeat(300), password: 'x', next: '/' }) });
  add({ name: 'a too-long user name for a new official (form)', status: 400, message: 'identity.username_invalid',
    send: async () => chair.postForm(officials(), officialForm({ username: 'a'.repeat(41) })) });
  add({ name: 'a too-long user name for a new official (API)', status: 400, message: 'error.invalid_request', mentions: ['username'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ username: 'a'.repeat(41) })) });
  add({ name: 'a role that does not exist (form)', status: 400, message: 'identity.role_not_allowed',
    send: async () => chair.postForm(officials(), officialForm({ roles: ['clerk', 'superuser'] })) });
  add({ name: 'a role that does not exist (API)', status: 400, message: 'error.invalid_request', mentions: ['roles'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ roles: ['superuser'] })) });
  add({ name: 'duplicate roles (API)', status: 400, message: 'error.invalid_request', mentions: ['roles'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ roles: ['clerk', 'clerk'] })) });
  add({ name: 'a province role for a commune official (form)', status: 400, message: 'identity.role_not_allowed',
    send: async () => chair.postForm(officials(), officialForm({ roles: ['system_admin'] })) });
  add({ name: 'a province role for a commune official (API)', status: 422, message: 'error.invalid_request', mentions: ['roles'],
    send: async () => chair.postJson(apiOfficials(), validOfficial({ roles: ['provincial_supervisor'] })),
    then: (res) => {
      const fields = JSON.parse(res.body).error.fields as Record<string, { vi: string; en: string }>;
      assert.equal(fields.roles?.vi, vi['identity.role_not_allowed']);
    } });
  add({ name: 'a province role given to an existing commune official', status: 400, message: 'identity.role_not_allowed',
    send: async () => chair.postForm(`${officials()}/${clerkId}/roles`, { roles: ['clerk', 'system_admin'] }) });
  add({ name: 'an account status other than 0 or 1', status: 400, message: 'error.invalid_request',
    send: async () => chair.postForm(`${officials()}/${clerkId}/status`, { disabled: 'true' }) });
  add({ name: 'a single-value field sent twice', status: 400, message: 'error.invalid_request', mentions: ['fullName'],
    send: async () => chair.postForm(officials(), { ...officialForm(), fullName: ['Thào A Sử', 'Giàng A Chư'] }) });

  // Methods
  add({ name: 'PUT on the officials route', status: 404, message: 'error.not_found',
    send: async () => chair.request({ method: 'PUT', url: officials(), payload: formOf(officialForm()), headers: { ...FORM, 'x-csrf-token': await chair.csrfToken() } }) });
  add({ name: 'DELETE on the API officials route', status: 404, message: 'error.not_found',
    send: async () => chair.request({ method: 'DELETE', url: apiOfficials(), headers: { 'x-csrf-token': await chair.csrfToken() } }) });
  add({ name: 'DELETE without a CSRF token', status: 403, message: 'error.csrf',
    send: async () => chair.request({ method: 'DELETE', url: `${officials()}/${clerkId}` }) });
  add({ name: 'OPTIONS on a page', status: 404, message: 'error.not_found', send: async () => chair.request({ method: 'OPTIONS', url: officials() }) });
  add({ name: 'HEAD on a POST-only route', status: 404, message: 'error.not_found', noBody: true, send: async () => chair.request({ method: 'HEAD', url: '/logout' }) });

  // Records: forms generated from definitions, uploads, the submission API, tracking
  const submission = (over: Record<string, unknown> = {}) => ({ procedureCode: '1.001193', unitId: ph, values: { applicantName: 'Lò Thị Mai' }, ...over });
  add({ name: 'an online form with 200 fields', status: 400, message: 'error.invalid_request',
    send: async () => citizen.postForm('/thu-tuc/1.001193/nop', Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, 'x']))) });
  add({ name: 'an online form answer of 5 000 characters', status: 400, message: 'error.invalid_request', mentions: ['childName'],
    send: async () => citizen.postForm('/thu-tuc/1.001193/nop', { unitId: String(ph), childName: 'x'.repeat(5000) }) });
  add({ name: 'an online form answer sent twice', status: 400, message: 'error.invalid_request', mentions: ['childName'],
    send: async () => citizen.postForm('/thu-tuc/1.001193/nop', { unitId: String(ph), childName: ['An', 'Bình'] }) });
  add({ name: 'a draft with a unit that receives no records (the province)', status: 400, message: 'records.unit_required',
    send: async () => citizen.postForm('/thu-tuc/1.001193/nop', { unitId: String(t.units.find((u) => u.kind === 'province')!.id), applicantName: 'Lò Thị Mai' }) });
  add({ name: 'an upload of two files in one field', status: 400, message: 'error.invalid_upload',
    send: async () => {
      const token = await citizen.csrfToken();
      const form = new FormData();
      form.append('_csrf', token);
      form.append('component', '1');
      for (const n of ['a.pdf', 'b.pdf']) form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), n);
      const req = new Request('http://localhost/', { method: 'POST', body: form });
      return citizen.request({ method: 'POST', url: `${draftUrl}/tep`, payload: Buffer.from(await req.arrayBuffer()), headers: { 'content-type': req.headers.get('content-type')! } });
    } });
  add({ name: 'an upload to a route that takes none', status: 415, message: 'error.unsupported_media_type',
    send: async () => citizen.postMultipart(`/ho-so/${recordCode}/tin-nhan`, { body: 'xin chào' }, [{ name: 'file', filename: 'a.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4') }]) });
  add({ name: 'an upload declaring 20 MB', status: 413, message: 'error.too_large',
    send: async () => postRaw(citizen, `${draftUrl}/tep`, Buffer.from('--x\r\n'), { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(20 * MB) }) });
  add({ name: 'a fake PDF (an HTML page named .pdf)', status: 400, message: 'records.file_unknown_type',
    send: async () => citizen.postMultipart(`${draftUrl}/tep`, { component: '1' }, [{ name: 'file', filename: 'x.pdf', type: 'application/pdf', data: Buffer.from('<html><script>alert(1)</script>') }]) });
  add({ name: 'submitApplication: unitId as a string', status: 400, message: 'error.invalid_request', mentions: ['unitId'],
    send: async () => citizen.postJson('/api/v1/applications', submission({ unitId: 'Phìn Hồ' })) });
  add({ name: 'submitApplication: an answer that is a number', status: 400, message: 'error.invalid_request', mentions: ['values'],
    send: async () => citizen.postJson('/api/v1/applications', submission({ values: { applicantName: 42 } })) });
  add({ name: 'submitApplication: unknown top-level field', status: 400, message: 'error.invalid_request', mentions: ['status'],
    send: async () => citizen.postJson('/api/v1/applications', submission({ status: 10 })) });
  add({ name: 'submitApplication: an attachment that is not base64', status: 400, message: 'records.api.bad_base64',
    send: async () => citizen.postJson('/api/v1/applications', submission({ attachments: [{ component: null, fileName: 'a.pdf', contentBase64: '%%%not base64%%%' }] })) });
  add({ name: 'submitApplication: missing answers', status: 400, message: 'records.api.invalid', mentions: ['childName'],
    send: async () => citizen.postJson('/api/v1/applications', submission()) });
  add({ name: 'submitApplication: a body over 12 MB', status: 413, message: 'error.too_large',
    send: async () => citizen.postJson('/api/v1/applications', submission({ attachments: [{ component: null, fileName: 'a.pdf', contentBase64: 'A'.repeat(13 * MB) }] })) });
  add({ name: 'submitApplication: an Idempotency-Key with control characters', status: 400, message: 'records.api.bad_idempotency_key',
    send: async () => citizen.request({ method: 'POST', url: '/api/v1/applications', payload: JSON.stringify(submission()), headers: { 'content-type': 'application/json', 'x-csrf-token': await citizen.csrfToken(), 'idempotency-key': 'a b' } }) });
  add({ name: 'submitApplication: a procedure code that does not exist', status: 404, message: 'catalogue.not_found',
    send: async () => citizen.postJson('/api/v1/applications', submission({ procedureCode: '9.999999' })) });
  add({ name: 'tracking with a 90-character code', status: 400, message: 'records.track.invalid',
    send: async () => other.postForm('/tra-cuu', { code: 'H'.repeat(90), idNumber: '011190001234' }) });
  add({ name: 'tracking through the API with a 13-digit ID number', status: 400, message: 'error.invalid_request', mentions: ['idNumber'],
    send: async () => other.get(`/api/v1/applications/${recordCode}/status?idNumber=0111900012345`) });
  add({ name: 'a rating of 6 stars', status: 400, message: 'records.rating_invalid',
    send: async () => citizen.postForm(`/ho-so/${recordCode}/danh-gia`, { rating: '6' }) });
  add({ name: 'a message of 3 000 characters', status: 400, message: 'records.message_invalid',
    send: async () => citizen.postForm(`/ho-so/${recordCode}/tin-nhan`, { body: 'x'.repeat(3000) }) });

  // Signing certificates and signature images
  const certificates = () => `/admin/units/${ph}/certificates`;
  add({ name: 'a PKCS#12 that is an HTML page', status: 400, message: 'signatures.p12.malformed',
    send: async () => chair.postMultipart(`${certificates()}/import`, { owner: String(chairId), password: 'x' }, [{ name: 'p12', filename: 'cert.p12', type: 'application/x-pkcs12', data: Buffer.from('<html><script>alert(1)</script></html>') }]),
    then: (res) => assert.ok(!res.body.includes('<script>alert(1)</script>')) });
  add({ name: 'a certificate owner that is SQL, not an id', status: 400, message: 'error.invalid_request', mentions: ['owner'],
    send: async () => chair.postForm(`${certificates()}/issue`, { owner: '1 OR 1=1' }) });
  add({ name: 'a revocation reason that does not exist', status: 400, message: 'error.invalid_request', mentions: ['reason'],
    send: async () => chair.postForm(`${certificates()}/1/revoke`, { reason: 'because' }) });
  add({ name: 'a certificate id beyond bigint', status: 404, message: 'error.not_found', send: async () => chair.get(`${certificates()}/9223372036854775808/download`) });
  add({ name: 'a JPEG named .png as a signature image', status: 400, message: 'signatures.image_not_png',
    send: async () => chair.postMultipart('/account/signature', {}, [{ name: 'image', filename: 'chu-ky.png', type: 'image/png', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]) }]) });
  // Verifying signed documents (issue #5): public, so the anonymous browser sends them.
  const verifyUpload = (data: Buffer, filename = 'van-ban.pdf') => other.postMultipart('/xac-thuc', {}, [{ name: 'document', filename, type: 'application/pdf', data }]);
  add({ name: 'verification: a 0-byte upload', status: 400, message: 'signatures.verify.empty', send: () => verifyUpload(Buffer.alloc(0)) });
  add({ name: 'verification: an HTML page named .pdf', status: 422, message: 'signatures.verify.not_pdf', send: () => verifyUpload(Buffer.from('<html><script>alert(1)</script>')) });
  add({ name: 'verification: a PDF cut off after its header', status: 422, message: 'signatures.verify.malformed_pdf', send: () => verifyUpload(Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj <<')) });
  add({ name: 'verification: an upload declaring 30 MB', status: 413, message: 'error.too_large',
    send: async () => postRaw(other, '/xac-thuc', Buffer.from('--x\r\n'), { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * MB), 'x-csrf-token': await other.csrfToken() }) });
  add({ name: 'verifyDocument: a body over 28 MB of base64', status: 413, message: 'error.too_large', mentions: ['28 MB'],
    send: () => other.postJson('/api/v1/documents/verify', { document: 'A'.repeat(29 * MB) }) });
  add({ name: 'verifyDocument: 20.5 MB of PDF (base64 under the body limit)', status: 413, message: 'signatures.verify.too_large', mentions: ['20 MB'],
    send: () => other.postJson('/api/v1/documents/verify', { document: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20.5 * MB, 0x20)]).toString('base64') }) });
  add({ name: 'verifyDocument: a document that is a number', status: 400, message: 'error.invalid_request', mentions: ['document'],
    send: () => other.postJson('/api/v1/documents/verify', { document: 42 }) });
  add({ name: 'verifyDocument: base64 with a stray character', status: 422, message: 'signatures.verify.bad_base64',
    send: () => other.postJson('/api/v1/documents/verify', { document: `${Buffer.from('%PDF-1.7').toString('base64')}*` }) });
  add({ name: 'a timestamp query over 4 KB', status: 413, message: 'error.too_large', mentions: ['4 KB'],
    send: () => postRaw(other, '/tsa', Buffer.alloc(8 * 1024, 0x30), { 'content-type': 'application/timestamp-query' }) });

  // Online payment (issue #6)
  add({ name: 'createPayment: a record code that is a number', status: 400, message: 'error.invalid_request', mentions: ['recordCode'],
    send: () => citizen.postJson('/api/v1/payments', { recordCode: 42 }) });
  add({ name: 'createPayment: an amount of its own (unknown field)', status: 400, message: 'error.invalid_request', mentions: ['amount'],
    send: () => citizen.postJson('/api/v1/payments', { recordCode: recordCode, amount: 1 }) });
  add({ name: 'createPayment: SQL as the record code', status: 404, message: 'records.not_found',
    send: () => citizen.postJson('/api/v1/payments', { recordCode: "' OR 1=1 --" }) });
  add({ name: 'createPayment: a record with no fee', status: 409, message: 'payments.not_due',
    send: () => citizen.postJson('/api/v1/payments', { recordCode }) });
  add({ name: 'paymentCallback: unsigned JSON claiming a payment (refused and audited)', status: 401, message: 'payments.callback.bad_signature', delta: { audit_log: 1 },
    send: () => postRaw(other, '/api/v1/payments/callback', JSON.stringify({ merchantId: 'SANDBOX', transactionId: 'SBXAAAAAAAAAAAAAAAAAAAA', amount: 8000, currency: 'VND', status: 'PAID' }), { 'content-type': 'application/json' }) });
  add({ name: 'paymentCallback: a signature over other bytes, and a body that is not UTF-8', status: 401, message: 'payments.callback.bad_signature', delta: { audit_log: 1 },
    send: () => postRaw(other, '/api/v1/payments/callback', Buffer.from([0xc3, 0x28, 0x00, 0x7b]), { 'content-type': 'text/plain', 'x-paygate-signature': 'ab'.repeat(32) }) });
  add({ name: 'paymentCallback: a body over 16 KB', status: 413, message: 'error.too_large', mentions: ['16 KB'],
    send: () => postRaw(other, '/api/v1/payments/callback', JSON.stringify({ pad: 'x'.repeat(20 * 1024) }), { 'content-type': 'application/json' }) });
  add({ name: 'getPayment: an id of 90 characters', status: 400, message: 'error.invalid_request', mentions: ['id'],
    send: () => citizen.get(`/api/v1/payments/${'A'.repeat(90)}`) });
  add({ name: 'the return page of a payment id with a path in it', status: 404, message: 'payments.not_found',
    send: () => citizen.get('/thanh-toan/..%2F..%2Fadmin/ket-qua') });
  add({ name: 'the sandbox gateway: a decision on a transaction that does not exist', status: 404, message: 'payments.sandbox.not_found',
    send: () => other.postForm('/sandbox-gateway/pay/SBXAAAAAAAAAAAAAAAAAAAA', { decision: 'confirm' }) });

  // Daily reconciliation of payments (issue #6): the Phìn Hồ chairman holds payments.reconcile.
  const reconciliation = () => `/admin/units/${ph}/payments/reconciliation`;
  const statementUpload = (data: Buffer | string, day = '2026-10-27') => chair.postMultipart(reconciliation(), { day }, [{ name: 'statement', filename: 'sao-ke.csv', type: 'text/csv', data: Buffer.from(data) }]);
  add({ name: 'reconciliation: an HTML page with a script as the statement (refused by line, nothing kept)', status: 400, message: 'payments.recon.nothing_kept',
    send: () => statementUpload('<html><script>alert(1)</script></html>\n<body>'),
    then: (res) => assert.ok(!res.body.includes('<script>alert(1)</script>')) });
  add({ name: 'reconciliation: a formula and a thousands separator as amounts', status: 400, message: 'payments.recon.problem.amount_format',
    send: () => statementUpload('Mã giao dịch,Mã hồ sơ,Số tiền,Trạng thái,Thời gian thanh toán\nSBX1,H1,=1+1,Thành công,2026-10-27 09:00:00\nSBX2,H2,"25.000",Thành công,2026-10-27 09:00:00\n'),
    then: (res) => { assert.match(res.body, /data-line="2" data-code="amount_format"/); assert.match(res.body, /data-line="3" data-code="amount_format"/); } });
  add({ name: 'reconciliation: SQL as the day', status: 400, message: 'payments.recon.day_invalid',
    send: () => statementUpload('Mã giao dịch,Mã hồ sơ,Số tiền,Trạng thái\n', "2026-10-27' OR 1=1 --") });
  add({ name: 'reconciliation: an upload declaring 30 MB', status: 413, message: 'error.too_large',
    send: async () => postRaw(chair, reconciliation(), Buffer.from('--x\r\n'), { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(30 * MB), 'x-csrf-token': await chair.csrfToken() }) });
  add({ name: 'reconciliation: a run id beyond bigint, as CSV', status: 404, message: 'error.not_found', send: () => chair.get(`${reconciliation()}/9223372036854775808.csv`) });
  add({ name: 'payments list: SQL as the status filter', status: 400, message: 'error.invalid_request', mentions: ['status'],
    send: () => chair.get(`/admin/units/${ph}/payments?status=${encodeURIComponent("paid' OR 1=1 --")}`) });

  it('has at least 30 cases', () => {
    assert.ok(cases.length >= 30, `${cases.length} cases`);
  });

  // One test per case, run in order after `before`.
  for (const [i, c] of cases.entries()) {
    it(`case ${i + 1}: ${c.name} → ${c.status}`, async () => {
      await c.setup?.();
      const before = await state(t);
      const res = await c.send();
      const afterwards = await state(t);
      const text = res.body.replace(/\s+/g, ' ').slice(0, 400);

      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `a 4xx, got ${res.statusCode}: ${text}`);
      assert.equal(res.statusCode, c.status, text);
      const type = String(res.headers['content-type']);
      if (c.noBody) {
        assert.match(type, /^text\/html/);
      } else if (type.startsWith('application/json')) {
        const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: { vi?: unknown; en?: unknown } } };
        assert.equal(typeof body.error?.code, 'string', text);
        assert.equal(body.error!.code, c.message, text);
        const { vi: viMsg, en: enMsg } = body.error!.message ?? {};
        assert.ok(typeof viMsg === 'string' && viMsg.trim() !== '' && typeof enMsg === 'string' && enMsg.trim() !== '', `a message in both languages: ${text}`);
        assert.ok(viMsg.startsWith(viText(c.message)), `the Vietnamese message of ${c.message}: ${viMsg}`);
        assert.notEqual(viMsg, enMsg);
        for (const word of c.mentions ?? []) assert.ok(viMsg.includes(word) && enMsg.includes(word), `the message names ${word}: ${viMsg}`);
      } else {
        assert.match(type, /^text\/html/, text);
        assert.ok(res.body.includes(escapeHtml(viText(c.message))), `the page says “${viText(c.message)}”: ${text}`);
        for (const word of c.mentions ?? []) assert.ok(res.body.includes(word), `the page names ${word}`);
      }
      if (!c.noBody) assert.doesNotMatch(res.body, /node_modules|\.ts:\d+|\bat \w+ \(|stack/i, 'no internals in the answer');

      for (const table of TABLES) {
        const expected = c.delta?.[table] ?? 0;
        assert.equal(afterwards[table].count - before[table].count, expected, `rows of ${table}`);
        if (expected === 0) assert.equal(afterwards[table].digest, before[table].digest, `${table} unchanged`);
      }
      await c.then?.(res);
    });
  }

  // --- redirects -----------------------------------------------------------------------------------

  it('open-redirect attempts redirect locally, and write nothing', async () => {
    const browser = t.anonymous();
    const before = await state(t);
    for (const next of ['//evil.example', 'https://evil.example', '/\\evil.example', '/%09/evil.example', '/%0D%0ASet-Cookie:%20x=1', '/%E2%80%A8/evil.example']) {
      const res = await browser.get(`/lang/vi?next=${next.startsWith('/%') ? next : encodeURIComponent(next)}`);
      assert.equal(res.statusCode, 303, `/lang/vi?next=${next}: ${res.body.slice(0, 200)}`);
      assert.equal(res.headers.location, '/', `/lang/vi?next=${next}`);
    }
    const en = await browser.get('/lang/en?next=//evil.example');
    assert.equal(en.headers.location, '/');
    await browser.get('/lang/vi?next=/');
    const page = await browser.get('/login?next=https://evil.example');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="next" value="\/"/);
    assert.doesNotMatch(page.body, /evil\.example/);
    const signedIn = await chair.get('/login?next=https://evil.example');
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/');
    assert.deepEqual(await state(t), before);
  });

  it('sign-in with next=https://evil.example lands on a local page (one session, one audit entry)', async () => {
    const before = await state(t);
    const browser = t.anonymous();
    const res = await browser.postForm('/login', { login: 'motcua.phinho', password: DEMO_PASSWORD, next: 'https://evil.example' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    const res2 = await t.anonymous().postForm('/login', { login: 'motcua.phinho', password: DEMO_PASSWORD, next: '//evil.example/x' });
    assert.equal(res2.headers.location, '/');
    const afterwards = await state(t);
    assert.equal(afterwards.sessions.count - before.sessions.count, 2);
    assert.equal(afterwards.audit_log.count - before.audit_log.count, 2);
    for (const table of ['officials', 'official_roles', 'citizens', 'units', 'recovery_codes'] as const) assert.deepEqual(afterwards[table], before[table], table);
  });

  it('an expired session opening a page is sent to sign in with expired=1, and told why', async () => {
    const b = await browserWithSession(await expiredSession());
    const before = await state(t);
    const res = await b.get(officials());
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/login?next=${encodeURIComponent(officials())}&expired=1`);
    const login = await b.get(String(res.headers.location));
    assert.equal(login.statusCode, 200);
    assert.match(login.body, /Phiên làm việc đã hết hạn/);
    const afterwards = await state(t);
    assert.equal(afterwards.sessions.count - before.sessions.count, -1, 'the expired session is removed');
    for (const table of ['officials', 'official_roles', 'citizens', 'units', 'recovery_codes', 'audit_log'] as const) assert.deepEqual(afterwards[table], before[table], table);
  });

  // --- accepted input: stored literally, shown escaped ------------------------------------------------

  it('SQL in a full name that passes validation is stored literally, and the tables survive', async () => {
    const before = await state(t);
    const name = "Robert'); DROP TABLE officials; --";
    const res = await chair.postForm(officials(), officialForm({ fullName: name, username: 'robert.tables' }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    await tablesExist();
    const row = (await sql<{ full_name: string }>`select full_name from officials where username = 'robert.tables'`.execute(t.database.db)).rows[0];
    assert.equal(row?.full_name, name);
    const afterwards = await state(t);
    assert.equal(afterwards.officials.count, before.officials.count + 1);
    assert.equal(afterwards.official_roles.count, before.official_roles.count + 1);
  });

  it('a script in a full name that passes validation is shown escaped, never raw', async () => {
    const res = await chair.postForm(officials(), officialForm({ fullName: '<script>alert(1)</script>', username: 'script.kiddie' }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const list = await chair.get(officials());
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!list.body.includes('<script>alert(1)</script>'));
    const id = (await sql<{ id: string }>`select id from officials where username = 'script.kiddie'`.execute(t.database.db)).rows[0]!.id;
    const edit = await chair.get(`${officials()}/${id}`);
    assert.equal(edit.statusCode, 200);
    assert.ok(edit.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!edit.body.includes('<script>alert(1)</script>'));
    const api = JSON.parse((await chair.get(apiOfficials())).body) as { fullName: string }[];
    assert.ok(api.some((o) => o.fullName === '<script>alert(1)</script>'), 'JSON carries the text as typed');
  });

  it('duplicate roles in a form are stored once', async () => {
    const res = await chair.postForm(`${officials()}/${clerkId}/roles`, { roles: ['clerk', 'clerk', 'specialist'] });
    assert.equal(res.statusCode, 303);
    const roles = (await sql<{ role: string }>`select role from official_roles where official_id = ${clerkId} order by role`.execute(t.database.db)).rows.map((r) => r.role);
    assert.deepEqual(roles, ['clerk', 'specialist']);
  });
});
