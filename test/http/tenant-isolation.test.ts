/**
 * Tenant isolation: an official of one commune can never read or change another commune's data.
 *
 * Every registered route is tried (the list is read from the running application, and the test fails
 * when a route appears that it does not know how to call), as the chairman of Xã Phìn Hồ, who holds
 * officials.manage, units.manage and audit.view within his own commune, against the ids of Xã Mường
 * Đăng, its villages and its officials. Nothing may leak and nothing may be written. Positive controls
 * show that the same requests do work inside one's own commune, that Mường Đăng's chairman does see
 * his officials, and that the provincial system administrator sees both communes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import type { App } from '../../src/platform/http/app.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';
import { DEMO_OFFICIALS } from '../../src/seed/demo-data.ts';
import { makePng } from '../support/png.ts';

// --- the route list ------------------------------------------------------------------------------

interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route of the running application. Fastify 5 has no public route list, so this reads the tree
 * `printRoutes({ commonPrefix: false })` draws (one node per line, four columns per level, methods
 * in parentheses, a child's text appended to its parent's path). Any line that does not fit that
 * shape fails loudly, every result is confirmed with `hasRoute`, and the caller also checks that
 * every route it knows about was found, so a change of format cannot make the list silently short.
 */
function registeredRoutes(app: App): RegisteredRoute[] {
  const text = app.printRoutes({ commonPrefix: false });
  const paths: string[] = [''];
  const routes: RegisteredRoute[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^((?:[│ ]   )*)[├└]── (\S+?)(?: \(([A-Z]+(?:, [A-Z]+)*)\))?$/u.exec(line);
    assert.ok(m, `printRoutes printed a line this test cannot read: ${JSON.stringify(line)}`);
    const depth = m[1]!.length / 4 + 1;
    assert.ok(depth <= paths.length, `printRoutes skipped a level at ${JSON.stringify(line)}`);
    paths.length = depth;
    const url = paths[depth - 1] + m[2]!;
    paths.push(url);
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  for (const r of routes) assert.ok(app.hasRoute({ method: r.method as 'GET', url: r.url }), `parsed ${r.method} ${r.url}, which hasRoute does not know`);
  return routes;
}

// --- the world -----------------------------------------------------------------------------------

const MD_DEMO = DEMO_OFFICIALS.filter((o) => o.unit === 'muongdang');
const PH_DEMO = DEMO_OFFICIALS.filter((o) => o.unit === 'phinho');
/** An official the Mường Đăng chairman adds in `before`: private data that is not in the seed. */
const MD_NEW = { username: 'kiemlam.muongdang', fullName: 'Lò Văn Kiểm Lâm', position: 'Công chức Địa chính – Nông nghiệp', password: 'mat-khau-tam-thoi-2026', roles: ['specialist'] };
/** Words that name Mường Đăng's units; they appear nowhere in Phìn Hồ's subtree. */
const MD_UNIT_WORDS = ['Mường Đăng', 'Co Muông', 'Hua Ná'];
/** A record filed with Mường Đăng: its applicant's and child's names and ID number are private to the commune. */
const MD_RECORD_WORDS = ['Lò Thị Kín Đáo', 'Lò Văn Riêng Tư', '011190007777'];
/** What Mường Đăng wrote in its periodic reports. */
const MD_REPORT_WORDS = ['Kiến nghị riêng của xã', 'Bản nháp riêng của xã'];
/** An incoming document of Mường Đăng (issue #8): its subject, author and the task made of it. */
const MD_DOCUMENT_WORDS = ['Kế hoạch riêng về đất rừng', 'Hạt Kiểm lâm riêng', 'Rà soát đất rừng riêng'];

interface World {
  md: Unit;
  mdVillages: Unit[];
  ph: Unit;
  phVillages: Unit[];
  province: Unit;
  /** Every official of Mường Đăng: id, username, full name. */
  mdOfficials: { id: number; username: string; fullName: string }[];
  phOfficialId(username: string): number;
  /** Seqs of audit entries about Mường Đăng or its villages. */
  mdAuditSeqs(): Promise<number[]>;
  /** A record of Mường Đăng, with one attached file. */
  mdRecord: { id: number; code: string; fileId: number };
  /** Signing certificates of Mường Đăng (its seal's and its chairman's): id and serial. */
  mdCertificates: { id: number; serial: string }[];
  /** A pending online payment of a Mường Đăng record (issue #6): its public id, record code and sandbox transaction. */
  mdPayment: { publicId: string; code: string; txn: string };
  /** A reconciliation run of Mường Đăng (its chairman imported a statement naming its payment). */
  mdRun: number;
  /** Periodic reports (issue #7): a request to every commune, which Mường Đăng submitted, and one to Mường Đăng only, with its draft. */
  mdReport: { all: number; mdOnly: number };
  /** An incoming document of Mường Đăng, assigned, with a scanned file and a task (issue #8). */
  mdDocument: { id: number; fileId: number; taskId: number };
  mdExchange: { caseFileId: number; outgoingId: number; recipientId: number };
}

/** Mường Đăng's private strings: its officials' names and user names. */
function privateStrings(w: World): string[] {
  return [...new Set(w.mdOfficials.flatMap((o) => [o.fullName, o.username]))];
}

/** Which private strings a body contains (as sent, and once more after JSON decoding in case of \u escapes). */
function leaksIn(body: string, secrets: readonly string[]): string[] {
  let decoded = body;
  try {
    decoded = JSON.stringify(JSON.parse(body));
  } catch {
    // Not JSON.
  }
  return secrets.filter((s) => body.includes(s) || decoded.includes(s));
}

// --- requests --------------------------------------------------------------------------------------

interface Attempt {
  method: string;
  url: string;
  /** A form (posted url-encoded with the CSRF field) or a JSON body (with the X-CSRF-Token header). */
  form?: Record<string, string | string[]>;
  json?: unknown;
  /** A multipart form (posted with the CSRF field) with one PNG file in the field `seal`. */
  multipart?: Record<string, string>;
  /** Status codes that are acceptable. */
  statuses: readonly number[];
  /** For the HEAD twin of a GET, when it differs (only GET pages turn a 401 into a redirect to sign-in). */
  headStatuses?: readonly number[];
  /** Extra strings that must not appear in the body (and in the body of the page a redirect leads to). */
  forbidden?: readonly string[];
  /** A further check on the response. */
  check?: (res: LightMyRequestResponse) => void | Promise<void>;
  /** Whom to send it as, when not the Phìn Hồ chairman's main client. */
  as?: () => Promise<Client>;
}

const NOT_THERE = [403, 404] as const;
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

/** Plausible bodies, the same for the attack and for the in-scope control. */
const bodies = {
  newOfficial: () => ({
    fullName: 'Kẻ Xâm Nhập', username: `xamnhap.${unique()}`, position: 'Cán bộ giả mạo', email: 'xamnhap@example.vn', phone: '0912345678',
    password: 'mat-khau-xam-nhap-2026', roles: ['chairman', 'clerk'],
  }),
  roles: () => ({ roles: ['clerk', 'specialist'] }),
  status: () => ({ disabled: '1' }),
  twoFactorReset: () => ({}),
  password: () => ({ password: 'mat-khau-moi-xam-nhap-2026' }),
  settings: () => ({ requireTwoFactor: '1' }),
  unitEdit: () => ({ name: `Xã Bị Chiếm ${unique()}`, code: `H99.${unique()}`, address: 'Địa chỉ giả mạo', sealName: 'CON DẤU GIẢ MẠO' }),
  newVillage: () => ({ childKind: 'village', childName: `Bản Xâm Nhập ${unique()}`, childCode: '', childAddress: 'Địa chỉ giả mạo', childSealName: '' }),
  newCommune: () => ({ childKind: 'commune', childName: `Xã Xâm Nhập ${unique()}`, childCode: `H99.${unique()}`, childAddress: 'Địa chỉ giả mạo', childSealName: 'CON DẤU GIẢ MẠO' }),
};

/** A valid seal image, different from the one Mường Đăng uploads. */
const FORGED_SEAL = makePng(90, 90);
const MD_SEAL = makePng(120, 120);

async function send(client: Client, a: Attempt): Promise<LightMyRequestResponse> {
  if (a.form) return client.postForm(a.url, a.form);
  if (a.json !== undefined) return client.postJson(a.url, a.json);
  if (a.multipart) return client.postMultipart(a.url, a.multipart, [{ name: 'seal', filename: 'seal.png', type: 'image/png', data: FORGED_SEAL }]);
  return client.request({ method: a.method, url: a.url });
}

// --- snapshots of Mường Đăng ------------------------------------------------------------------------

async function snapshot(t: TestApp, md: Unit) {
  const db = t.database.db;
  const subtree = sql`(select id from units where path like ${`${md.path}%`})`;
  const rows = async (q: ReturnType<typeof sql>) => ((await q.execute(db)).rows as { r: string }[]).map((x) => x.r);
  return {
    units: await rows(sql`select row_to_json(u)::text as r from units u where path like ${`${md.path}%`} order by id`),
    officials: await rows(sql`select row_to_json(o)::text as r from officials o where unit_id in ${subtree} order by id`),
    roles: await rows(sql`select row_to_json(r)::text as r from official_roles r where unit_id in ${subtree} order by official_id, role`),
    recoveryCodes: await rows(sql`select row_to_json(c)::text as r from recovery_codes c where unit_id in ${subtree} order by official_id, code_hash`),
    // last_seen_at may be touched by reading a session; everything else about a session must stay.
    sessions: await rows(sql`select json_build_array(token_hash, subject, unit_id, official_id, stage, expires_at)::text as r from sessions where unit_id in ${subtree} order by token_hash`),
    auditCount: await rows(sql`select count(*)::text as r from audit_log where unit_id in ${subtree}`),
    records: await rows(sql`select row_to_json(r)::text as r from records r where unit_id in ${subtree} order by id`),
    recordEvents: await rows(sql`select row_to_json(e)::text as r from record_events e where unit_id in ${subtree} order by id`),
    recordFiles: await rows(sql`select json_build_array(id, record_id, draft_id, file_name, sha256)::text as r from record_files where unit_id in ${subtree} order by id`),
    recordsTotal: await rows(sql`select count(*)::text as r from records`),
    certificates: await rows(sql`select json_build_array(id, unit_id, official_id, serial, revoked_at, revocation_reason)::text as r from signing_certificates where unit_id in ${subtree} order by id`),
    reconciliationRuns: await rows(sql`select count(*)::text as r from reconciliation_runs`),
    reportSubmissions: await rows(sql`select json_build_array(id, request_id, status, version, revision, answers)::text as r from report_submissions where unit_id in ${subtree} order by id`),
    reportVersions: await rows(sql`select json_build_array(id, revision, pdf_sha256, returned_at)::text as r from report_submission_versions where unit_id in ${subtree} order by id`),
    reportRequests: await rows(sql`select count(*)::text as r from report_requests`),
    reportTemplates: await rows(sql`select json_build_array(id, version, archived_at)::text as r from report_templates order by id`),
    documents: await rows(sql`select row_to_json(d)::text as r from documents d where unit_id in ${subtree} order by id`),
    documentEvents: await rows(sql`select json_build_array(id, document_id, kind, body)::text as r from document_events where unit_id in ${subtree} order by id`),
    documentAssignments: await rows(sql`select row_to_json(a)::text as r from document_assignments a where unit_id in ${subtree} order by document_id, official_id`),
    tasks: await rows(sql`select row_to_json(k)::text as r from tasks k where unit_id in ${subtree} order by id`),
    taskReports: await rows(sql`select count(*)::text as r from task_reports`),
    documentsTotal: await rows(sql`select count(*)::text as r from documents`),
    caseFiles: await rows(sql`select row_to_json(c)::text as r from case_files c where unit_id in ${subtree} order by id`),
    caseFileDocuments: await rows(sql`select row_to_json(c)::text as r from case_file_documents c where unit_id in ${subtree} order by case_file_id, document_id`),
    documentRecipients: await rows(sql`select row_to_json(r)::text as r from document_recipients r where unit_id in ${subtree} order by id`),
    signatureImages: await rows(sql`select json_build_array(official_id, md5(image))::text as r from signature_images where official_id in (select id from officials where unit_id in ${subtree}) order by official_id`),
    officialsTotal: await rows(sql`select count(*)::text as r from officials`),
    rolesTotal: await rows(sql`select count(*)::text as r from official_roles`),
    unitsTotal: await rows(sql`select count(*)::text as r from units`),
  };
}

/**
 * Exchange data of Mường Đăng (issue #8, part K): a case file holding its incoming document, and an issued outgoing
 * document (made directly: the issue flow is another part's) with an outside recipient.
 */
async function exchangeOf(t: TestApp, md: Unit, incomingId: number): Promise<{ caseFileId: number; outgoingId: number; recipientId: number }> {
  const db = t.database.db;
  const clerk = await t.signIn('vanthu.muongdang');
  const made = await clerk.postForm(`/admin/units/${md.id}/case-files`, { code: 'HS-RIENG', title: MD_DOCUMENT_WORDS[0]!, year: '2026', retention: '10', keeperId: '' });
  assert.equal(made.statusCode, 303, made.body.slice(0, 300));
  const caseFileId = Number(/\/case-files\/(\d+)$/.exec(String(made.headers.location))![1]);
  assert.equal((await clerk.postForm(`/admin/units/${md.id}/case-files/${caseFileId}/documents`, { documentId: String(incomingId) })).statusCode, 303);
  const outgoingId = Number((await sql<{ id: string }>`insert into documents (public_id, unit_id, direction, type_code, subject, number_text, status) values ('BBBBBBBBBBBBBBBBBBBBBB', ${md.id}, 'outgoing', 'KH', ${MD_DOCUMENT_WORDS[2]!}, '09/KH-UBND', 'issued') returning id`.execute(db)).rows[0]!.id);
  const recipientId = Number((await sql<{ id: string }>`insert into document_recipients (document_id, unit_id, recipient_name, recipient_organ_id) values (${outgoingId}, ${md.id}, ${MD_DOCUMENT_WORDS[1]!}, '000.00.77.H11') returning id`.execute(db)).rows[0]!.id);
  return { caseFileId, outgoingId, recipientId };
}

/**
 * An incoming document of Mường Đăng (issue #8): registered by its clerk from a scan, presented to its chairman,
 * assigned to its specialist, and made a task; returns its id, its file's id and the task's id.
 */
async function incomingDocumentOf(t: TestApp, md: Unit, officials: readonly { id: string; username: string }[]): Promise<{ id: number; fileId: number; taskId: number }> {
  const db = t.database.db;
  const id = (username: string) => String(officials.find((o) => o.username === username)!.id);
  const [clerk, chairman] = await Promise.all([t.signIn('vanthu.muongdang'), t.signIn('chutich.muongdang')]);
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const registered = await clerk.postMultipart(`/admin/units/${md.id}/documents/incoming`, {
    typeCode: 'KH', numberText: '07/KH-HKL', documentDate: today, senderName: MD_DOCUMENT_WORDS[1]!, subject: MD_DOCUMENT_WORDS[0]!, urgency: 'normal', channel: 'paper', receivedAt: '',
  }, [{ name: 'files', filename: 'ke-hoach.png', type: 'image/png', data: MD_SEAL }]);
  assert.equal(registered.statusCode, 303, registered.body.slice(0, 300));
  const docId = Number(/\/documents\/(\d+)$/.exec(String(registered.headers.location))![1]);
  const url = `/admin/units/${md.id}/documents/${docId}`;
  assert.equal((await clerk.postForm(`${url}/present`, { version: '1', leader: id('chutich.muongdang') })).statusCode, 303);
  assert.equal((await chairman.postForm(`${url}/assign`, { version: '2', main: id('chuyenmon.muongdang'), due: '2099-01-01' })).statusCode, 303);
  assert.equal((await chairman.postForm(`${url}/tasks`, { assignee: id('chuyenmon.muongdang'), title: MD_DOCUMENT_WORDS[2]!, due: '2099-01-01' })).statusCode, 303);
  const row = (await sql<{ file_id: string; task_id: string }>`select (select id from document_files where document_id = ${docId}) as file_id, (select id from tasks where document_id = ${docId}) as task_id`.execute(db)).rows[0]!;
  return { id: docId, fileId: Number(row.file_id), taskId: Number(row.task_id) };
}

// --- the test --------------------------------------------------------------------------------------

describe('an official of one commune can never read or change another commune’s data; tries every route so far', () => {
  let t: TestApp;
  let w: World;
  let phChairman: Client;
  let mdChairman: Client;
  let admin: Client;

  before(async () => {
    t = await createTestApp();
    const db = t.database.db;
    const md = t.unit('Xã Mường Đăng');
    const ph = t.unit('Xã Phìn Hồ');
    mdChairman = await t.signIn('chutich.muongdang');
    phChairman = await t.signIn('chutich.phinho');
    admin = await t.signIn('admin');
    // Private data that exists only because Mường Đăng created it, with an audit entry about it.
    const created = await mdChairman.postJson(`/api/v1/units/${md.id}/officials`, MD_NEW);
    assert.equal(created.statusCode, 201, created.body);
    // …and a seal image, so that refusing to serve it means something.
    const sealed = await mdChairman.postMultipart(`/admin/units/${md.id}/seal`, {}, [{ name: 'seal', filename: 'seal.png', type: 'image/png', data: MD_SEAL }]);
    assert.equal(sealed.statusCode, 303, sealed.body);
    // …and a record filed online with Mường Đăng, with a file and a message from its desk.
    const citizen = await t.signIn('0912000001');
    const filed = await citizen.postJson('/api/v1/applications', {
      procedureCode: '1.001193', unitId: md.id,
      values: {
        applicantName: MD_RECORD_WORDS[0], applicantId: MD_RECORD_WORDS[2], applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', relation: 'cha_me',
        childName: MD_RECORD_WORDS[1], childSex: 'nu', childBirthDate: '2026-11-01', childBirthPlace: 'Trạm y tế', childEthnicity: 'Thái', childNationality: 'Việt Nam',
        motherName: MD_RECORD_WORDS[0], fatherKnown: 'khong',
      },
      attachments: [{ component: 4, fileName: 'gcs.png', contentBase64: MD_SEAL.toString('base64') }],
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const mdRecordCode = JSON.parse(filed.body).code as string;
    const mdRecordRow = (await sql<{ id: string; file_id: string }>`select r.id, f.id as file_id from records r join record_files f on f.record_id = r.id where r.code = ${mdRecordCode}`.execute(db)).rows[0]!;
    const mdDesk = await t.signIn('motcua.muongdang');
    assert.equal((await mdDesk.postForm(`/admin/units/${md.id}/records/${mdRecordRow.id}/messages`, { body: 'Hồ sơ đã được xem.' })).statusCode, 303);

    // …and signing certificates of its seal and its chairman, issued by him.
    const mdChairmanId = Number((await sql<{ id: string }>`select id from officials where username = 'chutich.muongdang'`.execute(db)).rows[0]!.id);
    for (const owner of ['seal', String(mdChairmanId)]) assert.equal((await mdChairman.postForm(`/admin/units/${md.id}/certificates/issue`, { owner })).statusCode, 303);
    const mdCertificates = (await sql<{ id: string; serial: string }>`select id, serial from signing_certificates where unit_id = ${md.id} order by id`.execute(db)).rows.map((c) => ({ id: Number(c.id), serial: c.serial }));
    assert.equal(mdCertificates.length, 2);

    // …and a record with a fee, whose online payment the citizen started.
    const feeRecord = await citizen.postJson('/api/v1/applications', {
      procedureCode: '2.000635', unitId: md.id,
      values: { applicantName: MD_RECORD_WORDS[0], applicantId: MD_RECORD_WORDS[2], applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', request: `Bản sao giấy khai sinh của ${MD_RECORD_WORDS[1]}` },
    });
    assert.equal(feeRecord.statusCode, 201, feeRecord.body);
    const paying = await citizen.postJson('/api/v1/payments', { recordCode: JSON.parse(feeRecord.body).code });
    assert.equal(paying.statusCode, 201, paying.body);
    const mdPaymentRow = (await sql<{ public_id: string; record_code: string; gateway_txn_id: string }>`select public_id, record_code, gateway_txn_id from payments where public_id = ${JSON.parse(paying.body).paymentId}`.execute(db)).rows[0]!;

    // …and a reconciliation of that day's statement, which names the payment (still pending at the gateway).
    const statement = `Mã giao dịch,Mã hồ sơ,Mã đơn hàng,Số tiền,Trạng thái,Thời gian thanh toán\n${mdPaymentRow.gateway_txn_id},${mdPaymentRow.record_code},${mdPaymentRow.public_id},8000,Đang xử lý,\n`;
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const reconciled = await mdChairman.postMultipart(`/admin/units/${md.id}/payments/reconciliation`, { day: today }, [{ name: 'statement', filename: 'sao-ke.csv', type: 'text/csv', data: new TextEncoder().encode(statement) }]);
    assert.equal(reconciled.statusCode, 303, reconciled.body.slice(0, 300));
    const mdRun = Number(/\/(\d+)$/.exec(String(reconciled.headers.location))![1]);

    // …and periodic reports: the province sends one to every commune and one to Mường Đăng only; Mường Đăng submits the
    // first (signed by its chairman) and keeps a draft of the second.
    const supervisor = await t.signIn('giamsat');
    const template = await supervisor.postForm('/bao-cao-dinh-ky/mau', { name: 'Báo cáo tháng', description: '', fields: 'staff | Số cán bộ | integer | có\nnote | Kiến nghị | text | không' });
    assert.equal(template.statusCode, 303, template.body.slice(0, 300));
    const templateId = /\/mau\/(\d+)$/.exec(String(template.headers.location))![1]!;
    const sendReport = async (target: Record<string, string | string[]>) => {
      const sent = await supervisor.postForm('/bao-cao-dinh-ky/gui', { template: templateId, period_label: 'Tháng 11/2026', from: '2026-11-01', to: '2026-11-30', deadline_day: '2099-12-31', deadline_time: '17:00', ...target });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      return Number(/\/ky\/(\d+)$/.exec(String(sent.headers.location))![1]);
    };
    const mdReport = { all: await sendReport({ target: 'all' }), mdOnly: await sendReport({ target: 'chosen', units: [String(md.id)] }) };
    assert.equal((await mdChairman.postForm(`/bao-cao-dinh-ky/nop/${mdReport.all}`, { action: 'submit', version: '0', a_staff: '3', a_note: MD_REPORT_WORDS[0]! })).statusCode, 303);
    assert.equal((await mdChairman.postForm(`/bao-cao-dinh-ky/nop/${mdReport.mdOnly}`, { action: 'save', version: '0', a_staff: '4', a_note: MD_REPORT_WORDS[1]! })).statusCode, 303);

    const officials = (await sql<{ id: string; unit_id: string; username: string; full_name: string }>`select id, unit_id, username, full_name from officials order by id`.execute(db)).rows;
    const mdDocument = await incomingDocumentOf(t, md, officials);
    const mdExchange = await exchangeOf(t, md, mdDocument.id);
    const mdOfficials = officials.filter((o) => Number(o.unit_id) === md.id).map((o) => ({ id: Number(o.id), username: o.username, fullName: o.full_name }));
    w = {
      md, ph,
      mdVillages: t.units.filter((u) => u.parentId === md.id),
      phVillages: t.units.filter((u) => u.parentId === ph.id),
      province: t.units.find((u) => u.kind === 'province')!,
      mdOfficials,
      phOfficialId: (username) => Number(officials.find((o) => o.username === username && Number(o.unit_id) === ph.id)!.id),
      mdRecord: { id: Number(mdRecordRow.id), code: mdRecordCode, fileId: Number(mdRecordRow.file_id) },
      mdCertificates,
      mdPayment: { publicId: mdPaymentRow.public_id, code: mdPaymentRow.record_code, txn: mdPaymentRow.gateway_txn_id },
      mdRun,
      mdReport,
      mdDocument,
      mdExchange,
      mdAuditSeqs: async () => (await sql<{ seq: string }>`select seq from audit_log where unit_id in (select id from units where path like ${`${md.path}%`})`.execute(db)).rows.map((r) => Number(r.seq)),
    };
    assert.equal(w.mdVillages.length, 3);
    assert.equal(mdOfficials.length, MD_DEMO.length + 1);
    assert.ok((await w.mdAuditSeqs()).length >= 2, 'Mường Đăng has audit entries to leak (sign-in, official created)');
  });
  after(() => t?.close());

  /** For each route pattern ("METHOD /url"), the requests that try it as the Phìn Hồ chairman. */
  function attacksFor(): Record<string, () => Attempt[]> {
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    const get = (url: string, statuses: readonly number[], extra: Partial<Attempt> = {}): Attempt => ({ method: 'GET', url, statuses, ...extra });
    /** Every (unit, official) pair in which the official belongs to Mường Đăng: through its own units, the province, and the caller's own commune. */
    const officialPaths = (suffix = '') =>
      [...mdUnits, w.ph, ...w.phVillages].flatMap((u) => w.mdOfficials.map((o) => `/admin/units/${u.id}/officials/${o.id}${suffix}`));
    const postBoth = (url: string, body: () => Record<string, string | string[]>): Attempt[] => [
      { method: 'POST', url, form: body(), statuses: NOT_THERE },
      { method: 'POST', url, json: body(), statuses: NOT_THERE },
    ];
    const unitsWithout: Attempt['check'] = (res) => {
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Phìn Hồ/, 'the caller’s own commune is listed (the check is not vacuous)');
    };
    const auditWithoutMd: Attempt['check'] = async (res) => {
      assert.equal(res.statusCode, 200);
      for (const s of await w.mdAuditSeqs()) assert.doesNotMatch(res.body, new RegExp(`<tr><td>${s}</td>`), `audit entry #${s} of Mường Đăng is shown`);
      assert.match(res.body, /<tr><td>\d+<\/td>/, 'Phìn Hồ’s own entries are shown (the check is not vacuous)');
    };
    const apiAuditWithoutMd: Attempt['check'] = (res) => {
      assert.equal(res.statusCode, 200);
      const entries = JSON.parse(res.body) as { unitId: number | null }[];
      const allowed = new Set([w.ph.id, ...w.phVillages.map((u) => u.id)]);
      assert.ok(entries.length > 0, 'Phìn Hồ’s own entries are listed (the check is not vacuous)');
      for (const e of entries) assert.ok(e.unitId !== null && allowed.has(e.unitId), `an audit entry of unit ${e.unitId} is listed`);
    };

    return {
      'GET /': () => [get('/', [200])],
      'GET /healthz': () => [get('/healthz', [200])],
      'GET /readyz': () => [get('/readyz', [200])],
      'GET /metrics': () => [get('/metrics', [200])],
      'GET /static/:name': () => [get('/static/app.css', [200]), get(`/static/${w.md.id}`, [404]), get('/static/..%2F..%2Fsrc%2Fseed%2Fdemo-data.ts', [404])],
      'GET /lang/:lang': () => [get(`/lang/vi?next=${encodeURIComponent(`/admin/units/${w.md.id}/officials`)}`, [303])],
      'GET /api/openapi.json': () => [get('/api/openapi.json', [200])],
      // Verifying signed documents is public and about no unit (issue #5). A stored document is shown to whoever holds its link
      // (128 random bits, printed as a QR code on the paper): the link is the secret, so only links that name nothing are tried.
      'GET /xac-thuc': () => [get('/xac-thuc', [200], { forbidden: MD_UNIT_WORDS })],
      'POST /xac-thuc': () => [
        { method: 'POST', url: '/xac-thuc', multipart: {}, statuses: [400] },
        { method: 'POST', url: '/xac-thuc', form: {}, statuses: [400] },
      ],
      'GET /xac-thuc/:publicId': () => [get('/xac-thuc/AAAAAAAAAAAAAAAAAAAAAA', [404]), get(`/xac-thuc/${w.mdRecord.code}`, [404], { forbidden: MD_RECORD_WORDS }), get(`/xac-thuc/${w.md.id}`, [404])],
      'GET /xac-thuc/:publicId/tai-ve': () => [get('/xac-thuc/AAAAAAAAAAAAAAAAAAAAAA/tai-ve', [404]), get(`/xac-thuc/${w.mdRecord.code}/tai-ve`, [404], { forbidden: MD_RECORD_WORDS })],
      'POST /api/v1/documents/verify': () => [{ method: 'POST', url: '/api/v1/documents/verify', json: { document: MD_SEAL.toString('base64') }, statuses: [422] }],
      'GET /pki/root.crt': () => [get('/pki/root.crt', [200], { forbidden: MD_UNIT_WORDS })],
      'GET /pki/province-ca.crt': () => [get('/pki/province-ca.crt', [200], { forbidden: MD_UNIT_WORDS })],
      'GET /pki/root.crl': () => [get('/pki/root.crl', [200])],
      'GET /pki/province-ca.crl': () => [get('/pki/province-ca.crl', [200])],
      'POST /tsa': () => [{ method: 'POST', url: '/tsa', statuses: [415] }],
      // The procedure catalogue is the province's reference data, about no unit: readable by anyone, and it names no commune.
      'GET /thu-tuc': () => [get('/thu-tuc', [200], { forbidden: MD_UNIT_WORDS }), get(`/thu-tuc?q=${encodeURIComponent('Mường Đăng')}`, [200], { forbidden: ['Co Muông', 'Hua Ná'] })],
      'GET /thu-tuc/:code': () => [get('/thu-tuc/1.001193', [200], { forbidden: MD_UNIT_WORDS }), get(`/thu-tuc/${w.md.id}`, [404], { forbidden: MD_UNIT_WORDS })],
      'GET /api/v1/procedures': () => [get(`/api/v1/procedures?q=${encodeURIComponent('Mường Đăng')}`, [200], { forbidden: MD_UNIT_WORDS }), get('/api/v1/procedures?limit=100', [200], { forbidden: MD_UNIT_WORDS })],
      'GET /api/v1/procedures/:code': () => [get('/api/v1/procedures/1.000894', [200], { forbidden: MD_UNIT_WORDS }), get(`/api/v1/procedures/${w.md.id}`, [404], { forbidden: MD_UNIT_WORDS })],
      // The catalogue editor is the province's (catalogue.manage, system administrator only): a commune chairman gets 403 everywhere.
      'GET /admin/procedures': () => [get('/admin/procedures', [403]), get('/admin/procedures?status=draft', [403])],
      'GET /admin/procedures/new': () => [get('/admin/procedures/new', [403]), get('/admin/procedures/new?from=1.001193', [403])],
      'POST /admin/procedures': () => postBoth('/admin/procedures', () => ({ code: '1.000948.H38', name: 'Thủ tục giả mạo', field: 'Hộ tịch', level: 'Cấp xã', feeStatus: 'free', onlineLevel: 'none' })),
      'GET /admin/procedures/export.json': () => [get('/admin/procedures/export.json', [403]), get('/admin/procedures/export.json?status=all', [403])],
      'GET /admin/procedures/export.xlsx': () => [get('/admin/procedures/export.xlsx', [403])],
      'POST /admin/procedures/import': () => [
        { method: 'POST', url: '/admin/procedures/import', multipart: {}, statuses: [403] },
        { method: 'POST', url: '/admin/procedures/import', form: {}, statuses: [403] },
      ],
      'GET /admin/procedures/:code': () => [get('/admin/procedures/1.001193', [403]), get(`/admin/procedures/${w.md.id}`, [403])],
      'POST /admin/procedures/:code/versions': () => postBoth('/admin/procedures/1.001193/versions', () => ({})),
      'GET /admin/procedures/:code/versions/:version': () => [get('/admin/procedures/1.001193/versions/1', [403])],
      'GET /admin/procedures/:code/versions/:version/edit': () => [get('/admin/procedures/1.001193/versions/1/edit', [403])],
      'POST /admin/procedures/:code/versions/:version': () => postBoth('/admin/procedures/1.001193/versions/1', () => ({ name: 'Thủ tục giả mạo' })),
      'POST /admin/procedures/:code/versions/:version/publish': () => postBoth('/admin/procedures/1.001193/versions/1/publish', () => ({ effectiveFrom: '2030-01-01' })),
      'POST /admin/procedures/:code/versions/:version/delete': () => postBoth('/admin/procedures/1.001193/versions/1/delete', () => ({})),
      'GET /api/v1/admin/procedures/export': () => [get('/api/v1/admin/procedures/export', [403]), get('/api/v1/admin/procedures/export?status=all', [403])],
      // The working calendar is the province's install-wide reference data (calendar.manage, system administrator only): 403 for a chairman.
      'GET /admin/calendar': () => [get('/admin/calendar', [403]), get('/admin/calendar?year=2026', [403])],
      'GET /admin/calendar/export.json': () => [get('/admin/calendar/export.json?year=2026', [403])],
      'POST /admin/calendar/entries': () => [
        { method: 'POST', url: '/admin/calendar/entries', form: { year: '2027', date: '2027-03-02', kind: 'day_off', name: 'Ngày nghỉ giả mạo', source: '' }, statuses: [403] },
        { method: 'POST', url: '/admin/calendar/entries', json: { year: '2027', date: '2027-03-02', kind: 'day_off', name: 'Ngày nghỉ giả mạo', source: '' }, statuses: [403] },
      ],
      'POST /admin/calendar/entries/:date/delete': () => [{ method: 'POST', url: '/admin/calendar/entries/2026-08-31/delete', form: {}, statuses: [403] }],
      'POST /admin/calendar/import': () => [
        { method: 'POST', url: '/admin/calendar/import', form: { schedule: '{"year":2027,"entries":[]}' }, statuses: [403] },
        { method: 'POST', url: '/admin/calendar/import', json: { schedule: '{"year":2027,"entries":[]}' }, statuses: [403] },
      ],
      'GET /login': () => [get(`/login?next=${encodeURIComponent(`/admin/units/${w.md.id}/officials`)}`, [303])],
      'POST /login': () => [{ method: 'POST', url: '/login', form: { login: 'chutich.phinho', password: DEMO_PASSWORD, next: `/admin/units/${w.md.id}/officials` }, statuses: [303] }],
      'GET /login/two-factor': () => [get('/login/two-factor', [303], { headStatuses: [303] })],
      'POST /login/two-factor': () => [{ method: 'POST', url: '/login/two-factor', form: { code: '123456', next: `/admin/units/${w.md.id}/officials` }, statuses: [401] }],
      // OpenID Connect (VNeID) sign-in for citizens is about no unit; OIDC_ISSUER is unset here, so both routes do not exist.
      'GET /login/oidc': () => [get(`/login/oidc?next=${encodeURIComponent(`/admin/units/${w.md.id}/officials`)}`, [404])],
      'GET /login/oidc/callback': () => [get('/login/oidc/callback?code=abc&state=def', [404])],
      // Citizen self-registration is about no unit; an official without a registration in progress is sent back to the start.
      'GET /register': () => [get('/register', [303])],
      'POST /register': () => [
        { method: 'POST', url: '/register', form: { fullName: 'Lò Văn Thử', contact: `09${String(Date.now() % 1e8).padStart(8, '0')}`, password: 'mat-khau-dang-ky-2026', confirm: 'mat-khau-dang-ky-2026' }, statuses: [303], as: async () => t.anonymous() },
        { method: 'POST', url: '/register', form: { fullName: '', contact: 'not-a-phone', password: 'x', confirm: 'y' }, statuses: [400] },
      ],
      'GET /register/verify': () => [get('/register/verify', [303])],
      'POST /register/verify': () => [{ method: 'POST', url: '/register/verify', form: { code: '123456' }, statuses: [303] }],
      'POST /register/resend': () => [{ method: 'POST', url: '/register/resend', form: {}, statuses: [303] }],
      // The development sink shows one-time codes: a commune chairman may not open it (only the system administrator).
      'GET /dev/outbox': () => [get('/dev/outbox', [403])],
      // The national portal sync page is the province's (portal_sync.view: system administrator, provincial supervisor): a commune chairman gets 403.
      'GET /admin/portal-sync': () => [get('/admin/portal-sync', [403], { forbidden: MD_RECORD_WORDS })],
      'POST /admin/portal-sync/retry': () => [{ method: 'POST', url: '/admin/portal-sync/retry', form: {}, statuses: [403] }, { method: 'POST', url: '/admin/portal-sync/retry', json: {}, statuses: [403] }],
      'POST /admin/portal-sync/simulator': () => [{ method: 'POST', url: '/admin/portal-sync/simulator', form: { down: '1' }, statuses: [403] }],
      'GET /admin/portal-sync/simulator': () => [get('/admin/portal-sync/simulator', [403], { forbidden: MD_RECORD_WORDS })],
      'POST /logout': () => [{ method: 'POST', url: '/logout', form: {}, statuses: [303], as: () => t.signIn('chutich.phinho') }],
      'GET /api/v1/me': () => [get('/api/v1/me', [200], { check: (res) => assert.equal(JSON.parse(res.body).unitId, w.ph.id) })],
      'GET /api/v1/units': () => [
        get('/api/v1/units', [200], { forbidden: MD_UNIT_WORDS, check: unitsWithout }),
        get(`/api/v1/units?unitId=${w.md.id}`, [200, 400], { forbidden: MD_UNIT_WORDS }),
      ],
      'GET /api/v1/units/:unitId': () => mdUnits.map((u) => get(`/api/v1/units/${u.id}`, NOT_THERE, { forbidden: MD_UNIT_WORDS })),
      'GET /api/v1/units/:unitId/officials': () => mdUnits.map((u) => get(`/api/v1/units/${u.id}/officials`, NOT_THERE)),
      'POST /api/v1/units/:unitId/officials': () => mdUnits.map((u) => ({ method: 'POST', url: `/api/v1/units/${u.id}/officials`, json: bodies.newOfficial(), statuses: NOT_THERE })),
      'GET /api/v1/audit': () => [
        get('/api/v1/audit', [200], { check: apiAuditWithoutMd }),
        get(`/api/v1/audit?unitId=${w.md.id}`, [400]),
        get(`/api/v1/audit?before=${Number.MAX_SAFE_INTEGER}`, [200], { check: apiAuditWithoutMd }),
      ],
      'GET /account': () => [get('/account', [200])],
      'POST /account/password': () => [{ method: 'POST', url: '/account/password', form: { current: 'not-my-password', next: 'mat-khau-moi-2026-x', confirm: 'mat-khau-moi-2026-x' }, statuses: [400] }],
      'GET /account/two-factor': () => [get('/account/two-factor', [200])],
      'POST /account/two-factor': () => [{ method: 'POST', url: '/account/two-factor', form: { code: '000000' }, statuses: [400] }],
      'GET /admin/officials': () => [get('/admin/officials', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/officials`) })],
      'GET /admin/units/:unitId/officials': () => mdUnits.map((u) => get(`/admin/units/${u.id}/officials`, NOT_THERE, { forbidden: MD_UNIT_WORDS })),
      'POST /admin/units/:unitId/officials': () => mdUnits.flatMap((u) => postBoth(`/admin/units/${u.id}/officials`, bodies.newOfficial)),
      'GET /admin/units/:unitId/officials/:officialId': () => officialPaths().map((url) => get(url, NOT_THERE)),
      'POST /admin/units/:unitId/officials/:officialId/roles': () => officialPaths('/roles').flatMap((url) => postBoth(url, bodies.roles)),
      'POST /admin/units/:unitId/officials/:officialId/status': () => officialPaths('/status').flatMap((url) => postBoth(url, bodies.status)),
      'POST /admin/units/:unitId/officials/:officialId/two-factor-reset': () => officialPaths('/two-factor-reset').flatMap((url) => postBoth(url, bodies.twoFactorReset)),
      'POST /admin/units/:unitId/officials/:officialId/password': () => officialPaths('/password').flatMap((url) => postBoth(url, bodies.password)),
      'POST /admin/units/:unitId/settings': () => mdUnits.flatMap((u) => postBoth(`/admin/units/${u.id}/settings`, bodies.settings)),
      'GET /admin/units/:unitId': () => mdUnits.map((u) => get(`/admin/units/${u.id}`, NOT_THERE, { forbidden: MD_UNIT_WORDS })),
      'POST /admin/units/:unitId': () => mdUnits.flatMap((u) => postBoth(`/admin/units/${u.id}`, bodies.unitEdit)),
      'POST /admin/units/:unitId/children': () => mdUnits.flatMap((u) => [...postBoth(`/admin/units/${u.id}/children`, bodies.newVillage), ...postBoth(`/admin/units/${u.id}/children`, bodies.newCommune)]),
      'POST /admin/units/:unitId/seal': () => mdUnits.flatMap((u): Attempt[] => [
        { method: 'POST', url: `/admin/units/${u.id}/seal`, multipart: {}, statuses: NOT_THERE },
        { method: 'POST', url: `/admin/units/${u.id}/seal`, form: {}, statuses: NOT_THERE },
      ]),
      'GET /admin/units/:unitId/seal.png': () => mdUnits.map((u) => get(`/admin/units/${u.id}/seal.png`, NOT_THERE)),
      'GET /audit': () => [
        get('/audit', [200], { check: auditWithoutMd }),
        get(`/audit?unitId=${w.md.id}`, [400]),
        get(`/audit?before=${Number.MAX_SAFE_INTEGER}`, [200], { check: auditWithoutMd }),
      ],
      'GET /units': () => [get('/units', [200], { forbidden: MD_UNIT_WORDS, check: unitsWithout })],
      // Records: the chairman of Phìn Hồ reads his commune's records, never Mường Đăng's, by any unit id; he files for no one.
      ...recordAttacks(get),
      ...certificateAttacks(get),
      ...paymentAttacks(get),
      ...periodicReportAttacks(get),
      ...indicatorAttacks(get),
      ...incomingDocumentAttacks(get),
      ...exchangeDocumentAttacks(get),
      ...outgoingDocumentAttacks(get),
      ...searchDocumentAttacks(get),
    };
  }

  /**
   * Searching documents (issue #8, part L): Mường Đăng's search page and API are not there for him by any unit id, and
   * searching his own commune for Mường Đăng's words, by subject, sender or number, finds nothing.
   */
  function searchDocumentAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const hidden = { forbidden: [...MD_DOCUMENT_WORDS, ...MD_UNIT_WORDS] };
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    // Without diacritics: the page echoes the query in its form, and the leak detector looks for the words as written.
    const queries = ['q=ke+hoach+rieng+dat+rung', 'q=hat+kiem+lam+rieng', 'q=07%2FKH-HKL', 'sender=kiem+lam', ''];
    const none = (res: LightMyRequestResponse) => assert.equal(JSON.parse(res.body).total, 0, 'his own commune holds none of those');
    return {
      'GET /admin/units/:unitId/documents/search': () => [
        ...mdUnits.flatMap((u) => queries.map((q) => get(`/admin/units/${u.id}/documents/search?${q}`, NOT_THERE, hidden))),
        ...queries.slice(0, 4).map((q) => get(`/admin/units/${w.ph.id}/documents/search?${q}`, [200], { ...hidden, check: (res) => assert.match(res.body, /data-count="0"/) })),
      ],
      'GET /api/v1/units/:unitId/documents': () => [
        ...mdUnits.flatMap((u) => queries.map((q) => get(`/api/v1/units/${u.id}/documents?${q}`, NOT_THERE, hidden))),
        ...queries.slice(0, 4).map((q) => get(`/api/v1/units/${w.ph.id}/documents?${q}`, [200], { ...hidden, check: none })),
      ],
    };
  }

  /**
   * Incoming documents and tasks (issue #8): Mường Đăng's queues, register, documents, files and tasks are not there
   * for him by any unit id (his own commune's id with Mường Đăng's document or task ids included), and no step on them
   * goes through; his own commune's pages show nothing of Mường Đăng's.
   */
  function incomingDocumentAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const d = w.mdDocument;
    const hidden = { forbidden: [...MD_DOCUMENT_WORDS, ...MD_UNIT_WORDS] };
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    const everyUnit = [...mdUnits, w.ph];
    const post = (url: string, form: Record<string, string | string[]>): Attempt => ({ method: 'POST', url, form, statuses: NOT_THERE, ...hidden });
    const docUrls = (suffix: string) => everyUnit.map((u) => `/admin/units/${u.id}/documents/${d.id}${suffix}`);
    const taskUrls = (suffix: string) => everyUnit.map((u) => `/admin/units/${u.id}/tasks/${d.taskId}${suffix}`);
    const someone = String(w.mdOfficials[0]!.id);
    return {
      'GET /admin/documents': () => [get('/admin/documents', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/documents/incoming`), ...hidden })],
      'GET /admin/units/:unitId/documents/incoming': () => [
        ...mdUnits.flatMap((u) => ['all', 'overdue', 'to_assign'].map((q) => get(`/admin/units/${u.id}/documents/incoming?queue=${q}`, NOT_THERE, hidden))),
        get(`/admin/units/${w.ph.id}/documents/incoming?queue=all`, [200], hidden),
      ],
      'POST /admin/units/:unitId/documents/incoming': () => mdUnits.map((u): Attempt => ({ method: 'POST', url: `/admin/units/${u.id}/documents/incoming`, multipart: { typeCode: 'CV', subject: 'Xâm nhập', senderName: 'Giả mạo', documentDate: '2026-01-05', channel: 'paper', urgency: 'normal' }, statuses: NOT_THERE, ...hidden })),
      'GET /admin/units/:unitId/documents/incoming/new': () => mdUnits.map((u) => get(`/admin/units/${u.id}/documents/incoming/new`, NOT_THERE, hidden)),
      'GET /admin/units/:unitId/documents/incoming/register': () => [
        ...mdUnits.flatMap((u) => ['', '?format=csv', '?format=pdf'].map((q) => get(`/admin/units/${u.id}/documents/incoming/register${q}`, NOT_THERE, hidden))),
        get(`/admin/units/${w.ph.id}/documents/incoming/register?format=csv`, [200], hidden),
      ],
      'GET /admin/units/:unitId/documents/:documentId': () => docUrls('').map((url) => get(url, NOT_THERE, hidden)),
      'GET /admin/units/:unitId/documents/:documentId/files/:fileId': () => docUrls(`/files/${d.fileId}`).map((url) => get(url, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/documents/:documentId/present': () => docUrls('/present').map((url) => post(url, { version: '1', leader: someone })),
      'POST /admin/units/:unitId/documents/:documentId/assign': () => docUrls('/assign').map((url) => post(url, { version: '3', main: someone, due: '2099-01-01' })),
      'POST /admin/units/:unitId/documents/:documentId/opinion': () => docUrls('/opinion').map((url) => post(url, { note: 'Xâm nhập' })),
      'POST /admin/units/:unitId/documents/:documentId/forward': () => docUrls('/forward').map((url) => post(url, { version: '3', to: someone, note: 'Xâm nhập' })),
      'POST /admin/units/:unitId/documents/:documentId/complete': () => docUrls('/complete').map((url) => post(url, { version: '3', note: 'Xâm nhập' })),
      'POST /admin/units/:unitId/documents/:documentId/tasks': () => docUrls('/tasks').map((url) => post(url, { assignee: someone, title: 'Xâm nhập', due: '2099-01-01' })),
      'GET /admin/units/:unitId/tasks': () => [
        ...mdUnits.map((u) => get(`/admin/units/${u.id}/tasks?tab=overdue`, NOT_THERE, hidden)),
        ...['mine', 'assigned', 'overdue', 'done'].map((tab) => get(`/admin/units/${w.ph.id}/tasks?tab=${tab}`, [200], hidden)),
      ],
      'GET /admin/units/:unitId/tasks/:taskId': () => taskUrls('').map((url) => get(url, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/tasks/:taskId/reports': () => taskUrls('/reports').map((url) => post(url, { version: '1', progress: '90', body: 'Xâm nhập' })),
      'POST /admin/units/:unitId/tasks/:taskId/complete': () => taskUrls('/complete').map((url) => post(url, { version: '1', body: 'Xâm nhập' })),
    };
  }

  /**
   * Outgoing documents (issue #8, part J): Mường Đăng's outgoing queues, register and drafts are not there for him by
   * any unit id (his own commune's id with Mường Đăng's document id included); he drafts nothing for Mường Đăng and
   * moves none of its documents a step.
   */
  function outgoingDocumentAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const id = w.mdExchange.outgoingId;
    const hidden = { forbidden: [...MD_DOCUMENT_WORDS, ...MD_UNIT_WORDS] };
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    const everyUnit = [...mdUnits, w.ph];
    const base = (u: Unit) => `/admin/units/${u.id}/documents/outgoing`;
    const draft = { type: 'QĐ', subject: 'Xâm nhập', urgency: 'normal', outside: 'Giả mạo', body: 'Giả mạo', signer: '1', capacity: 'tm', office: 'VP', version: '1' };
    return {
      'GET /admin/units/:unitId/documents/outgoing': () => [
        ...mdUnits.flatMap((u) => ['mine', 'issue', 'issued'].map((q) => get(`${base(u)}?queue=${q}`, NOT_THERE, hidden))),
        get(`${base(w.ph)}?queue=issued`, [200], hidden),
      ],
      'GET /admin/units/:unitId/documents/outgoing/new': () => mdUnits.map((u) => get(`${base(u)}/new`, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/documents/outgoing': () => mdUnits.map((u): Attempt => ({ method: 'POST', url: base(u), form: draft, statuses: NOT_THERE, ...hidden })),
      'POST /admin/units/:unitId/documents/outgoing/upload': () => mdUnits.map((u): Attempt => ({ method: 'POST', url: `${base(u)}/upload`, multipart: { type: 'QĐ', subject: 'Xâm nhập', outside: 'Giả mạo' }, statuses: NOT_THERE, ...hidden })),
      'GET /admin/units/:unitId/documents/outgoing/register': () => [
        ...mdUnits.flatMap((u) => ['', '?format=csv', '?format=pdf'].map((q) => get(`${base(u)}/register${q}`, NOT_THERE, hidden))),
        get(`${base(w.ph)}/register?format=csv`, [200], hidden),
      ],
      'GET /admin/units/:unitId/documents/outgoing/:documentId/edit': () => everyUnit.map((u) => get(`${base(u)}/${id}/edit`, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/documents/outgoing/:documentId/edit': () => everyUnit.map((u): Attempt => ({ method: 'POST', url: `${base(u)}/${id}/edit`, form: draft, statuses: NOT_THERE, ...hidden })),
      'POST /admin/units/:unitId/documents/outgoing/:documentId/edit/upload': () => everyUnit.map((u): Attempt => ({ method: 'POST', url: `${base(u)}/${id}/edit/upload`, multipart: { version: '1', type: 'QĐ', subject: 'Xâm nhập' }, statuses: NOT_THERE, ...hidden })),
      'POST /admin/units/:unitId/documents/outgoing/:documentId/step': () => everyUnit.flatMap((u) => ['sign', 'issue', 'return', 'approve'].map((action): Attempt => ({ method: 'POST', url: `${base(u)}/${id}/step`, form: { action, version: '1', comment: 'Giả mạo' }, statuses: NOT_THERE, ...hidden }))),
    };
  }

  /**
   * Exchange, copies and case files (issue #8, part K): Mường Đăng's case files, edXML packages, status trail and
   * copies are not there for him by any unit id; his own commune's case files page shows nothing of Mường Đăng's.
   */
  function exchangeDocumentAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const x = w.mdExchange;
    const hidden = { forbidden: [...MD_DOCUMENT_WORDS, ...MD_UNIT_WORDS] };
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    const everyUnit = [...mdUnits, w.ph];
    const post = (url: string, form: Record<string, string | string[]>): Attempt => ({ method: 'POST', url, form, statuses: NOT_THERE, ...hidden });
    const multipart = (url: string, fields: Record<string, string>): Attempt => ({ method: 'POST', url, multipart: fields, statuses: NOT_THERE, ...hidden });
    const recipientUrls = (suffix: string) => everyUnit.map((u) => `/admin/units/${u.id}/documents/${x.outgoingId}/recipients/${x.recipientId}${suffix}`);
    const fileUrls = (suffix: string) => everyUnit.map((u) => `/admin/units/${u.id}/case-files/${x.caseFileId}${suffix}`);
    return {
      'GET /admin/units/:unitId/documents/incoming/import': () => mdUnits.map((u) => get(`/admin/units/${u.id}/documents/incoming/import`, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/documents/incoming/import': () => mdUnits.map((u) => multipart(`/admin/units/${u.id}/documents/incoming/import`, {})),
      'GET /admin/units/:unitId/documents/:documentId/recipients/:recipientId/edxml': () => recipientUrls('/edxml').map((url) => get(url, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/documents/:documentId/recipients/:recipientId/edxml': () => recipientUrls('/edxml').map((url) => post(url, {})),
      'POST /admin/units/:unitId/documents/:documentId/recipients/:recipientId/status': () => recipientUrls('/status').map((url) => multipart(url, { version: '1', code: '03', note: 'Xâm nhập' })),
      'POST /admin/units/:unitId/documents/:documentId/status-package': () => everyUnit.map((u) => post(`/admin/units/${u.id}/documents/${w.mdDocument.id}/status-package`, { version: '3', code: '03', reason: '' })),
      'POST /admin/units/:unitId/documents/:documentId/copies': () => everyUnit.flatMap((u) => [w.mdDocument.id, x.outgoingId].map((id) => post(`/admin/units/${u.id}/documents/${id}/copies`, { version: '3', kind: 'SY', pages: '' }))),
      'POST /admin/units/:unitId/documents/:documentId/case-file': () => everyUnit.map((u) => post(`/admin/units/${u.id}/documents/${w.mdDocument.id}/case-file`, { caseFileId: String(x.caseFileId) })),
      'GET /admin/units/:unitId/case-files': () => [
        ...mdUnits.flatMap((u) => ['', '?status=open', '?year=2026'].map((q) => get(`/admin/units/${u.id}/case-files${q}`, NOT_THERE, hidden))),
        get(`/admin/units/${w.ph.id}/case-files?year=2026`, [200], hidden),
      ],
      'POST /admin/units/:unitId/case-files': () => mdUnits.map((u) => post(`/admin/units/${u.id}/case-files`, { code: 'HS-XAM', title: 'Xâm nhập', year: '2026', retention: '5', keeperId: '' })),
      'GET /admin/units/:unitId/case-files/:caseFileId': () => fileUrls('').map((url) => get(url, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/case-files/:caseFileId/documents': () => fileUrls('/documents').map((url) => post(url, { documentId: String(w.mdDocument.id) })),
      'POST /admin/units/:unitId/case-files/:caseFileId/close': () => fileUrls('/close').map((url) => post(url, {})),
    };
  }

  /**
   * The service-index pages (issue #7): he reads his own commune's dashboard; Mường Đăng's dashboard, its drill-down
   * lists and the province's ranking and settings are not there for him by any unit id. The public page shows unit
   * names and figures, never a record or a person.
   */
  function indicatorAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    const hidden = { forbidden: [...MD_RECORD_WORDS, ...MD_UNIT_WORDS] };
    return {
      'GET /admin/reports': () => [get('/admin/reports', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/reports`) })],
      'GET /admin/units/:unitId/reports': () => mdUnits.map((u) => get(`/admin/units/${u.id}/reports`, NOT_THERE, hidden)),
      'GET /admin/units/:unitId/reports/records': () => mdUnits.flatMap((u) => ['late', 'received', 'online'].map((set) => get(`/admin/units/${u.id}/reports/records?set=${set}`, NOT_THERE, hidden))),
      'GET /admin/units/:unitId/reports/ranking': () => mdUnits.map((u) => get(`/admin/units/${u.id}/reports/ranking`, NOT_THERE, hidden)),
      'GET /admin/units/:unitId/reports/settings': () => [...mdUnits, w.ph].map((u) => get(`/admin/units/${u.id}/reports/settings`, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/reports/settings': () => [...mdUnits, w.ph].map((u): Attempt => ({ method: 'POST', url: `/admin/units/${u.id}/reports/settings`, form: { version: '0' }, statuses: NOT_THERE, ...hidden })),
      'GET /chi-so': () => [get('/chi-so', [200], { forbidden: MD_RECORD_WORDS })],
    };
  }

  /**
   * Periodic reports (issue #7): the province's pages need reports.request, which a commune's chairman does not hold
   * (403); on the commune's pages he reads and writes only his own unit's reports: Mường Đăng's answers never show,
   * the request sent to Mường Đăng alone does not exist for him, and Mường Đăng's signed PDFs are not there.
   */
  function periodicReportAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const r = w.mdReport;
    const hidden = { forbidden: [...MD_REPORT_WORDS, ...MD_UNIT_WORDS] };
    const province = (method: string, url: string, form?: Record<string, string | string[]>): Attempt => ({ method, url, statuses: [403], ...(form ? { form } : {}), ...hidden });
    const mdUnitIds = [w.md.id, ...w.mdVillages.map((u) => u.id)];
    return {
      'GET /bao-cao-dinh-ky': () => [province('GET', '/bao-cao-dinh-ky')],
      'POST /bao-cao-dinh-ky/mau': () => [province('POST', '/bao-cao-dinh-ky/mau', { name: 'Giả mạo', description: '', fields: 'x | y | integer | có' })],
      'GET /bao-cao-dinh-ky/mau/moi': () => [province('GET', '/bao-cao-dinh-ky/mau/moi')],
      'GET /bao-cao-dinh-ky/mau/:templateId': () => [province('GET', '/bao-cao-dinh-ky/mau/1')],
      'POST /bao-cao-dinh-ky/mau/:templateId': () => [province('POST', '/bao-cao-dinh-ky/mau/1', { version: '1', name: 'Giả mạo', description: '', fields: 'x | y | integer | có' })],
      'POST /bao-cao-dinh-ky/mau/:templateId/luu-tru': () => [province('POST', '/bao-cao-dinh-ky/mau/1/luu-tru', { version: '1', archived: '1' })],
      'GET /bao-cao-dinh-ky/gui': () => [province('GET', '/bao-cao-dinh-ky/gui')],
      'POST /bao-cao-dinh-ky/gui': () => [province('POST', '/bao-cao-dinh-ky/gui', { template: '1', period_label: 'Giả mạo', from: '2026-11-01', to: '2026-11-30', deadline_day: '2099-01-01', deadline_time: '17:00', target: 'all' })],
      'GET /bao-cao-dinh-ky/ky/:requestId': () => [province('GET', `/bao-cao-dinh-ky/ky/${r.all}`), province('GET', `/bao-cao-dinh-ky/ky/${r.mdOnly}`)],
      'GET /bao-cao-dinh-ky/ky/:requestId/tong-hop.csv': () => [province('GET', `/bao-cao-dinh-ky/ky/${r.all}/tong-hop.csv`)],
      'GET /bao-cao-dinh-ky/ky/:requestId/tong-hop.xlsx': () => [province('GET', `/bao-cao-dinh-ky/ky/${r.all}/tong-hop.xlsx`)],
      'GET /bao-cao-dinh-ky/ky/:requestId/don-vi/:unitId': () => mdUnitIds.map((u) => province('GET', `/bao-cao-dinh-ky/ky/${r.all}/don-vi/${u}`)),
      'POST /bao-cao-dinh-ky/ky/:requestId/don-vi/:unitId/tra-lai': () => [province('POST', `/bao-cao-dinh-ky/ky/${r.all}/don-vi/${w.md.id}/tra-lai`, { version: '2', reason: 'Giả mạo' })],
      'GET /bao-cao-dinh-ky/ky/:requestId/don-vi/:unitId/lan/:revision/bao-cao.pdf': () => [province('GET', `/bao-cao-dinh-ky/ky/${r.all}/don-vi/${w.md.id}/lan/1/bao-cao.pdf`)],
      // His own list and his own form of the request sent to every commune: nothing of Mường Đăng's.
      'GET /bao-cao-dinh-ky/nop': () => [get('/bao-cao-dinh-ky/nop', [200], { ...hidden, check: (res) => assert.ok(!res.body.includes(`data-request="${r.mdOnly}"`), 'the request to Mường Đăng alone is listed') })],
      'GET /bao-cao-dinh-ky/nop/:requestId': () => [get(`/bao-cao-dinh-ky/nop/${r.all}`, [200], hidden), get(`/bao-cao-dinh-ky/nop/${r.mdOnly}`, [404], hidden)],
      'POST /bao-cao-dinh-ky/nop/:requestId': () => ['save', 'submit'].map((action): Attempt => ({ method: 'POST', url: `/bao-cao-dinh-ky/nop/${r.mdOnly}`, form: { action, version: '1', a_staff: '9', a_note: 'Giả mạo' }, statuses: [404], ...hidden })),
      'GET /bao-cao-dinh-ky/nop/:requestId/lan/:revision/bao-cao.pdf': () => [get(`/bao-cao-dinh-ky/nop/${r.all}/lan/1/bao-cao.pdf`, [404], hidden), get(`/bao-cao-dinh-ky/nop/${r.mdOnly}/lan/1/bao-cao.pdf`, [404], hidden)],
    };
  }

  /**
   * Online payment (issue #6): a Mường Đăng payment is not there for him, by its id or its record; paying is for the
   * record's applicant (citizens only). The sandbox gateway's page is public and shown to whoever holds its link
   * (a random transaction id, as at a real gateway): only links that name nothing are tried. The callback is public
   * and refuses what is not signed.
   */
  function paymentAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const p = w.mdPayment;
    const hidden = { forbidden: [...MD_RECORD_WORDS, ...MD_UNIT_WORDS] };
    const fakeTxn = 'SBXAAAAAAAAAAAAAAAAAAAA';
    const mdUnits = [w.md, ...w.mdVillages, w.province];
    const money = { forbidden: [...MD_RECORD_WORDS, ...MD_UNIT_WORDS, p.txn, p.publicId, p.code] };
    return {
      'GET /ho-so/:code/thanh-toan': () => [get(`/ho-so/${p.code}/thanh-toan`, [403], hidden)],
      'POST /ho-so/:code/thanh-toan': () => [{ method: 'POST', url: `/ho-so/${p.code}/thanh-toan`, form: {}, statuses: [403], ...hidden }],
      'GET /thanh-toan/:publicId/ket-qua': () => [get(`/thanh-toan/${p.publicId}/ket-qua`, [404], hidden), get(`/thanh-toan/${p.code}/ket-qua`, [404], hidden)],
      'POST /api/v1/payments': () => [{ method: 'POST', url: '/api/v1/payments', json: { recordCode: p.code }, statuses: [403], ...hidden }],
      'GET /api/v1/payments/:id': () => [get(`/api/v1/payments/${p.publicId}`, [404], hidden), get(`/api/v1/payments/${p.txn}`, [404], hidden)],
      'POST /api/v1/payments/callback': () => [{
        method: 'POST', url: '/api/v1/payments/callback', statuses: [401], ...hidden,
        json: { merchantId: 'SANDBOX', transactionId: p.txn, orderId: p.publicId, recordCode: p.code, amount: 8000, currency: 'VND', status: 'PAID', paidAt: new Date().toISOString(), sentAt: new Date().toISOString() },
      }],
      'GET /sandbox-gateway/pay/:txn': () => [get(`/sandbox-gateway/pay/${fakeTxn}`, [404], hidden), get(`/sandbox-gateway/pay/${p.publicId}`, [404], hidden)],
      'POST /sandbox-gateway/pay/:txn': () => [{ method: 'POST', url: `/sandbox-gateway/pay/${fakeTxn}`, form: { decision: 'confirm' }, statuses: [404], ...hidden }],
      // The unit's payments list and its reconciliation (he holds payments.view and payments.reconcile for his own commune).
      'GET /admin/payments': () => [get('/admin/payments', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/payments`) })],
      'GET /admin/units/:unitId/payments': () => mdUnits.map((u) => get(`/admin/units/${u.id}/payments`, NOT_THERE, money)),
      'GET /admin/payments/reconciliation': () => [get('/admin/payments/reconciliation', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/payments/reconciliation`) })],
      'GET /admin/units/:unitId/payments/reconciliation': () => mdUnits.map((u) => get(`/admin/units/${u.id}/payments/reconciliation`, NOT_THERE, money)),
      'POST /admin/units/:unitId/payments/reconciliation': () => mdUnits.map((u): Attempt => ({ method: 'POST', url: `/admin/units/${u.id}/payments/reconciliation`, multipart: { day: '2026-10-27' }, statuses: NOT_THERE, ...money })),
      'GET /admin/units/:unitId/payments/reconciliation/:runId': () => [...mdUnits, w.ph].flatMap((u) => [
        get(`/admin/units/${u.id}/payments/reconciliation/${w.mdRun}`, NOT_THERE, money),
        get(`/admin/units/${u.id}/payments/reconciliation/${w.mdRun}.csv`, NOT_THERE, money),
      ]),
      // Receipts (biên lai) and refunds: a Mường Đăng payment's receipt, its record's receipt and payments page, a refund asked or decided, through any unit id.
      'GET /thanh-toan/:publicId/bien-lai.pdf': () => [get(`/thanh-toan/${p.publicId}/bien-lai.pdf`, [404], hidden), get(`/thanh-toan/${p.code}/bien-lai.pdf`, [404], hidden)],
      'GET /ho-so/:code/bien-lai.pdf': () => [get(`/ho-so/${p.code}/bien-lai.pdf`, [403], hidden)],
      'GET /admin/units/:unitId/records/:recordId/bien-lai.pdf': () => [...mdUnits, w.ph].flatMap((u) => [w.mdRecord.id].map((id) => get(`/admin/units/${u.id}/records/${id}/bien-lai.pdf`, NOT_THERE, money))),
      'GET /admin/units/:unitId/records/:recordId/thanh-toan': () => [...mdUnits, w.ph].map((u) => get(`/admin/units/${u.id}/records/${w.mdRecord.id}/thanh-toan`, NOT_THERE, money)),
      'POST /admin/units/:unitId/records/:recordId/thanh-toan/:publicId/hoan-tien': () => [...mdUnits, w.ph].map((u): Attempt => ({ method: 'POST', url: `/admin/units/${u.id}/records/${w.mdRecord.id}/thanh-toan/${p.publicId}/hoan-tien`, form: { amount: '1000', reason: 'x' }, statuses: NOT_THERE, ...hidden })),
      'POST /admin/units/:unitId/records/:recordId/thanh-toan/hoan-tien/:refundId': () => [...mdUnits, w.ph].map((u): Attempt => ({ method: 'POST', url: `/admin/units/${u.id}/records/${w.mdRecord.id}/thanh-toan/hoan-tien/1`, form: { action: 'approve' }, statuses: NOT_THERE, ...money })),
    };
  }

  /** Signing certificates: Mường Đăng's page, its officials as owners, its certificates by id, through any unit id. */
  function certificateAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const serials = { forbidden: [...MD_UNIT_WORDS, ...w.mdCertificates.map((c) => c.serial)] };
    const units = [w.md, ...w.mdVillages, w.province, w.ph];
    const owners = ['seal', ...w.mdOfficials.map((o) => String(o.id))];
    const post = (url: string, form: Record<string, string>): Attempt => ({ method: 'POST', url, form, statuses: NOT_THERE, ...serials });
    const certUrls = (suffix: string) => units.flatMap((u) => w.mdCertificates.map((c) => `/admin/units/${u.id}/certificates/${c.id}${suffix}`));
    return {
      'GET /admin/certificates': () => [get('/admin/certificates', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/certificates`), ...serials })],
      'GET /admin/units/:unitId/certificates': () => [w.md, ...w.mdVillages, w.province].map((u) => get(`/admin/units/${u.id}/certificates`, NOT_THERE, serials)),
      // Through his own commune, Mường Đăng's officials are not owners he can name (the seal there is his own: left out).
      'POST /admin/units/:unitId/certificates/issue': () => units.flatMap((u) => owners.filter((o) => u.id !== w.ph.id || o !== 'seal').map((owner) => post(`/admin/units/${u.id}/certificates/issue`, { owner }))),
      'POST /admin/units/:unitId/certificates/issue-missing': () => [w.md, ...w.mdVillages, w.province].map((u) => post(`/admin/units/${u.id}/certificates/issue-missing`, {})),
      'POST /admin/units/:unitId/certificates/import': () => units.flatMap((u) => owners.filter((o) => u.id !== w.ph.id || o !== 'seal').map((owner): Attempt => ({
        method: 'POST', url: `/admin/units/${u.id}/certificates/import`, multipart: { owner, password: 'x' }, statuses: NOT_THERE, ...serials,
      }))),
      'POST /admin/units/:unitId/certificates/:certificateId/revoke': () => certUrls('/revoke').map((url) => post(url, { reason: 'keyCompromise' })),
      'GET /admin/units/:unitId/certificates/:certificateId/download': () => certUrls('/download').map((url) => get(url, NOT_THERE, serials)),
      // His own signature page, image and certificate: never Mường Đăng's.
      'GET /account/signature': () => [get('/account/signature', [200], serials)],
      'POST /account/signature': () => [{ method: 'POST', url: '/account/signature', multipart: {}, statuses: [400], ...serials }],
      'GET /account/signature.png': () => [get('/account/signature.png', [200, 404])],
      'GET /account/signature/certificate.cer': () => [get('/account/signature/certificate.cer', [404])],
    };
  }

  function recordAttacks(get: (url: string, statuses: readonly number[], extra?: Partial<Attempt>) => Attempt): Record<string, () => Attempt[]> {
    const r = w.mdRecord;
    const units = [w.md, w.ph, w.province, ...w.mdVillages];
    // The code is what the caller typed (pages echo it in the language link and the form); the record's content is the secret.
    const hidden = { forbidden: MD_RECORD_WORDS };
    const recordUrls = (suffix = '') => units.map((u) => `/admin/units/${u.id}/records/${r.id}${suffix}`);
    const post = (url: string, form: Record<string, string>, statuses: readonly number[] = NOT_THERE): Attempt => ({ method: 'POST', url, form, statuses, ...hidden });
    const draft = 'AAAAAAAAAAAAAAAAAAAAAA';
    return {
      'GET /admin/records': () => [get('/admin/records', [303], { check: (res) => assert.equal(res.headers.location, `/admin/units/${w.ph.id}/records`), ...hidden })],
      'GET /admin/units/:unitId/records': () => [
        ...[w.md, w.province, ...w.mdVillages].map((u) => get(`/admin/units/${u.id}/records`, NOT_THERE, hidden)),
        get(`/admin/units/${w.ph.id}/records`, [200], hidden),
        get(`/admin/units/${w.ph.id}/records?status=1`, [200], hidden),
      ],
      'GET /admin/units/:unitId/records/:recordId': () => recordUrls().map((url) => get(url, NOT_THERE, hidden)),
      'GET /admin/units/:unitId/records/:recordId/files/:fileId': () => recordUrls(`/files/${r.fileId}`).map((url) => get(url, NOT_THERE, hidden)),
      'POST /admin/units/:unitId/records/:recordId/messages': () => recordUrls('/messages').map((url) => post(url, { body: 'Xâm nhập' })),
      'POST /admin/units/:unitId/records/:recordId/act': () => recordUrls('/act').flatMap((url) => ['accept', 'request_supplement', 'refuse'].map((action) => post(url, { action, version: '1', text: 'Xâm nhập' }))),
      'GET /thu-tuc/:code/nop': () => [get('/thu-tuc/1.001193/nop', [403], hidden)],
      'POST /thu-tuc/:code/nop': () => [post('/thu-tuc/1.001193/nop', { unitId: String(w.md.id), applicantName: 'Xâm Nhập' }, [403])],
      'GET /ho-so': () => [get('/ho-so', [403], hidden)],
      'GET /ho-so/nhap/:draftId': () => [get(`/ho-so/nhap/${draft}`, NOT_THERE, hidden)],
      'GET /ho-so/nhap/:draftId/sua': () => [get(`/ho-so/nhap/${draft}/sua`, NOT_THERE, hidden)],
      'POST /ho-so/nhap/:draftId/sua': () => [post(`/ho-so/nhap/${draft}/sua`, { unitId: String(w.md.id) })],
      'POST /ho-so/nhap/:draftId/tep': () => [post(`/ho-so/nhap/${draft}/tep`, { component: '1' })],
      'GET /ho-so/nhap/:draftId/tep/:fileId': () => [get(`/ho-so/nhap/${draft}/tep/${r.fileId}`, NOT_THERE, hidden)],
      'POST /ho-so/nhap/:draftId/tep/:fileId/xoa': () => [post(`/ho-so/nhap/${draft}/tep/${r.fileId}/xoa`, {})],
      'POST /ho-so/nhap/:draftId/xoa': () => [post(`/ho-so/nhap/${draft}/xoa`, {})],
      'POST /ho-so/nhap/:draftId/nop': () => [post(`/ho-so/nhap/${draft}/nop`, { declaration: 'on' })],
      'GET /ho-so/:code': () => [get(`/ho-so/${r.code}`, NOT_THERE, hidden)],
      'GET /ho-so/:code/tep/:fileId': () => [get(`/ho-so/${r.code}/tep/${r.fileId}`, NOT_THERE, hidden)],
      'POST /ho-so/:code/tin-nhan': () => [post(`/ho-so/${r.code}/tin-nhan`, { body: 'Xâm nhập' })],
      'POST /ho-so/:code/bo-sung': () => [post(`/ho-so/${r.code}/bo-sung`, { note: 'Xâm nhập' })],
      'POST /ho-so/:code/rut': () => [post(`/ho-so/${r.code}/rut`, { reason: 'Xâm nhập' })],
      'POST /ho-so/:code/danh-gia': () => [post(`/ho-so/${r.code}/danh-gia`, { rating: '1' })],
      'GET /tra-cuu': () => [get('/tra-cuu', [200], hidden), get(`/tra-cuu?code=${r.code}`, [200], hidden)],
      'GET /admin/units/:unitId/records/:recordId/forms/:form': () => recordUrls('/forms/mau-01.pdf').map((url) => get(url, NOT_THERE, hidden)),
      'GET /ho-so/:code/mau/:form': () => [get(`/ho-so/${r.code}/mau/mau-01.pdf`, NOT_THERE, hidden)],
      'GET /admin/units/:unitId/register': () => [
        ...[w.md, w.province, ...w.mdVillages].map((u) => get(`/admin/units/${u.id}/register`, NOT_THERE, hidden)),
        get(`/admin/units/${w.ph.id}/register`, [200], hidden),
      ],
      'POST /tra-cuu': () => [post('/tra-cuu', { code: r.code, idNumber: '011190000000' }, [404]), post('/tra-cuu', { code: r.code, idNumber: '' }, [400])],
      'GET /api/v1/applications': () => [get('/api/v1/applications', [403], hidden)],
      'POST /api/v1/applications': () => [{ method: 'POST', url: '/api/v1/applications', json: { procedureCode: '1.001193', unitId: w.md.id, values: {} }, statuses: [403], ...hidden }],
      'GET /api/v1/applications/:code/status': () => [get(`/api/v1/applications/${r.code}/status`, [400], hidden), get(`/api/v1/applications/${r.code}/status?idNumber=011190000000`, [404], hidden)],
    };
  }

  it('knows every registered route, and finds every route it knows', () => {
    const known = attacksFor();
    const routes = registeredRoutes(t.app);
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const unknown = routes
      // HEAD is Fastify's automatic twin of each GET and is tried with it.
      .filter((r) => !(r.method === 'HEAD' && keys.has(`GET ${r.url}`)))
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !(k in known));
    assert.deepEqual(unknown, [], `New routes: teach this test how to call them against Mường Đăng’s data: ${unknown.join(', ')}`);
    const missing = Object.keys(known).filter((k) => !keys.has(k));
    assert.deepEqual(missing, [], 'routes this test tries that the application does not have (or the route list was misread)');
    assert.ok(routes.length >= 40, `only ${routes.length} routes read`);
  });

  it('positive control: Mường Đăng’s chairman sees his commune’s officials, and not Phìn Hồ’s', async () => {
    const secrets = privateStrings(w);
    const page = await mdChairman.get(`/admin/units/${w.md.id}/officials`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(secrets.filter((s) => !page.body.includes(s)), [], 'every Mường Đăng official is on his page');
    assert.equal(leaksIn(page.body, secrets).length, secrets.length, 'the leak detector sees them');
    const api = await mdChairman.get(`/api/v1/units/${w.md.id}/officials`);
    assert.equal(api.statusCode, 200);
    assert.deepEqual((JSON.parse(api.body) as { username: string }[]).map((o) => o.username).sort(), w.mdOfficials.map((o) => o.username).sort());
    const one = await mdChairman.get(`/admin/units/${w.md.id}/officials/${w.mdOfficials[0]!.id}`);
    assert.equal(one.statusCode, 200);
    assert.ok(one.body.includes(w.mdOfficials[0]!.fullName));
    const unit = await mdChairman.get(`/api/v1/units/${w.mdVillages[0]!.id}`);
    assert.equal(unit.statusCode, 200);
    assert.equal(JSON.parse(unit.body).name, w.mdVillages[0]!.name);
    const unitPage = await mdChairman.get(`/admin/units/${w.md.id}`);
    assert.equal(unitPage.statusCode, 200);
    for (const v of w.mdVillages) assert.ok(unitPage.body.includes(v.name), v.name);
    const seal = await mdChairman.get(`/admin/units/${w.md.id}/seal.png`);
    assert.equal(seal.statusCode, 200);
    assert.ok(Buffer.compare(seal.rawPayload, MD_SEAL) === 0, 'his seal is served to him');
    const units = await mdChairman.get('/units');
    assert.equal(units.statusCode, 200);
    assert.match(units.body, /Xã Mường Đăng/);
    assert.doesNotMatch(units.body, /Phìn Hồ/);
    const audit = await mdChairman.get('/audit');
    assert.equal(audit.statusCode, 200);
    const mdSeqs = await w.mdAuditSeqs();
    assert.ok(mdSeqs.some((s) => audit.body.includes(`<tr><td>${s}</td>`)), 'his own commune’s audit entries are shown');
    const apiAudit = JSON.parse((await mdChairman.get('/api/v1/audit')).body) as { action: string; unitId: number }[];
    assert.ok(apiAudit.some((e) => e.action === 'identity.official_created' && e.unitId === w.md.id));
    // And the isolation holds the other way round.
    assert.equal((await mdChairman.get(`/admin/units/${w.ph.id}/officials`)).statusCode, 404);
    const phPage = await mdChairman.get(`/api/v1/units/${w.ph.id}/officials`);
    assert.equal(phPage.statusCode, 404);
    for (const o of PH_DEMO) assert.ok(!phPage.body.includes(o.fullName));
  });

  it('positive control: the provincial system administrator sees both communes', async () => {
    const units = await admin.get('/units');
    assert.equal(units.statusCode, 200);
    assert.match(units.body, /Xã Mường Đăng/);
    assert.match(units.body, /Xã Phìn Hồ/);
    for (const [unit, expected] of [[w.md, w.mdOfficials.map((o) => o.username)], [w.ph, PH_DEMO.map((o) => o.username)]] as const) {
      const res = await admin.get(`/api/v1/units/${unit.id}/officials`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual((JSON.parse(res.body) as { username: string }[]).map((o) => o.username).sort(), [...expected].sort());
      const page = await admin.get(`/admin/units/${unit.id}/officials`);
      assert.equal(page.statusCode, 200);
      for (const name of expected) assert.ok(page.body.includes(name), `${name} on the administrator’s page of ${unit.name}`);
    }
    const audit = JSON.parse((await admin.get('/api/v1/audit')).body) as { unitId: number | null }[];
    assert.ok(audit.some((e) => e.unitId === w.md.id) && audit.some((e) => e.unitId === w.ph.id), 'the audit log shows both communes');
  });

  it('the Phìn Hồ chairman gets 403/404 or his own data on every route, and nothing of Mường Đăng is written', async () => {
    const secrets = privateStrings(w);
    const before = await snapshot(t, w.md);
    const auditHead = Number((await sql<{ seq: string }>`select coalesce(max(seq), 0)::text as seq from audit_log`.execute(t.database.db)).rows[0]!.seq);
    const known = attacksFor();
    const routes = registeredRoutes(t.app);
    const failures: string[] = [];
    let tried = 0;

    for (const route of routes) {
      const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
      for (const attempt of known[key]!()) {
        const a: Attempt = route.method === 'HEAD' ? { ...attempt, method: 'HEAD', statuses: attempt.headStatuses ?? attempt.statuses, check: undefined } : attempt;
        const client = a.as ? await a.as() : phChairman;
        const res = await send(client, a);
        tried++;
        const label = `${a.method} ${a.url}${a.json !== undefined ? ' (JSON)' : ''} → ${res.statusCode}`;
        if (!a.statuses.includes(res.statusCode)) failures.push(`${label}: expected ${a.statuses.join(' or ')}: ${res.body.replace(/\s+/g, ' ').slice(0, 200)}`);
        const leaked = leaksIn(res.body, [...secrets, ...(a.forbidden ?? [])]);
        if (leaked.length > 0) failures.push(`${label}: the body shows ${leaked.join(', ')}`);
        if (a.check) {
          try {
            await a.check(res);
          } catch (error) {
            failures.push(`${label}: ${(error as Error).message}`);
          }
        }
        // A redirect is followed once, and what it leads to must not show anything either.
        const location = res.headers.location;
        if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string' && location.startsWith('/') && a.method !== 'HEAD') {
          const next = await client.get(location);
          if (next.statusCode >= 500) failures.push(`${label} → ${location} → ${next.statusCode}`);
          const nextLeaked = leaksIn(next.body, [...secrets, ...(a.forbidden ?? [])]);
          if (nextLeaked.length > 0) failures.push(`${label} → ${location}: the page shows ${nextLeaked.join(', ')}`);
          if (location.startsWith(`/admin/units/${w.md.id}/`) && next.statusCode < 400) failures.push(`${label} → ${location}: ${next.statusCode}`);
        }
      }
    }
    const afterwards = await snapshot(t, w.md);
    const newAbout = (await sql<{ seq: string; action: string }>`select seq, action from audit_log where seq > ${auditHead} and unit_id in (select id from units where path like ${`${w.md.path}%`})`.execute(t.database.db)).rows;
    const changed = Object.keys(before).filter((k) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(afterwards[k as keyof typeof afterwards]));
    if (changed.length > 0) failures.push(`written: ${changed.join(', ')}`);
    assert.deepEqual(failures, [], `${failures.length} of ${tried} requests misbehaved`);
    assert.ok(tried > 500, `only ${tried} requests were tried`);
    assert.deepEqual(afterwards, before, 'Mường Đăng’s units, officials, roles, recovery codes, sessions and audit entries are unchanged, and no official was added anywhere');
    assert.deepEqual(newAbout, [], 'no audit entry about Mường Đăng was written');
  });

  it('in-scope control: the very same requests work in the caller’s own commune, so the refusals above are the scope check', async () => {
    const ph = w.ph;
    const province = w.province;
    const target = w.phOfficialId('motcua.phinho');
    const mine = `/admin/units/${ph.id}/officials`;
    const expectStatus = async (res: Promise<LightMyRequestResponse>, status: number, label: string) => {
      const r = await res;
      assert.equal(r.statusCode, status, `${label}: ${r.body.replace(/\s+/g, ' ').slice(0, 300)}`);
      return r;
    };
    const list = await expectStatus(phChairman.get(mine), 200, 'list');
    for (const o of PH_DEMO) assert.ok(list.body.includes(o.fullName));
    await expectStatus(phChairman.get(`/api/v1/units/${ph.id}`), 200, 'api unit');
    await expectStatus(phChairman.get(`/api/v1/units/${w.phVillages[0]!.id}`), 200, 'api village');
    await expectStatus(phChairman.get(`/api/v1/units/${ph.id}/officials`), 200, 'api officials');
    await expectStatus(phChairman.get(`${mine}/${target}`), 200, 'official page');
    await expectStatus(phChairman.postForm(mine, bodies.newOfficial()), 303, 'create (form)');
    await expectStatus(phChairman.postJson(mine, bodies.newOfficial()), 303, 'create (JSON to the form route)');
    await expectStatus(phChairman.postJson(`/api/v1/units/${ph.id}/officials`, bodies.newOfficial()), 201, 'create (API)');
    await expectStatus(phChairman.postForm(`${mine}/${target}/roles`, bodies.roles()), 303, 'roles');
    await expectStatus(phChairman.postJson(`${mine}/${target}/roles`, bodies.roles()), 303, 'roles (JSON)');
    await expectStatus(phChairman.postForm(`${mine}/${target}/status`, bodies.status()), 303, 'status');
    await expectStatus(phChairman.postForm(`${mine}/${target}/two-factor-reset`, bodies.twoFactorReset()), 303, 'two-factor reset');
    await expectStatus(phChairman.postForm(`${mine}/${target}/password`, bodies.password()), 303, 'password');
    const row = (await sql<{ disabled_at: Date | null; must_change_password: boolean }>`select disabled_at, must_change_password from officials where id = ${target}`.execute(t.database.db)).rows[0]!;
    assert.ok(row.disabled_at !== null && row.must_change_password, 'the writes happened');
    const roles = (await sql<{ role: string }>`select role from official_roles where official_id = ${target} order by role`.execute(t.database.db)).rows.map((r) => r.role);
    assert.deepEqual(roles, ['clerk', 'specialist']);
    // Units: his commune's page, its details, a village below it, its seal.
    await expectStatus(phChairman.get(`/admin/units/${ph.id}`), 200, 'unit page');
    await expectStatus(phChairman.postForm(`/admin/units/${ph.id}`, bodies.unitEdit()), 303, 'unit edit');
    await expectStatus(phChairman.postForm(`/admin/units/${ph.id}/children`, bodies.newVillage()), 303, 'village added');
    await expectStatus(phChairman.postForm(`/admin/units/${province.id}/children`, bodies.newCommune()), 404, 'no commune added: the province is not his');
    await expectStatus(phChairman.postMultipart(`/admin/units/${ph.id}/seal`, {}, [{ name: 'seal', filename: 'seal.png', type: 'image/png', data: FORGED_SEAL }]), 303, 'seal');
    const ownSeal = await expectStatus(phChairman.get(`/admin/units/${ph.id}/seal.png`), 200, 'seal download');
    assert.ok(Buffer.compare(ownSeal.rawPayload, FORGED_SEAL) === 0);
    const phRow = (await sql<{ name: string; address: string; villages: string }>`select name, address, (select count(*)::text from units c where c.parent_id = u.id) as villages from units u where id = ${ph.id}`.execute(t.database.db)).rows[0]!;
    assert.equal(phRow.address, 'Địa chỉ giả mạo', 'the edit happened');
    assert.equal(phRow.name, 'Xã Phìn Hồ', 'but the name is the province’s to change');
    assert.equal(Number(phRow.villages), w.phVillages.length + 1);
    // Payments: his commune's list and reconciliation page.
    await expectStatus(phChairman.get(`/admin/units/${ph.id}/payments`), 200, 'payments list');
    await expectStatus(phChairman.get(`/admin/units/${ph.id}/payments/reconciliation`), 200, 'reconciliation page');
    // Certificates: his commune's page, a certificate for one of his officials and for his seal, its download.
    await expectStatus(phChairman.get(`/admin/units/${ph.id}/certificates`), 200, 'certificates page');
    await expectStatus(phChairman.postForm(`/admin/units/${ph.id}/certificates/issue`, { owner: String(w.phOfficialId('vanthu.phinho')) }), 303, 'certificate issued');
    await expectStatus(phChairman.postForm(`/admin/units/${ph.id}/certificates/issue`, { owner: 'seal' }), 303, 'seal certificate issued');
    const phCert = (await sql<{ id: string }>`select id from signing_certificates where unit_id = ${ph.id} and purpose = 'seal' and revoked_at is null`.execute(t.database.db)).rows[0]!;
    await expectStatus(phChairman.get(`/admin/units/${ph.id}/certificates/${phCert.id}/download`), 200, 'certificate download');
    await expectStatus(phChairman.postForm(`/admin/units/${ph.id}/certificates/${phCert.id}/revoke`, { reason: 'keyCompromise' }), 303, 'certificate revoked');
    // Last: requiring two-step verification sends the chairman himself to enrolment.
    await expectStatus(phChairman.postForm(`/admin/units/${ph.id}/settings`, bodies.settings()), 303, 'settings');
    const unit = (await sql<{ require_two_factor: boolean }>`select require_two_factor from units where id = ${ph.id}`.execute(t.database.db)).rows[0]!;
    assert.equal(unit.require_two_factor, true);
  });
});
