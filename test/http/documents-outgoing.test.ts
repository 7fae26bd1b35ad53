/**
 * Outgoing documents (issue #8, part J) through HTTP: a specialist drafts a decision from the template, saves a second
 * version, submits it; the vice-chairman returns it, then forwards the resubmitted one to the chairman, who approves
 * and signs it; the clerk numbers, seals and issues it — 01/QĐ-UBND on the PDF, both signatures valid for pdfsig and
 * for our verifier — and Phìn Hồ receives it at once as an incoming document with its own incoming number. Uploads
 * (PDF; DOCX refused without LibreOffice), the register and its exports, CSRF, other communes, bad input.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import { findSoffice } from '../../src/modules/documents/outgoing-draft.ts';
import { signaturesContext, verifyDocument } from '../../src/modules/signatures/index.ts';

describe('outgoing documents: draft → review → approve → sign → number → seal → issue → delivered', () => {
  let t: TestApp;
  let md: number;
  let ph: number;
  let drafter: Client;
  let vice: Client;
  let chairman: Client;
  let clerk: Client;
  let ids: Record<string, number>;
  let docId: number;
  const rows = async <R,>(q: ReturnType<typeof sql<R>>) => (await q.execute(t.database.db)).rows;
  const doc = async (id: number) => (await rows(sql<{ status: string; version: number; number_text: string | null; holder_name: string | null; document_date: string | null }>`select status, version, number_text, holder_name, document_date::text from documents where id = ${id}`))[0]!;
  const step = (client: Client, action: string, extra: Record<string, string> = {}, id = docId) => async () => {
    const d = await doc(id);
    return client.postForm(`/admin/units/${md}/documents/outgoing/${id}/step`, { action, version: String(d.version), ...extra });
  };
  const draftForm = (overrides: Record<string, string | string[]> = {}) => ({
    type: 'QĐ', subject: 'Về việc thành lập Tổ công nghệ số cộng đồng', urgency: 'normal', units: [String(ph)], outside: 'Sở Nội vụ tỉnh Điện Biên | 000.00.12.H11',
    body: 'Căn cứ Luật Tổ chức chính quyền địa phương;\nĐiều 1. Thành lập Tổ công nghệ số cộng đồng xã.', signer: String(ids['chutich.muongdang']), capacity: 'tm', office: 'VP', extra: 'Như Điều 3', ...overrides,
  });

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    ids = Object.fromEntries((await rows(sql<{ id: string; username: string }>`select id, username from officials`)).map((o) => [o.username, Number(o.id)]));
    [drafter, vice, chairman, clerk] = await Promise.all([t.signIn('chuyenmon.muongdang'), t.signIn('phochutich.muongdang'), t.signIn('chutich.muongdang'), t.signIn('vanthu.muongdang')]);
  });
  after(() => t?.close());

  it('drafts from the template, keeps every saved version, and shows the draft with its empty number field', async () => {
    const page = await drafter.get(`/admin/units/${md}/documents/outgoing/new`);
    assert.equal(page.statusCode, 200, page.body.slice(0, 300));
    assert.match(page.body, /name="body"/);
    const created = await drafter.postForm(`/admin/units/${md}/documents/outgoing`, draftForm());
    assert.equal(created.statusCode, 303, created.body.slice(0, 500));
    docId = Number(/\/documents\/(\d+)$/.exec(String(created.headers.location))![1]);
    const edited = await drafter.postForm(`/admin/units/${md}/documents/outgoing/${docId}/edit`, draftForm({ version: '1', body: 'Căn cứ Luật Tổ chức chính quyền địa phương;\nĐiều 1. Thành lập Tổ công nghệ số cộng đồng xã Mường Đăng.\nĐiều 2. Quyết định có hiệu lực từ ngày ký.' }));
    assert.equal(edited.statusCode, 303, edited.body.slice(0, 500));
    const versions = await rows(sql<{ version: number; data: Buffer }>`select version, data from document_files where document_id = ${docId} and kind = 'draft' order by version`);
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    const text = pdfText(versions[1]!.data);
    assert.match(text, /Số: …\/QĐ-UBND/);
    assert.match(text, /QUYẾT ĐỊNH/);
    assert.match(text, /Điều 2\. Quyết định có hiệu lực/);
    assert.match(text, /Nơi nhận:[\s\S]*Lưu: VT, VP\./);
    const stale = await drafter.postForm(`/admin/units/${md}/documents/outgoing/${docId}/edit`, draftForm({ version: '1' }));
    assert.equal(stale.statusCode, 409);
  });

  it('review: a return needs a comment and goes back to the drafter; resubmitted, forwarded, approved by the signer', async () => {
    assert.equal((await step(drafter, 'submit', { to: String(ids['phochutich.muongdang']) })()).statusCode, 303);
    assert.equal((await doc(docId)).status, 'in_review');
    assert.equal((await step(vice, 'return', { comment: '' })()).statusCode, 400);
    assert.equal((await step(drafter, 'approve')()).statusCode, 403, 'not the holder, no documents.approve');
    assert.equal((await step(vice, 'return', { comment: 'Bổ sung căn cứ.' })()).statusCode, 303);
    assert.equal((await doc(docId)).status, 'drafting');
    assert.equal((await step(drafter, 'submit', { to: String(ids['phochutich.muongdang']) })()).statusCode, 303);
    const wrongSigner = await step(vice, 'approve')();
    assert.equal(wrongSigner.statusCode, 400, 'the template names the chairman as signer');
    assert.equal((await step(vice, 'forward', { to: String(ids['chutich.muongdang']), comment: 'Kính trình Chủ tịch.' })()).statusCode, 303);
    assert.equal((await step(chairman, 'approve')()).statusCode, 303);
    assert.equal((await doc(docId)).status, 'approved');
    const kinds = (await rows(sql<{ kind: string }>`select kind from document_events where document_id = ${docId} order by id`)).map((e) => e.kind);
    assert.deepEqual(kinds, ['drafted', 'draft_version', 'submitted', 'sent_back', 'submitted', 'forwarded', 'approved']);
  });

  it('the chairman signs, the clerk issues: 01/QĐ-UBND on the PDF, both signatures valid (pdfsig, our verifier), delivered to Phìn Hồ', async () => {
    assert.equal((await step(clerk, 'issue')()).statusCode, 403, 'not signed yet');
    assert.equal((await step(chairman, 'sign')()).statusCode, 303);
    assert.equal((await doc(docId)).status, 'signed');
    const issued = await step(clerk, 'issue')();
    assert.equal(issued.statusCode, 303, issued.body.slice(0, 300));
    const d = await doc(docId);
    assert.equal(d.status, 'issued');
    assert.equal(d.number_text, '01/QĐ-UBND');
    const pdf = (await rows(sql<{ data: Buffer }>`select data from document_files where document_id = ${docId} and kind = 'main'`))[0]!.data;
    const root = (await rows(sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`))[0]!.certificate;
    const report = pdfsigReport(pdf, root);
    assert.equal([...report.matchAll(/Signature is Valid\./g)].length, 2, report);
    assert.equal([...report.matchAll(/Certificate is Trusted\./g)].length, 2, report);
    assert.match(pdfText(pdf), /Số: 01\/QĐ-UBND/);
    const ours = await verifyDocument(signaturesContext(t.database.db, t.config), pdf);
    assert.equal(ours.status, 'valid', JSON.stringify(ours.signatures.map((s) => s.checks.modifiedAfter)));
    assert.deepEqual(ours.signatures.map((s) => s.checks.modifiedAfter.reason), ['form_filled_after_signing', 'unchanged_after_signing']);
    assert.deepEqual(ours.signatures[0]!.checks.modifiedAfter.details?.['fields'], ['NgayBanHanh', 'SoKyHieu']);

    const recipients = await rows(sql<{ recipient_unit_id: string | null; status_code: string | null; delivered_document_id: string | null }>`select recipient_unit_id, status_code, delivered_document_id from document_recipients where document_id = ${docId} order by id`);
    assert.equal(recipients.length, 2);
    assert.equal(recipients[0]!.status_code, '01');
    assert.equal(recipients[1]!.status_code, null, 'the outside recipient waits for the edXML dispatch');
    const arrived = (await rows(sql<{ id: string; unit_id: string; channel: string; sender_unit_id: string; incoming_number: number; number_text: string; source_document_id: string }>`select id, unit_id, channel, sender_unit_id, incoming_number, number_text, source_document_id from documents where id = ${recipients[0]!.delivered_document_id}`))[0]!;
    assert.deepEqual([Number(arrived.unit_id), arrived.channel, Number(arrived.sender_unit_id), arrived.number_text, Number(arrived.source_document_id)], [ph, 'internal', md, '01/QĐ-UBND', docId]);
    assert.ok(arrived.incoming_number >= 1);
    const phClerk = await t.signIn('vanthu.phinho');
    const seen = await phClerk.get(`/admin/units/${ph}/documents/${arrived.id}`);
    assert.equal(seen.statusCode, 200);
    assert.match(seen.body, /Tổ công nghệ số cộng đồng/);
    const page = await clerk.get(`/admin/units/${md}/documents/${docId}`);
    assert.match(page.body, /data-delivery="01"/);
    assert.match(page.body, /data-delivery="waiting"/);
  });

  it('the register lists it with its exports; the queues show it', async () => {
    const page = await clerk.get(`/admin/units/${md}/documents/outgoing/register`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /01\/QĐ-UBND/);
    const csv = await clerk.get(`/admin/units/${md}/documents/outgoing/register?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /01\/QĐ-UBND/);
    assert.match(csv.body, /Lường Văn Chính|Chính/);
    for (const f of ['xlsx', 'pdf']) assert.equal((await clerk.get(`/admin/units/${md}/documents/outgoing/register?format=${f}`)).statusCode, 200);
    assert.equal((await clerk.get(`/admin/units/${md}/documents/outgoing/register?format=doc`)).statusCode, 400);
    assert.equal((await clerk.get(`/admin/units/${md}/documents/outgoing/register?year=20x6`)).statusCode, 400);
    const issued = await clerk.get(`/admin/units/${md}/documents/outgoing?queue=issued`);
    assert.match(issued.body, new RegExp(`data-document="${docId}"`));
    assert.equal((await clerk.get(`/admin/units/${md}/documents/outgoing?queue=nope`)).statusCode, 400);
  });

  it('uploads: a PDF gets the two fields; a DOCX is converted only where LibreOffice is installed', async () => {
    const fields = { type: 'CV', subject: 'Về việc báo cáo tình hình', urgency: 'urgent', outside: 'UBND tỉnh Điện Biên', units: String(ph) };
    const pdf = await drafter.postMultipart(`/admin/units/${md}/documents/outgoing/upload`, fields, [{ name: 'file', filename: 'du-thao.pdf', type: 'application/pdf', data: makePdf('Bao cao tinh hinh') }]);
    assert.equal(pdf.statusCode, 303, pdf.body.slice(0, 300));
    const id = Number(/\/documents\/(\d+)$/.exec(String(pdf.headers.location))![1]);
    const draft = (await rows(sql<{ data: Buffer }>`select data from document_files where document_id = ${id} and kind = 'draft'`))[0]!.data;
    assert.match(Buffer.from(draft).toString('latin1'), /\/T \(SoKyHieu\)/);
    assert.match(pdfText(draft), /Số: …\/UBND/);
    const docx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200)]);
    const res = await drafter.postMultipart(`/admin/units/${md}/documents/outgoing/upload`, fields, [{ name: 'file', filename: 'du-thao.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: docx }]);
    if (await findSoffice()) assert.equal(res.statusCode, 400, 'a broken DOCX fails to convert');
    else {
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /LibreOffice/);
    }
    const png = await drafter.postMultipart(`/admin/units/${md}/documents/outgoing/upload`, fields, [{ name: 'file', filename: 'x.pdf', type: 'application/pdf', data: Buffer.from('not a pdf') }]);
    assert.equal(png.statusCode, 400);
  });

  it('refuses bad input with 4xx and writes nothing; CSRF; other communes and roles', async () => {
    const count = async () => Number((await rows(sql<{ n: string }>`select count(*)::text as n from documents where direction = 'outgoing'`))[0]!.n);
    const before = await count();
    const bads: Record<string, string | string[]>[] = [{ type: 'XX' }, { subject: '' }, { units: [] as string[], outside: '' }, { units: ['999999'] }, { signer: String(ids['chuyenmon.muongdang']) }, { body: '' }, { urgency: 'soon' }, { outside: 'Tên | mã có dấu cách' }];
    for (const bad of bads) {
      const res = await drafter.postForm(`/admin/units/${md}/documents/outgoing`, draftForm(bad));
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
    }
    assert.equal((await drafter.postForm(`/admin/units/${md}/documents/outgoing`, draftForm(), { csrf: null })).statusCode, 403);
    assert.equal((await drafter.get(`/admin/units/${md}/documents/outgoing/new?replyTo=abc`)).statusCode, 400);
    assert.equal((await clerk.get(`/admin/units/${md}/documents/outgoing/new`)).statusCode, 403, 'the clerk does not draft');
    assert.equal((await step(drafter, 'fly')()).statusCode, 400);
    assert.equal(await count(), before);
    const phChairman = await t.signIn('chutich.phinho');
    for (const unit of [md, ph]) {
      assert.ok([403, 404].includes((await phChairman.postForm(`/admin/units/${unit}/documents/outgoing/${docId}/step`, { action: 'sign', version: '1' })).statusCode));
      assert.ok([403, 404].includes((await phChairman.get(`/admin/units/${unit}/documents/outgoing/${docId}/edit`)).statusCode));
    }
    assert.equal((await phChairman.get(`/admin/units/${md}/documents/outgoing`)).statusCode, 404);
    assert.equal((await phChairman.get(`/admin/units/${md}/documents/outgoing/register`)).statusCode, 404);
  });
});
