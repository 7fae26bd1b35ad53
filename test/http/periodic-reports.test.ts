/**
 * Periodic online reports (issue #7) through HTTP: the province's supervisor writes a template and sends it to every
 * commune; Mường Đăng's chairman (who holds a certificate) fills, saves, submits a signed report on time; Phìn Hồ's
 * clerk (no certificate: the unit's seal signs) submits late; the province sees each state and the aggregate,
 * returns one report, which comes back as a second revision while the first stays, signed, in the history. Signed
 * PDFs are checked with poppler's pdfsig and pdftotext; one commune never reaches another's report.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import { enrolOfficial, signaturesContext } from '../../src/modules/signatures/index.ts';
import { periodicReportsContext } from '../../src/modules/periodic-reports/index.ts';
import { submitReport } from '../../src/modules/periodic-reports/submit-report.ts';

const FIELDS = [
  'received | Số hồ sơ tiếp nhận trong kỳ | integer | có | records_received',
  'online | Trong đó nộp trực tuyến | integer | có | records_online',
  'staff | Số cán bộ làm việc tại bộ phận một cửa | integer | có',
  'budget | Kinh phí đã chi (triệu đồng) | decimal | không',
  'satisfaction | Tỷ lệ người dân hài lòng | percent | có',
  'note | Khó khăn, kiến nghị | text | không',
].join('\n');

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const vnDay = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

describe('periodic online reports', () => {
  let t: TestApp;
  let province: Client;
  let chairmanMd: Client;
  let clerkPh: Client;
  let md: number;
  let ph: number;
  let dbp: number;
  let templateId: number;
  let requestId: number;
  const db = () => t.database.db;
  const rows = async <T>(query: { execute(d: TestApp['database']['db']): Promise<{ rows: T[] }> }) => (await query.execute(db())).rows;
  const submission = async (unitId: number, rid = requestId) => (await rows(sql<{ id: number; status: string; version: number; revision: number; late: boolean | null; answers: Record<string, unknown> }>`select id, status, version, revision, late, answers from report_submissions where request_id = ${rid} and unit_id = ${unitId}`))[0];
  const rootDer = async () => (await rows(sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`))[0]!.certificate;
  const form = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k.startsWith('_') ? k.slice(1) : `a_${k}`, v]));
  /** Records received from the first day to the last, in Vietnam time: counted here independently of the module. */
  const receivedIn = async (unitId: number, first: string, last: string) => {
    const start = new Date(`${first}T00:00:00+07:00`);
    const end = new Date(new Date(`${last}T00:00:00+07:00`).getTime() + 86_400_000);
    return Number((await rows(sql<{ n: number }>`select count(*)::int as n from records where unit_id = ${unitId} and received_at >= ${start} and received_at < ${end}`))[0]!.n);
  };
  let from: string;
  let to: string;

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    dbp = t.unit('Phường Điện Biên Phủ').id;
    // The chairman of Mường Đăng holds a certificate of the built-in CA; Phìn Hồ's clerk holds none.
    const chairman = (await rows(sql<{ id: number }>`select id from officials where username = 'chutich.muongdang'`))[0]!;
    await enrolOfficial(signaturesContext(db(), t.config), { kind: 'system', id: null, name: 'test', unitId: null, ip: '', userAgent: '' }, md, Number(chairman.id));
    await sql`update officials set email = 'vanthu@phinho.example' where username = 'vanthu.phinho'`.execute(db());
    province = await t.signIn('giamsat');
    chairmanMd = await t.signIn('chutich.muongdang');
    clerkPh = await t.signIn('vanthu.phinho');
    to = vnDay(new Date());
    from = '2020-01-01';
  });
  after(() => t?.close());

  it('the province writes a template: CSRF, per-line problems, then saved', async () => {
    assert.equal((await province.postForm('/bao-cao-dinh-ky/mau', { name: 'Báo cáo một cửa', description: '', fields: FIELDS }, { csrf: null })).statusCode, 403);
    const bad = await province.postForm('/bao-cao-dinh-ky/mau', { name: 'Báo cáo một cửa', description: '', fields: `${FIELDS}\nstaff | Trùng | integer | có\nx | y | money | có` });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Dòng 7: mã &quot;staff&quot; đã dùng ở dòng 3/);
    assert.match(bad.body, /Dòng 8: kiểu &quot;money&quot; không hợp lệ/);
    assert.equal((await rows(sql`select id from report_templates`)).length, 0, 'nothing half-written');
    assert.equal((await chairmanMd.postForm('/bao-cao-dinh-ky/mau', { name: 'x', description: '', fields: FIELDS })).statusCode, 403, 'a commune does not write templates');

    const created = await province.postForm('/bao-cao-dinh-ky/mau', { name: 'Báo cáo công tác một cửa', description: 'Số liệu của bộ phận một cửa.', fields: FIELDS });
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    templateId = Number(/\/mau\/(\d+)$/.exec(String(created.headers.location))![1]);
    const page = await province.get(`/bao-cao-dinh-ky/mau/${templateId}`);
    assert.match(page.body, /received \| Số hồ sơ tiếp nhận trong kỳ \| integer \| required \| records_received/);
    const stale = await province.postForm(`/bao-cao-dinh-ky/mau/${templateId}`, { version: '99', name: 'Khác', description: '', fields: FIELDS });
    assert.equal(stale.statusCode, 409, 'optimistic concurrency on templates');
  });

  it('sends it to every commune and ward, refusing a bad request whole', async () => {
    const tomorrow = vnDay(new Date(Date.now() + 86_400_000));
    const bad = await province.postForm('/bao-cao-dinh-ky/gui', { template: String(templateId), period_label: '', from: '2026-11-30', to: '2026-11-01', deadline_day: '2020-01-01', deadline_time: '17:00', target: 'chosen', units: ['999999'] });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Nhập tên kỳ báo cáo/);
    assert.match(bad.body, /Ngày kết thúc phải sau hoặc bằng ngày bắt đầu/);
    assert.match(bad.body, /Hạn nộp phải ở tương lai/);
    assert.match(bad.body, /không thuộc phạm vi quản lý/);
    assert.equal((await rows(sql`select id from report_requests`)).length, 0);

    const sent = await province.postForm('/bao-cao-dinh-ky/gui', { template: String(templateId), period_label: 'Từ đầu đến nay', from, to, deadline_day: tomorrow, deadline_time: '17:00', target: 'all' });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
    requestId = Number(/\/ky\/(\d+)$/.exec(String(sent.headers.location))![1]);
    const targets = (await rows(sql<{ unit_id: number }>`select unit_id from report_request_units where request_id = ${requestId} order by unit_id`)).map((r) => Number(r.unit_id));
    assert.deepEqual(targets, [md, ph, dbp].sort((a, b) => a - b));
    const mail = await rows(sql<{ recipient: string; template: string; params: Record<string, string> }>`select recipient, template, params from outbox where template = 'periodic_reports.request_sent'`);
    assert.deepEqual(mail.map((m) => m.recipient), ['vanthu@phinho.example'], 'officials who submit reports and have an email are told');
    assert.equal(mail[0]!.params.report, 'Báo cáo công tác một cửa');
  });

  it('a commune fills in its report: live figures read-only, draft, validation, signed submission', async () => {
    const list = await chairmanMd.get('/bao-cao-dinh-ky/nop');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`data-request="${requestId}"`));
    // Two records filed online by a citizen, one of them received by the desk: the live figure counts that one.
    const citizen = await t.signIn('0912000001');
    const desk = await t.signIn('motcua.muongdang');
    for (let i = 0; i < 2; i++) {
      const filed = await citizen.postJson('/api/v1/applications', {
        procedureCode: '2.000635', unitId: md,
        values: { applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', request: 'Cấp 01 bản sao Giấy khai sinh' },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      if (i === 1) continue;
      const r = (await rows(sql<{ id: number; version: number }>`select id, version from records where code = ${filed.json().code}`))[0]!;
      assert.equal((await desk.postForm(`/admin/units/${md}/records/${r.id}/act`, { action: 'accept', version: String(r.version) })).statusCode, 303);
    }
    const expected = await receivedIn(md, from, to);
    assert.equal(expected, 1, 'one record was received in the period');
    const page = await chairmanMd.get(`/bao-cao-dinh-ky/nop/${requestId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`id="f-received" name="a_received" readonly[^>]*value="${expected}"`), 'the live figure, read-only');
    assert.match(page.body, /Lấy tự động từ số liệu hệ thống: Số hồ sơ tiếp nhận trong kỳ\./);

    const badDraft = await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'save', _version: '0', staff: 'ba', satisfaction: '120' }));
    assert.equal(badDraft.statusCode, 422);
    assert.match(badDraft.body, /Nhập một số nguyên/);
    assert.match(badDraft.body, /Nhập tỷ lệ từ 0 đến 100/);
    assert.equal(await submission(md), undefined, 'nothing written');

    assert.equal((await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'save', _version: '0', staff: '3' }))).statusCode, 303);
    let row = await submission(md);
    assert.equal(row?.status, 'draft');
    assert.equal(row?.answers.staff, 3);
    assert.equal((await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'save', _version: '0', staff: '4' }))).statusCode, 409, 'a stale form does not overwrite');

    const missing = await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'submit', _version: String(row!.version), staff: '3', satisfaction: '' }));
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /Tỷ lệ người dân hài lòng: Chưa nhập chỉ tiêu bắt buộc/);
    assert.equal((await submission(md))?.status, 'draft');

    const submitted = await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'submit', _version: String(row!.version), received: '999999', staff: '3', budget: '12,5', satisfaction: '87,5', note: 'Thiếu máy quét' }));
    assert.equal(submitted.statusCode, 303, submitted.body.slice(0, 500));
    row = await submission(md);
    assert.equal(row?.status, 'submitted');
    assert.equal(row?.late, false);
    // records_online is indicator 3.3's numerator: a procedure issuing a paper result (a copy of the birth
    // extract) counts online only once the record carries its electronic result, which the received one has not yet.
    assert.deepEqual(row?.answers, { received: expected, online: 0, staff: 3, budget: 12.5, satisfaction: 87.5, note: 'Thiếu máy quét' }, 'the live figure, not the posted one');
    const version = (await rows(sql<{ signer: string; signed_public_id: string | null; pdf_sha256: string }>`select signer, signed_public_id, pdf_sha256 from report_submission_versions where request_id = ${requestId} and unit_id = ${md}`))[0]!;
    assert.equal(version.signer, 'official');
    assert.ok(version.signed_public_id, 'kept by the signatures module under a verification link');

    const pdf = await chairmanMd.get(`/bao-cao-dinh-ky/nop/${requestId}/lan/1/bao-cao.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(sha(pdf.rawPayload), version.pdf_sha256);
    const report = pdfsigReport(pdf.rawPayload, await rootDer());
    assert.match(report, /Signer Certificate Common Name: Lường Văn Chính/);
    assert.match(report, /Signature is Valid\./);
    assert.match(report, /Certificate is Trusted\./);
    const text = pdfText(pdf.rawPayload);
    assert.match(text, /BÁO CÁO CÔNG TÁC MỘT CỬA/);
    assert.match(text, /Số cán bộ làm việc tại bộ phận một cửa/);
    assert.match(text, /87,5 %/);
    assert.match(text, /12,5/);
    assert.match(text, /Số liệu hệ thống lúc/);

    const again = await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'save', _version: String(row!.version), staff: '9' }));
    assert.equal(again.statusCode, 409, 'a submitted report is not edited');
  });

  it('a commune that submits after the deadline is late; the unit seals when the clerk holds no certificate', async () => {
    await sql`update report_requests set deadline = now() - interval '1 hour' where id = ${requestId}`.execute(db());
    const before = await province.get(`/bao-cao-dinh-ky/ky/${requestId}`);
    assert.match(before.body, new RegExp(`data-unit="${ph}" data-state="overdue"`));
    const res = await clerkPh.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'submit', _version: '0', staff: '2', satisfaction: '50' }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const row = await submission(ph);
    assert.equal(row?.late, true);
    const pdf = await clerkPh.get(`/bao-cao-dinh-ky/nop/${requestId}/lan/1/bao-cao.pdf`);
    const report = pdfsigReport(pdf.rawPayload, await rootDer());
    assert.match(report, /Signer Certificate Common Name: ỦY BAN NHÂN DÂN XÃ PHÌN HỒ/);
    assert.match(report, /Signature is Valid\./);
  });

  it('the province sees each state and the aggregate', async () => {
    const page = await province.get(`/bao-cao-dinh-ky/ky/${requestId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`data-unit="${md}" data-state="submitted_on_time"`));
    assert.match(page.body, new RegExp(`data-unit="${ph}" data-state="submitted_late"`));
    assert.match(page.body, new RegExp(`data-unit="${dbp}" data-state="overdue"`));
    assert.match(page.body, /data-submitted-count="2"/);
    const cell = (field: string, what: string) => new RegExp(`<tr data-field="${field}">[\\s\\S]*?<td data-${what}>([^<]*)</td>`).exec(page.body)?.[1];
    assert.equal(cell('staff', 'sum'), '5');
    assert.equal(cell('staff', 'average'), '2,5');
    assert.equal(cell('satisfaction', 'sum'), '—', 'rates are not summed');
    assert.equal(cell('satisfaction', 'average'), '68,75');
    assert.equal(cell('budget', 'count'), '1');
    const received = (await receivedIn(md, from, to)) + (await receivedIn(ph, from, to));
    assert.equal(cell('received', 'sum'), new Intl.NumberFormat('vi-VN').format(received));
    // The aggregate as CSV and XLSX (read back with exceljs).
    const csv = await province.get(`/bao-cao-dinh-ky/ky/${requestId}/tong-hop.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(csv.body, /staff,Số cán bộ làm việc tại bộ phận một cửa,2,5,2\.5\r?\n/);
    assert.match(csv.body, /satisfaction,Tỷ lệ người dân hài lòng,2,Không áp dụng,68\.75/);
    const xlsx = await province.get(`/bao-cao-dinh-ky/ky/${requestId}/tong-hop.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(book.worksheets.length, 2);
    const cells = book.worksheets[1]!.getSheetValues().flat().map(String);
    assert.ok(cells.includes('Xã Phìn Hồ') && cells.includes('Đã nộp muộn'), 'each unit and its state on the second sheet');
    assert.equal((await clerkPh.get(`/bao-cao-dinh-ky/ky/${requestId}/tong-hop.csv`)).statusCode, 403);

    const pdf = await province.get(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}/lan/1/bao-cao.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.match(pdfsigReport(pdf.rawPayload, await rootDer()), /Signature is Valid\./);
  });

  it('the province returns a report; the commune resubmits; the first revision stays as signed', async () => {
    const row = await submission(md);
    const first = (await rows(sql<{ pdf_sha256: string }>`select pdf_sha256 from report_submission_versions where request_id = ${requestId} and unit_id = ${md} and revision = 1`))[0]!.pdf_sha256;
    const noReason = await province.postForm(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}/tra-lai`, { version: String(row!.version), reason: '  ' });
    assert.equal(noReason.statusCode, 422);
    assert.equal((await submission(md))?.status, 'submitted');
    const returned = await province.postForm(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}/tra-lai`, { version: String(row!.version), reason: 'Số cán bộ chưa đúng' });
    assert.equal(returned.statusCode, 303);
    assert.equal((await submission(md))?.status, 'returned');
    assert.match((await province.get(`/bao-cao-dinh-ky/ky/${requestId}`)).body, /data-submitted-count="1"/, 'a returned report leaves the aggregate');
    await assert.rejects(sql`update report_submission_versions set answers = '{}'::jsonb where request_id = ${requestId} and unit_id = ${md}`.execute(db()), 'a signed revision cannot be changed');

    const formPage = await chairmanMd.get(`/bao-cao-dinh-ky/nop/${requestId}`);
    assert.match(formPage.body, /Lý do: Số cán bộ chưa đúng/);
    const current = await submission(md);
    const resubmitted = await chairmanMd.postForm(`/bao-cao-dinh-ky/nop/${requestId}`, form({ _action: 'submit', _version: String(current!.version), staff: '4', satisfaction: '90' }));
    assert.equal(resubmitted.statusCode, 303, resubmitted.body.slice(0, 500));
    const after = await submission(md);
    assert.equal(after?.status, 'submitted');
    assert.equal(after?.revision, 2);
    assert.equal(after?.late, true, 'resubmitted after the deadline');
    const versions = await rows(sql<{ revision: number; pdf_sha256: string; return_reason: string | null }>`select revision, pdf_sha256, return_reason from report_submission_versions where request_id = ${requestId} and unit_id = ${md} order by revision`);
    assert.deepEqual(versions.map((v) => [v.revision, v.return_reason]), [[1, 'Số cán bộ chưa đúng'], [2, null]]);
    assert.equal(versions[0]!.pdf_sha256, first, 'the first signed copy is kept as it was');
    const history = await province.get(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}`);
    assert.match(history.body, /data-revision="2"[\s\S]*data-revision="1"/);
    assert.equal(sha((await province.get(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}/lan/1/bao-cao.pdf`)).rawPayload), first);
    const actions = (await rows(sql<{ action: string }>`select action from audit_log where action like 'periodic_reports.%'`)).map((r) => r.action);
    for (const a of ['template_created', 'request_sent', 'draft_saved', 'report_submitted', 'report_returned']) assert.ok(actions.includes(`periodic_reports.${a}`), a);
  });

  it('keeps communes apart', async () => {
    assert.equal((await clerkPh.get(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}`)).statusCode, 403);
    assert.equal((await clerkPh.get(`/bao-cao-dinh-ky/ky/${requestId}/don-vi/${md}/lan/1/bao-cao.pdf`)).statusCode, 403);
    assert.equal((await clerkPh.get(`/bao-cao-dinh-ky/nop/${requestId}/lan/2/bao-cao.pdf`)).statusCode, 404, 'its own unit has no second revision');
    const tomorrow = vnDay(new Date(Date.now() + 86_400_000));
    const sent = await province.postForm('/bao-cao-dinh-ky/gui', { template: String(templateId), period_label: 'Chỉ Mường Đăng', from, to, deadline_day: tomorrow, deadline_time: '08:00', target: 'chosen', units: [String(md)] });
    assert.equal(sent.statusCode, 303);
    const only = Number(/\/ky\/(\d+)$/.exec(String(sent.headers.location))![1]);
    assert.equal((await clerkPh.get(`/bao-cao-dinh-ky/nop/${only}`)).statusCode, 404);
    assert.equal((await clerkPh.postForm(`/bao-cao-dinh-ky/nop/${only}`, form({ _action: 'save', _version: '0', staff: '1' }))).statusCode, 404);
    assert.doesNotMatch((await clerkPh.get('/bao-cao-dinh-ky/nop')).body, new RegExp(`data-request="${only}"`));
    assert.equal((await chairmanMd.get(`/bao-cao-dinh-ky/nop/${only}`)).statusCode, 200);
    assert.equal((await province.get(`/bao-cao-dinh-ky/ky/${only}/don-vi/${ph}`)).statusCode, 404, 'a unit the request did not go to');

    // Without signing, nothing is submitted (and nothing is written).
    const chairman = (await rows(sql<{ id: number }>`select id from officials where username = 'chutich.muongdang'`))[0]!;
    const unsigned = periodicReportsContext(db(), {});
    await assert.rejects(
      submitReport(unsigned, { id: Number(chairman.id), name: 'Lường Văn Chính', unitId: md }, { kind: 'official', id: Number(chairman.id), name: 'x', unitId: md, ip: '', userAgent: '' }, only, 0, { staff: '1', satisfaction: '10' }),
      (error: Error & { code?: string }) => error.code === 'periodic_reports.submission.signing_off',
    );
    assert.equal(await submission(md, only), undefined);
  });
});
