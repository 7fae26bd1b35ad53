/**
 * Exchange (issue #8, part K) through HTTP: a clerk imports an edXML package (registered with its number and files;
 * a bad one refused with its problems and nothing written), answers with status packages; an issued outgoing
 * document's package for an outside recipient parses back with the same fields and attachment bytes; the recipient's
 * status trail; electronic copies verified with pdfsig; case files; another commune never reaches any of it; CSRF.
 *
 * The issued outgoing document is made directly (SQL and the signatures module's signResult/sealResult): the
 * outgoing issue flow is another part's.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import { signedResult } from '../support/signed-pdf.ts';
import { buildEdxml, parseEdxml } from '../../src/modules/documents/domain/edxml.ts';
import type { EdxmlDocument } from '../../src/modules/documents/domain/edxml.ts';
import { buildStatus, parseStatus } from '../../src/modules/documents/domain/edxml-status.ts';

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const enc = (s: string) => new TextEncoder().encode(s);

describe('documents exchange: edXML, status trail, copies, case files', () => {
  let t: TestApp;
  let clerk: Client;
  let phClerk: Client;
  let md: number;
  let ph: number;
  let signedPdf: Uint8Array;
  let imported: number;
  let issued: number;
  let outsideRecipient: number;
  const db = () => t.database.db;
  const rows = async <R>(q: ReturnType<typeof sql<R>>) => (await q.execute(db())).rows;
  const counts = async () => (await rows(sql<{ d: string; f: string; a: string; e: string }>`select (select count(*) from documents) as d, (select count(*) from document_files) as f, (select count(*) from audit_log) as a, (select count(*) from document_events) as e`))[0];

  const packageOf = (over: Partial<EdxmlDocument> = {}): EdxmlDocument => ({
    from: { organId: '000.00.04.H11', organName: 'Sở Nội vụ tỉnh Điện Biên' },
    to: [{ organId: 'H11.35.01', organName: 'UBND xã Mường Đăng' }],
    code: { number: '245', notation: 'QĐ-SNV' },
    promulgation: { place: 'Điện Biên', date: '2026-02-27' },
    documentType: { type: '1', detail: '2', name: 'Quyết định' },
    subject: 'Về việc kiện toàn bộ phận một cửa cấp xã',
    signer: { competence: 'KT. GIÁM ĐỐC', position: 'Phó Giám đốc', fullName: 'Nguyễn Thị Hoa' },
    toPlaces: ['UBND các xã'],
    other: { priority: 1, pageAmount: 1 },
    businessDocType: 0,
    trace: [{ organId: '000.00.04.H11', timestamp: new Date('2026-02-27T09:45:00Z') }],
    attachments: [{ contentId: '1.pdf', name: '245-QD-SNV.pdf', contentType: 'application/pdf', data: signedPdf }],
    ...over,
  });
  const upload = (client: Client, unitId: number, bytes: Uint8Array, options: { csrf?: string | null } = {}) =>
    client.postMultipart(`/admin/units/${unitId}/documents/incoming/import`, {}, [{ name: 'package', filename: 'goi-tin.edxml', type: 'application/xml', data: bytes }], options);

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    signedPdf = (await signedResult(db(), t.config, 'Quyet dinh 245')).pdf;
    clerk = await t.signIn('vanthu.muongdang');
    phClerk = await t.signIn('vanthu.phinho');
  });
  after(() => t?.close());

  it('imports an edXML package as an incoming document: number, sender, type, files, the package kept', async () => {
    const page = await clerk.get(`/admin/units/${md}/documents/incoming/import`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    const bytes = buildEdxml(packageOf());
    const res = await upload(clerk, md, bytes);
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    imported = Number(/\/documents\/(\d+)$/.exec(String(res.headers.location))![1]);
    const doc = (await rows(sql<{ channel: string; number_text: string; sender_name: string; sender_organ_id: string; type_code: string; document_date: string; incoming_number: number; urgency: string; status: string; signer_name: string }>`select channel, number_text, sender_name, sender_organ_id, type_code, document_date::text, incoming_number, urgency, status, signer_name from documents where id = ${imported}`))[0]!;
    assert.deepEqual({ ...doc, incoming_number: Number(doc.incoming_number) }, {
      channel: 'edxml', number_text: '245/QĐ-SNV', sender_name: 'Sở Nội vụ tỉnh Điện Biên', sender_organ_id: '000.00.04.H11', type_code: 'QĐ',
      document_date: '2026-02-27', incoming_number: 1, urgency: 'urgent', status: 'registered', signer_name: 'Nguyễn Thị Hoa',
    });
    const files = await rows(sql<{ kind: string; sha256: string; content_type: string }>`select kind, sha256, content_type from document_files where document_id = ${imported} order by id`);
    assert.deepEqual(files.map((f) => f.kind), ['main', 'edxml']);
    assert.equal(files[0]!.sha256, sha(signedPdf));
    assert.equal(files[1]!.sha256, sha(bytes));
    const note = (await rows(sql<{ body: string }>`select body from document_events where document_id = ${imported} and kind = 'registered'`))[0]!.body;
    assert.match(note, /000\.00\.04\.H11/);
    assert.match(note, /hợp lệ/, 'the attached PDF’s signature was verified');
    assert.equal((await rows(sql`select 1 from audit_log where action = 'documents.edxml_imported'`)).length, 1);
    // The same package again is a duplicate: refused, nothing written.
    const before = await counts();
    const again = await upload(clerk, md, bytes);
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /data-problem="duplicate"/);
    assert.deepEqual(await counts(), before);
  });

  it('refuses a bad package with its problems listed, writing nothing; an entity bomb too', async () => {
    const before = await counts();
    const bad = new TextDecoder().decode(buildEdxml(packageOf({ code: { number: '246', notation: 'QĐ-SNV' } })))
      .replace(/<edXML:Subject>[^<]*<\/edXML:Subject>/, '<edXML:Subject></edXML:Subject>')
      .replace(/<ContentTransferEncoded>[^<]*/, '<ContentTransferEncoded>@@not-base64@@');
    const res = await upload(clerk, md, enc(bad));
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /data-problem="missing_subject"/);
    assert.match(res.body, /data-problem="attachment_not_base64"/);
    const bomb = `<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&b;</edXML>`;
    const bombed = await upload(clerk, md, enc(bomb));
    assert.equal(bombed.statusCode, 422);
    assert.match(bombed.body, /data-problem="doctype"/);
    const pdfNotXml = await upload(clerk, md, signedPdf);
    assert.equal(pdfNotXml.statusCode, 422);
    const notForUs = await upload(clerk, md, buildEdxml(packageOf({ code: { number: '247', notation: 'QĐ-SNV' }, to: [{ organId: 'H11.35.02', organName: 'UBND xã Phìn Hồ' }] })));
    assert.equal(notForUs.statusCode, 422);
    assert.match(notForUs.body, /data-problem="not_for_us"/);
    assert.deepEqual(await counts(), before, 'nothing half-written');
  });

  it('sends status packages back for a document received by edXML: 03 accepted, 02 needs a reason, stale forms refused', async () => {
    const page = await clerk.get(`/admin/units/${md}/documents/${imported}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /data-exchange-panel/);
    assert.match(page.body, /data-status-back/);
    const version = String((await rows(sql<{ version: number }>`select version from documents where id = ${imported}`))[0]!.version);
    const res = await clerk.postForm(`/admin/units/${md}/documents/${imported}/status-package`, { code: '03', reason: '', version });
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(String(res.headers['content-type']), /application\/xml/);
    const status = parseStatus(res.rawPayload);
    assert.ok(status.ok, JSON.stringify(!status.ok && status.problems));
    assert.equal(status.value.statusCode, '03');
    assert.equal(status.value.responseFor.code, '245/QĐ-SNV');
    assert.equal(status.value.responseFor.organId, '000.00.04.H11');
    assert.equal(status.value.from.organId, 'H11.35.01');
    const stale = await clerk.postForm(`/admin/units/${md}/documents/${imported}/status-package`, { code: '03', reason: '', version });
    assert.equal(stale.statusCode, 409);
    const fresh = String(Number(version) + 1);
    assert.equal((await clerk.postForm(`/admin/units/${md}/documents/${imported}/status-package`, { code: '02', reason: '', version: fresh })).statusCode, 422);
    assert.equal((await clerk.postForm(`/admin/units/${md}/documents/${imported}/status-package`, { code: '06', reason: '', version: fresh })).statusCode, 409, '06 only once completed');
    assert.equal((await rows(sql`select 1 from document_events where document_id = ${imported} and kind = 'delivery_status'`)).length, 1);
  });

  it('an issued document’s edXML package for an outside recipient parses back with its fields and the signed PDF’s bytes', async () => {
    const register = Number((await rows(sql<{ id: string }>`insert into document_registers (unit_id, direction, code, name) values (${md}, 'outgoing', 'di-test', 'Sổ thử') returning id`))[0]!.id);
    issued = Number((await rows(sql<{ id: string }>`insert into documents (public_id, unit_id, direction, type_code, subject, number_text, register_id, number, number_year, document_date, place, signer_name, signer_title, status, page_count)
      values ('AAAAAAAAAAAAAAAAAAAAAA', ${md}, 'outgoing', 'QĐ', 'Về việc thành lập Tổ công nghệ số cộng đồng', '12/QĐ-UBND', ${register}, 12, 2026, '2026-03-05', 'Mường Đăng', 'Lường Văn Chính', 'Chủ tịch', 'issued', 1) returning id`))[0]!.id);
    await sql`insert into document_files (document_id, unit_id, kind, file_name, content_type, size_bytes, sha256, data) values (${issued}, ${md}, 'signed', '12-QD-UBND.pdf', 'application/pdf', ${signedPdf.byteLength}, ${sha(signedPdf)}, ${Buffer.from(signedPdf)})`.execute(db());
    outsideRecipient = Number((await rows(sql<{ id: string }>`insert into document_recipients (document_id, unit_id, recipient_name, recipient_organ_id) values (${issued}, ${md}, 'Sở Nội vụ tỉnh Điện Biên', '000.00.04.H11') returning id`))[0]!.id);
    const url = `/admin/units/${md}/documents/${issued}/recipients/${outsideRecipient}/edxml`;
    const got = await clerk.get(url);
    assert.equal(got.statusCode, 200, got.body.slice(0, 300));
    const parsed = parseEdxml(got.rawPayload);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    const v = parsed.value;
    assert.equal(v.from.organId, 'H11.35.01');
    assert.equal(v.to[0]!.organId, '000.00.04.H11');
    assert.deepEqual(v.code, { number: '12', notation: 'QĐ-UBND' });
    assert.equal(v.subject, 'Về việc thành lập Tổ công nghệ số cộng đồng');
    assert.deepEqual(v.promulgation, { place: 'Mường Đăng', date: '2026-03-05' });
    assert.equal(v.documentType.name, 'Quyết định');
    assert.equal(v.signer.fullName, 'Lường Văn Chính');
    assert.equal(v.businessDocType, 0);
    assert.equal(v.attachments.length, 1);
    assert.equal(sha(v.attachments[0]!.data), sha(signedPdf), 'the signed PDF, byte for byte');
    assert.equal((await rows(sql<{ sent_at: Date | null }>`select sent_at from document_recipients where id = ${outsideRecipient}`))[0]!.sent_at, null, 'a download alone does not mark it sent');
    const sent = await clerk.postForm(url, {});
    assert.equal(sent.statusCode, 200);
    assert.ok(parseEdxml(sent.rawPayload).ok);
    const sentAt = (await rows(sql<{ sent_at: Date | null }>`select sent_at from document_recipients where id = ${outsideRecipient}`))[0]!.sent_at;
    assert.ok(sentAt);
    assert.equal((await clerk.postForm(url, {})).statusCode, 200);
    assert.deepEqual((await rows(sql<{ sent_at: Date | null }>`select sent_at from document_recipients where id = ${outsideRecipient}`))[0]!.sent_at, sentAt, 'sent once');
    assert.equal((await rows(sql`select 1 from document_events where document_id = ${issued} and kind = 'dispatched'`)).length, 1);
  });

  it('records the recipient’s status trail from a status package and by hand', async () => {
    const url = `/admin/units/${md}/documents/${issued}/recipients/${outsideRecipient}/status`;
    const version = async () => String((await rows(sql<{ version: number }>`select version from documents where id = ${issued}`))[0]!.version);
    const statusFrom = (organId: string, code: '03' | '06', on = '12/QĐ-UBND') => buildStatus({ responseFor: { organId: 'H11.35.01', code: on, promulgationDate: '2026-03-05' }, from: { organId, organName: 'Sở Nội vụ' }, statusCode: code, description: 'Đã tiếp nhận văn bản', timestamp: new Date('2026-03-06T02:00:00Z'), staff: { staff: 'Nguyễn Văn Thư' } });
    const pkg = (bytes: Uint8Array, v: string) => clerk.postMultipart(url, { version: v, code: '', note: '' }, [{ name: 'package', filename: 'trang-thai.edxml', type: 'application/xml', data: bytes }]);
    const wrongSender = await pkg(statusFrom('000.00.99.H11', '03'), await version());
    assert.equal(wrongSender.statusCode, 422);
    const wrongDocument = await pkg(statusFrom('000.00.04.H11', '03', '13/QĐ-UBND'), await version());
    assert.equal(wrongDocument.statusCode, 422);
    const ok = await pkg(statusFrom('000.00.04.H11', '03'), await version());
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
    let r = (await rows(sql<{ status_code: string; status_at: Date }>`select status_code, status_at from document_recipients where id = ${outsideRecipient}`))[0]!;
    assert.equal(r.status_code, '03');
    assert.equal(new Date(r.status_at).toISOString(), '2026-03-06T02:00:00.000Z');
    const manual = await clerk.postMultipart(url, { version: await version(), code: '06', note: 'Đã giải quyết xong' }, []);
    assert.equal(manual.statusCode, 303, manual.body.slice(0, 400));
    r = (await rows(sql<{ status_code: string; status_at: Date }>`select status_code, status_at from document_recipients where id = ${outsideRecipient}`))[0]!;
    assert.equal(r.status_code, '06');
    assert.equal((await clerk.postMultipart(url, { version: '1', code: '05', note: '' }, [])).statusCode, 409, 'a stale form');
    assert.equal((await clerk.postMultipart(url, { version: await version(), code: '99', note: '' }, [])).statusCode, 422);
    const trail = await rows(sql<{ body: string }>`select body from document_events where document_id = ${issued} and kind = 'delivery_status' order by id`);
    assert.equal(trail.length, 2);
    assert.match(trail[0]!.body, /03 — Đã tiếp nhận/);
    assert.match(trail[1]!.body, /06 — Hoàn thành — Đã giải quyết xong/);
    const page = await clerk.get(`/admin/units/${md}/documents/${issued}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`data-recipient="${outsideRecipient}"`));
    assert.match(page.body, /data-status-code="06"/);
  });

  it('makes a sao y and a trích sao signed by the unit, numbered in the outgoing register; pdfsig verifies them', async () => {
    const version = async () => String((await rows(sql<{ version: number }>`select version from documents where id = ${issued}`))[0]!.version);
    const sy = await clerk.postForm(`/admin/units/${md}/documents/${issued}/copies`, { kind: 'SY', pages: '', version: await version() });
    assert.equal(sy.statusCode, 303, sy.body.slice(0, 400));
    const bad = await clerk.postForm(`/admin/units/${md}/documents/${issued}/copies`, { kind: 'TrS', pages: '3-4', version: await version() });
    assert.equal(bad.statusCode, 422);
    const trs = await clerk.postForm(`/admin/units/${md}/documents/${issued}/copies`, { kind: 'TrS', pages: '1', version: await version() });
    assert.equal(trs.statusCode, 303, trs.body.slice(0, 400));
    const copies = await rows(sql<{ file_name: string; data: Buffer }>`select file_name, data from document_files where document_id = ${issued} and kind = 'copy' order by id`);
    assert.equal(copies.length, 2);
    assert.match(copies[0]!.file_name, /^ban-sao-01-SY-UBND-\d{4}\.pdf$/);
    assert.match(copies[1]!.file_name, /^ban-sao-02-TrS-UBND-\d{4}\.pdf$/);
    const root = (await rows(sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`))[0]!.certificate;
    const report = pdfsigReport(new Uint8Array(copies[0]!.data), root);
    assert.equal((report.match(/Signature is Valid\./g) ?? []).length, 3, `the chairman, the seal and the copy signature:\n${report}`);
    assert.match(report, /ChuKyDonVi/);
    assert.match(pdfText(new Uint8Array(copies[0]!.data)), /SAO\s+Y - Số: 01\/SY-UBND/);
    assert.match(pdfsigReport(new Uint8Array(copies[1]!.data), root), /Signature is Valid\./);
    const events = await rows(sql<{ body: string }>`select body from document_events where document_id = ${issued} and kind = 'copied' order by id`);
    assert.deepEqual(events.map((e) => e.body), ['Sao y 01/SY-UBND', 'Trích sao 02/TrS-UBND (trang 1)']);
    // An incoming document that was returned cannot be copied; the panel offers copies of this one.
    assert.match((await clerk.get(`/admin/units/${md}/documents/${issued}`)).body, /data-copy-form/);
  });

  it('case files: create, add from the document and from the file, close; a closed file takes nothing more', async () => {
    const list = await clerk.get(`/admin/units/${md}/case-files`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /data-new-case-file/);
    const made = await clerk.postForm(`/admin/units/${md}/case-files`, { code: 'HS-01', title: 'Kiện toàn bộ phận một cửa', year: '2026', retention: '10', keeperId: '' });
    assert.equal(made.statusCode, 303, made.body.slice(0, 300));
    const fileId = Number(/\/case-files\/(\d+)$/.exec(String(made.headers.location))![1]);
    const taken = await clerk.postForm(`/admin/units/${md}/case-files`, { code: 'HS-01', title: 'Trùng số', year: '2026', retention: 'permanent', keeperId: '' });
    assert.equal(taken.statusCode, 422);
    const badInput = await clerk.postForm(`/admin/units/${md}/case-files`, { code: '', title: '', year: '1999', retention: '0', keeperId: '999999' });
    assert.equal(badInput.statusCode, 422);
    assert.equal((await rows(sql`select 1 from case_files`)).length, 1);
    assert.equal((await clerk.postForm(`/admin/units/${md}/case-files/${fileId}/close`, {})).statusCode, 409, 'an empty file is not closed');
    assert.equal((await clerk.postForm(`/admin/units/${md}/documents/${imported}/case-file`, { caseFileId: String(fileId) })).statusCode, 303);
    assert.equal((await clerk.postForm(`/admin/units/${md}/case-files/${fileId}/documents`, { documentId: String(issued) })).statusCode, 303);
    assert.equal((await clerk.postForm(`/admin/units/${md}/case-files/${fileId}/documents`, { documentId: String(issued) })).statusCode, 303, 'twice is harmless');
    assert.equal((await rows(sql`select 1 from case_file_documents where case_file_id = ${fileId}`)).length, 2);
    assert.equal((await rows(sql`select 1 from document_events where kind = 'filed'`)).length, 2);
    const page = await clerk.get(`/admin/units/${md}/case-files/${fileId}`);
    assert.match(page.body, /data-retention>10 năm \(đến hết năm 2036\)/);
    assert.equal((await clerk.postForm(`/admin/units/${md}/case-files/${fileId}/close`, {})).statusCode, 303);
    assert.ok((await rows(sql<{ closed_at: Date | null }>`select closed_at from case_files where id = ${fileId}`))[0]!.closed_at);
    const other = Number((await rows(sql<{ id: string }>`select id from documents where unit_id = ${md} and id not in (${imported}, ${issued}) limit 1`))[0]?.id ?? imported);
    assert.equal((await clerk.postForm(`/admin/units/${md}/case-files/${fileId}/documents`, { documentId: String(other) })).statusCode, 409, 'closed');
    const closedList = await clerk.get(`/admin/units/${md}/case-files?year=2026&status=closed`);
    assert.match(closedList.body, new RegExp(`data-case-file="${fileId}"`));
    assert.doesNotMatch((await clerk.get(`/admin/units/${md}/case-files?status=open`)).body, new RegExp(`data-case-file="${fileId}"`));
    (globalThis as { caseFileId?: number }).caseFileId = fileId;
  });

  it('another commune reaches none of it, by its own unit id or Mường Đăng’s', async () => {
    const fileId = (globalThis as { caseFileId?: number }).caseFileId!;
    const before = await counts();
    const attempts: [string, () => Promise<{ statusCode: number; body: string }>][] = [];
    attempts.push([`import page ${md}`, () => phClerk.get(`/admin/units/${md}/documents/incoming/import`)]);
    for (const unit of [md, ph]) {
      attempts.push(
        [`edxml get ${unit}`, () => phClerk.get(`/admin/units/${unit}/documents/${issued}/recipients/${outsideRecipient}/edxml`)],
        [`edxml post ${unit}`, () => phClerk.postForm(`/admin/units/${unit}/documents/${issued}/recipients/${outsideRecipient}/edxml`, {})],
        [`status ${unit}`, () => phClerk.postMultipart(`/admin/units/${unit}/documents/${issued}/recipients/${outsideRecipient}/status`, { version: '1', code: '03', note: '' }, [])],
        [`status back ${unit}`, () => phClerk.postForm(`/admin/units/${unit}/documents/${imported}/status-package`, { code: '03', reason: '', version: '1' })],
        [`copy ${unit}`, () => phClerk.postForm(`/admin/units/${unit}/documents/${issued}/copies`, { kind: 'SY', pages: '', version: '1' })],
        [`case file page ${unit}`, () => phClerk.get(`/admin/units/${unit}/case-files/${fileId}`)],
        [`case file add ${unit}`, () => phClerk.postForm(`/admin/units/${unit}/case-files/${fileId}/documents`, { documentId: String(issued) })],
        [`case file close ${unit}`, () => phClerk.postForm(`/admin/units/${unit}/case-files/${fileId}/close`, {})],
        [`doc to case file ${unit}`, () => phClerk.postForm(`/admin/units/${unit}/documents/${issued}/case-file`, { caseFileId: String(fileId) })],
      );
    }
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      assert.ok([403, 404].includes(res.statusCode), `${name}: ${res.statusCode}`);
      assert.doesNotMatch(res.body, /Kiện toàn bộ phận một cửa|Tổ công nghệ số cộng đồng/, name);
    }
    const phList = await phClerk.get(`/admin/units/${ph}/case-files`);
    assert.equal(phList.statusCode, 200);
    assert.doesNotMatch(phList.body, /HS-01/);
    assert.equal((await upload(phClerk, md, buildEdxml(packageOf({ code: { number: '300', notation: 'QĐ-SNV' } })))).statusCode, 404);
    const after = await counts();
    assert.equal(after!.d, before!.d);
    assert.equal(after!.f, before!.f);
    assert.equal(after!.e, before!.e);
  });

  it('refuses a write without the CSRF token', async () => {
    const before = await counts();
    const version = String((await rows(sql<{ version: number }>`select version from documents where id = ${issued}`))[0]!.version);
    assert.equal((await clerk.postForm(`/admin/units/${md}/documents/${issued}/copies`, { kind: 'SY', pages: '', version }, { csrf: null })).statusCode, 403);
    assert.equal((await clerk.postForm(`/admin/units/${md}/case-files`, { code: 'HS-02', title: 'x', year: '2026', retention: '5', keeperId: '' }, { csrf: null })).statusCode, 403);
    assert.equal((await upload(clerk, md, buildEdxml(packageOf({ code: { number: '301', notation: 'QĐ-SNV' } })), { csrf: null })).statusCode, 403);
    assert.deepEqual(await counts(), before);
  });
});
