/**
 * Incoming documents (issue #8, part I) over the real application: the clerk of Xã Mường Đăng registers paper and
 * electronic documents (an unsigned PDF, a PDF signed and sealed by the install's own PKI, and the same PDF with one
 * byte changed, which is returned to its sender with the reason and gets no number); the incoming numbers run 1, 2,
 * 3… across paper and electronic; the document is presented, assigned on the phiếu giải quyết, given opinions,
 * forwarded and completed; a task with progress reports; the workqueues' counts; the backlog of overdue documents;
 * the register and its exports; tenant isolation (Phìn Hồ's clerk and chairman get 404); CSRF; 4xx with messages.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makeJpeg, makePdf } from '../support/files.ts';
import { CHAIRMAN, flipByte, signedResult } from '../support/signed-pdf.ts';
import { vi } from '../../src/platform/i18n/vi.ts';
import { escapeHtml } from '../../src/platform/views/html.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const dayAfter = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const shows = (res: LightMyRequestResponse, key: keyof typeof vi) => assert.ok(res.body.includes(escapeHtml(vi[key].replace(/\{\w+\}.*$/, ''))), `${key} is shown (status ${res.statusCode})`);
const fields = (over: Record<string, string> = {}) => ({
  typeCode: 'CV', numberText: '125/UBND-VP', documentDate: today(), senderName: 'UBND tỉnh Điện Biên', subject: 'Về việc triển khai chuyển đổi số năm 2026',
  urgency: 'normal', pageCount: '2', receivedAt: '', channel: 'paper', ...over,
});
const pdfFile = (data: Uint8Array, filename = 'van-ban.pdf') => ({ name: 'files', filename, type: 'application/pdf', data });

describe('incoming documents: registration, numbering, signature check, handling, tasks, queues, backlog, register', () => {
  let t: TestApp;
  let md: Unit;
  let ph: Unit;
  let clerk: Client;
  let chairman: Client;
  let specialist: Client;
  let desk: Client;
  let vice: Client;
  let ids: Record<string, number> = {};
  const who = (username: string): number => {
    const found = ids[username];
    assert.ok(found, username);
    return found;
  };
  let signed: Uint8Array;
  const docs = { paper: 0, unsigned: 0, signed: 0, returned: 0, fourth: 0 };

  const base = () => `/admin/units/${md.id}/documents`;
  const doc = async (id: number) => (await sql<{ status: string; incoming_number: number | null; incoming_year: number | null; version: number; holder_official_id: string | null; completed_at: Date | null; due_at: Date | null; signer_name: string | null }>`select * from documents where id = ${id}`.execute(t.database.db)).rows[0]!;
  const events = async (id: number) => (await sql<{ kind: string; body: string; to_name: string | null }>`select kind, body, to_name from document_events where document_id = ${id} order by id`.execute(t.database.db)).rows;
  const count = async (table: string) => Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);
  const register = async (client: Client, over: Record<string, string>, files: { name: string; filename: string; type: string; data: Uint8Array }[]) => client.postMultipart(`${base()}/incoming`, fields(over), files);
  const idFrom = (res: LightMyRequestResponse) => {
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const m = new RegExp(`^/admin/units/${md.id}/documents/(\\d+)$`).exec(String(res.headers.location));
    assert.ok(m, String(res.headers.location));
    return Number(m[1]);
  };
  const version = async (id: number) => String((await doc(id)).version);

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng');
    ph = t.unit('Xã Phìn Hồ');
    [clerk, chairman, specialist, desk, vice] = await Promise.all([t.signIn('vanthu.muongdang'), t.signIn('chutich.muongdang'), t.signIn('chuyenmon.muongdang'), t.signIn('motcua.muongdang'), t.signIn('phochutich.muongdang')]);
    const rows = (await sql<{ id: string; username: string }>`select id, username from officials`.execute(t.database.db)).rows;
    ids = Object.fromEntries(rows.map((r) => [r.username, Number(r.id)]));
    ({ pdf: signed } = await signedResult(t.database.db, t.config));
  });
  after(() => t?.close());

  it('registers paper (several scanned files) and electronic documents with one continuous incoming sequence; an invalid signature is returned, not numbered', async () => {
    const form = await clerk.get(`${base()}/incoming/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="_csrf"/);
    assert.match(form.body, /<option value="QyĐ">/, 'the 29 types with their exact codes');
    assert.equal((form.body.match(/<option value="[^"]+">/g) ?? []).length + (form.body.match(/<option value="[^"]+" selected>/g) ?? []).length, 29 + 4);

    docs.paper = idFrom(await register(clerk, fields({ subject: 'Giấy mời họp giao ban' }), [pdfFile(makePdf('Trang 1'), 'trang-1.pdf'), { name: 'files', filename: 'trang 2.jpg', type: 'image/jpeg', data: makeJpeg(3000) }]));
    docs.unsigned = idFrom(await register(clerk, { channel: 'electronic', numberText: '88/SNV-VP', subject: 'Về việc báo cáo biên chế' }, [pdfFile(makePdf('Khong ky'))]));
    docs.signed = idFrom(await register(clerk, { channel: 'electronic', numberText: '12/QĐ-UBND', typeCode: 'QĐ', urgency: 'urgent', subject: 'Quyết định về việc giao chỉ tiêu' }, [pdfFile(signed, 'qd-12.pdf')]));
    const tampered = await register(clerk, { channel: 'electronic', numberText: '13/QĐ-UBND', typeCode: 'QĐ', subject: 'Quyết định bị sửa' }, [pdfFile(flipByte(signed), 'qd-13.pdf')]);
    docs.returned = idFrom(tampered);
    const returnedPage = await clerk.get(String(tampered.headers.location));
    assert.equal(returnedPage.statusCode, 200);
    assert.match(returnedPage.body, /data-returned/);
    shows(returnedPage, 'documents.incoming.notice.returned');
    docs.fourth = idFrom(await register(clerk, { subject: 'Công văn thứ tư' }, [{ name: 'files', filename: 'scan.png', type: 'image/png', data: (await import('../support/png.ts')).makePng(40, 40) }]));

    const numbers = await Promise.all([docs.paper, docs.unsigned, docs.signed, docs.fourth].map(async (id) => (await doc(id)).incoming_number));
    assert.deepEqual(numbers, [1, 2, 3, 4], 'one sequence for paper and electronic; the returned one takes no number');
    const returned = await doc(docs.returned);
    assert.equal(returned.status, 'returned');
    assert.equal(returned.incoming_number, null);
    const why = (await events(docs.returned)).find((e) => e.kind === 'returned');
    assert.ok(why && why.body.includes(vi['documents.incoming.note.invalid']), why?.body);
    assert.ok(why!.body.length > vi['documents.incoming.note.invalid'].length + 10, 'the failed checks are explained');

    const files = (await sql<{ kind: string; content_type: string; text_content: string | null; file_name: string }>`select kind, content_type, text_content, file_name from document_files where document_id = ${docs.paper} order by id`.execute(t.database.db)).rows;
    assert.deepEqual(files.map((f) => [f.kind, f.content_type, f.text_content]), [['scan', 'application/pdf', null], ['scan', 'image/jpeg', null]]);
    assert.equal(files[1]!.file_name, 'trang 2.jpg');
    assert.ok((await events(docs.unsigned))[0]!.body.includes(vi['documents.incoming.note.unsigned']));
    const signedPage = await clerk.get(`${base()}/${docs.signed}`);
    assert.ok(signedPage.body.includes(`<dd>${today().split('-').reverse().join('/')}</dd>`), 'the document date on its page');
    const signedNote = (await events(docs.signed))[0]!.body;
    assert.ok(signedNote.includes(CHAIRMAN), signedNote);
    assert.equal((await doc(docs.signed)).signer_name, CHAIRMAN);
    const audit = (await sql<{ action: string }>`select action from audit_log where action like 'documents.incoming_%' order by seq`.execute(t.database.db)).rows.map((r) => r.action);
    assert.deepEqual(audit, ['documents.incoming_registered', 'documents.incoming_registered', 'documents.incoming_registered', 'documents.incoming_returned', 'documents.incoming_registered']);

    // The file downloads as stored, with a safe type.
    const fileId = Number((await sql<{ id: string }>`select id from document_files where document_id = ${docs.signed}`.execute(t.database.db)).rows[0]!.id);
    const download = await specialist.get(`${base()}/${docs.signed}/files/${fileId}`);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(Buffer.compare(download.rawPayload, Buffer.from(signed)), 0);
  });

  it('refuses bad input with a message and writes nothing; CSRF and permissions hold', async () => {
    const before = await count('documents');
    const cases: [Record<string, string>, { name: string; filename: string; type: string; data: Uint8Array }[], number, keyof typeof vi][] = [
      [{ subject: '' }, [pdfFile(makePdf())], 400, 'documents.incoming.error.subject'],
      [{ typeCode: 'XX' }, [pdfFile(makePdf())], 400, 'documents.incoming.error.type'],
      [{ documentDate: '2026-02-30' }, [pdfFile(makePdf())], 400, 'documents.incoming.error.document_date'],
      [{ documentDate: dayAfter(today(), 3) }, [pdfFile(makePdf())], 400, 'documents.incoming.error.document_after_received'],
      [{ receivedAt: `${dayAfter(today(), 2)}T08:00` }, [pdfFile(makePdf())], 400, 'documents.incoming.error.received_future'],
      [{ pageCount: 'nhiều' }, [pdfFile(makePdf())], 400, 'documents.incoming.error.pages'],
      [{}, [], 400, 'documents.incoming.error.files_required'],
      [{ channel: 'electronic' }, [{ name: 'files', filename: 'a.jpg', type: 'image/jpeg', data: makeJpeg() }], 400, 'documents.incoming.error.electronic_one_pdf'],
      [{ channel: 'electronic' }, [pdfFile(makePdf('a')), pdfFile(makePdf('b'))], 400, 'documents.incoming.error.electronic_one_pdf'],
      [{}, [{ name: 'files', filename: 'virus.pdf', type: 'application/pdf', data: Buffer.from('MZ not a pdf at all') }], 400, 'documents.incoming.error.file_unknown_type'],
      [{}, [pdfFile(makePdf().subarray(0, 200))], 400, 'documents.incoming.error.file_truncated'],
    ];
    for (const [over, files, status, key] of cases) {
      const res = await register(clerk, over, files);
      assert.equal(res.statusCode, status, `${JSON.stringify(over)}: ${res.body.slice(0, 200)}`);
      shows(res, key);
    }
    const noCsrf = await clerk.postMultipart(`${base()}/incoming`, fields(), [pdfFile(makePdf())], { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await specialist.postMultipart(`${base()}/incoming`, fields(), [pdfFile(makePdf())])).statusCode, 403, 'a specialist does not register');
    assert.equal((await specialist.get(`${base()}/incoming/new`)).statusCode, 403);
    assert.equal(await count('documents'), before, 'nothing written');
  });

  it('present → assign (phiếu giải quyết) → opinions → forward → complete, each an event and an audit entry, with optimistic concurrency', async () => {
    const id = docs.paper;
    const url = `${base()}/${id}`;
    // The clerk sees the present form; stale versions and bad leaders are refused.
    const page = await clerk.get(url);
    assert.match(page.body, /data-action="present"/);
    assert.equal((await clerk.postForm(`${url}/present`, { version: '99', leader: String(who('chutich.muongdang')) })).statusCode, 409);
    const notLeader = await clerk.postForm(`${url}/present`, { version: await version(id), leader: String(who('chuyenmon.muongdang')) });
    assert.equal(notLeader.statusCode, 400);
    shows(notLeader, 'documents.incoming.error.leader');
    assert.equal((await clerk.postForm(`${url}/present`, { version: await version(id), leader: String(who('chutich.muongdang')) }, { csrf: null })).statusCode, 403);
    assert.equal((await clerk.postForm(`${url}/present`, { version: await version(id), leader: String(who('chutich.muongdang')), note: 'Kính trình Chủ tịch' })).statusCode, 303);
    assert.equal((await doc(id)).status, 'presented');
    assert.equal(Number((await doc(id)).holder_official_id), who('chutich.muongdang'));

    // The chairman's queue "to assign" holds it; the specialist may not assign.
    const queue = await chairman.get(`${base()}/incoming?queue=to_assign`);
    assert.match(queue.body, new RegExp(`data-count="to_assign">1<`));
    assert.match(queue.body, new RegExp(`data-document="${id}"`));
    assert.equal((await specialist.postForm(`${url}/assign`, { version: await version(id), main: String(who('chuyenmon.muongdang')), due: today() })).statusCode, 403);
    const pastDue = await chairman.postForm(`${url}/assign`, { version: await version(id), main: String(who('chuyenmon.muongdang')), due: dayAfter(today(), -1) });
    assert.equal(pastDue.statusCode, 400);
    shows(pastDue, 'documents.incoming.error.due');
    const outsider = await chairman.postForm(`${url}/assign`, { version: await version(id), main: String(who('chutich.phinho')), due: today() });
    assert.equal(outsider.statusCode, 400, 'an official of another commune is no handler here');
    const due = dayAfter(today(), 5);
    assert.equal((await chairman.postForm(`${url}/assign`, {
      version: await version(id), main: String(who('chuyenmon.muongdang')), co: [String(who('motcua.muongdang'))], info: [String(who('phochutich.muongdang'))], due, opinion: 'Giao chuyên môn chủ trì, một cửa phối hợp.',
    })).statusCode, 303);
    const assigned = await doc(id);
    assert.equal(assigned.status, 'assigned');
    assert.equal(Number(assigned.holder_official_id), who('chuyenmon.muongdang'));
    const roles = (await sql<{ official_id: string; role: string }>`select official_id, role from document_assignments where document_id = ${id} order by role`.execute(t.database.db)).rows.map((r) => [Number(r.official_id), r.role]);
    assert.deepEqual(roles, [[who('motcua.muongdang'), 'co'], [who('phochutich.muongdang'), 'info'], [who('chuyenmon.muongdang'), 'main']]);

    // The specialist's queue; the phiếu's part 1; the reply link to the outgoing drafting page.
    const mine = await specialist.get(`${base()}/incoming?queue=to_process`);
    assert.match(mine.body, new RegExp(`data-document="${id}"`));
    const sheet = await specialist.get(url);
    assert.match(sheet.body, /data-sheet/);
    assert.match(sheet.body, /Giao chuyên môn chủ trì/);
    assert.ok(sheet.body.includes(`/admin/units/${md.id}/documents/outgoing/new?replyTo=${id}`));

    // Opinions: the co-handler's does not change the state; the main handler's starts the work; the follower may not complete.
    assert.equal((await desk.postForm(`${url}/opinion`, { note: 'Một cửa đã rà soát hồ sơ liên quan.' })).statusCode, 303);
    assert.equal((await doc(id)).status, 'assigned');
    const empty = await specialist.postForm(`${url}/opinion`, { note: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.equal((await specialist.postForm(`${url}/opinion`, { note: 'Đề xuất trả lời bằng công văn.' })).statusCode, 303);
    assert.equal((await doc(id)).status, 'in_progress');
    assert.equal((await vice.postForm(`${url}/complete`, { version: await version(id) })).statusCode, 403, 'a follower does not complete');
    assert.equal((await desk.postForm(`${url}/forward`, { version: await version(id), to: String(who('vanthu.muongdang')), note: 'x' })).statusCode, 403, 'a co-handler does not forward');

    // Forward: the desk officer becomes the main handler, the specialist a co-handler.
    assert.equal((await specialist.postForm(`${url}/forward`, { version: await version(id), to: String(who('motcua.muongdang')), note: 'Chuyển một cửa xử lý tiếp.' })).statusCode, 303);
    assert.equal(Number((await doc(id)).holder_official_id), who('motcua.muongdang'));
    assert.equal((await specialist.postForm(`${url}/complete`, { version: await version(id) })).statusCode, 403, 'no longer the main handler');
    const stale = await desk.postForm(`${url}/complete`, { version: '1', note: 'Xong' });
    assert.equal(stale.statusCode, 409);
    shows(stale, 'documents.incoming.error.stale');
    assert.equal((await desk.postForm(`${url}/complete`, { version: await version(id), note: 'Đã trả lời bằng công văn số 20/UBND-VP.' })).statusCode, 303);
    const done = await doc(id);
    assert.equal(done.status, 'completed');
    assert.ok(done.completed_at);
    assert.deepEqual((await events(id)).map((e) => e.kind), ['registered', 'presented', 'assigned', 'opinion', 'opinion', 'forwarded', 'completed']);
    const audit = (await sql<{ action: string }>`select action from audit_log where target_id = ${String(id)} and action like 'documents.%' order by seq`.execute(t.database.db)).rows.map((r) => r.action);
    assert.deepEqual(audit, ['documents.incoming_registered', 'documents.incoming_presented', 'documents.incoming_assigned', 'documents.incoming_opinion', 'documents.incoming_opinion', 'documents.incoming_forwarded', 'documents.incoming_completed']);
    const final = await chairman.get(url);
    assert.match(final.body, /data-sheet-part="3"[\s\S]*Đề xuất trả lời bằng công văn/);
    const deskName = (await sql<{ full_name: string }>`select full_name from officials where username = 'motcua.muongdang'`.execute(t.database.db)).rows[0]!.full_name;
    assert.ok(final.body.includes(`data-main>${escapeHtml(deskName)}<`), 'the main handler after forwarding');
    assert.doesNotMatch(final.body, /data-action="complete"/);
    assert.equal((await desk.postForm(`${url}/complete`, { version: await version(id) })).statusCode, 409, 'completed once');
  });

  it('a task from an assignment: progress reports 0–100 % by its assignee only, then done; the task pages count', async () => {
    const id = docs.unsigned;
    const url = `${base()}/${id}`;
    assert.equal((await clerk.postForm(`${url}/present`, { version: await version(id), leader: String(who('phochutich.muongdang')) })).statusCode, 303);
    assert.equal((await vice.postForm(`${url}/assign`, { version: await version(id), main: String(who('chuyenmon.muongdang')), due: dayAfter(today(), 1) })).statusCode, 303);
    const made = await vice.postForm(`${url}/tasks`, { assignee: String(who('chuyenmon.muongdang')), title: 'Tổng hợp số liệu biên chế', due: dayAfter(today(), 3) });
    assert.equal(made.statusCode, 303, made.body.slice(0, 300));
    const taskId = Number((await sql<{ id: string }>`select id from tasks where document_id = ${id}`.execute(t.database.db)).rows[0]!.id);
    const tasks = `/admin/units/${md.id}/tasks`;
    const list = await specialist.get(`${tasks}?tab=mine`);
    assert.match(list.body, /data-count="mine">1</);
    assert.match(list.body, new RegExp(`data-task="${taskId}"`));
    assert.match((await vice.get(`${tasks}?tab=assigned`)).body, /data-count="assigned">1</);
    const taskVersion = async () => String((await sql<{ version: number }>`select version from tasks where id = ${taskId}`.execute(t.database.db)).rows[0]!.version);
    const tooMuch = await specialist.postForm(`${tasks}/${taskId}/reports`, { version: await taskVersion(), progress: '150', body: 'x' });
    assert.equal(tooMuch.statusCode, 400);
    shows(tooMuch, 'documents.incoming.error.progress');
    assert.equal((await vice.postForm(`${tasks}/${taskId}/reports`, { version: await taskVersion(), progress: '10', body: 'x' })).statusCode, 403, 'only the assignee reports');
    assert.equal((await specialist.postForm(`${tasks}/${taskId}/reports`, { version: await taskVersion(), progress: '50', body: 'Đã thu thập số liệu của 3 bản.' })).statusCode, 303);
    assert.equal((await specialist.postForm(`${tasks}/${taskId}/reports`, { version: '1', progress: '60', body: 'cũ' })).statusCode, 409);
    const page = await specialist.get(`${tasks}/${taskId}`);
    assert.match(page.body, /data-progress>50%</);
    assert.equal((await specialist.postForm(`${tasks}/${taskId}/complete`, { version: await taskVersion(), body: 'Đã gửi báo cáo.' })).statusCode, 303);
    const row = (await sql<{ status: string; progress: number; done_at: Date | null }>`select status, progress, done_at from tasks where id = ${taskId}`.execute(t.database.db)).rows[0]!;
    assert.deepEqual([row.status, row.progress, row.done_at !== null], ['done', 100, true]);
    assert.equal(Number((await sql<{ n: string }>`select count(*) as n from task_reports where task_id = ${taskId}`.execute(t.database.db)).rows[0]!.n), 2);
    assert.ok((await events(id)).some((e) => e.kind === 'task_created'));
  });

  it('workqueue counts, overdue documents and the backlog per person and per unit', async () => {
    // docs.signed is registered (to present), docs.fourth too; docs.unsigned is assigned to the specialist, due tomorrow (due soon).
    const clerkPage = await clerk.get(`${base()}/incoming`);
    assert.equal(clerkPage.statusCode, 200);
    const counts = (body: string) => Object.fromEntries([...body.matchAll(/data-count="(\w+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]));
    assert.deepEqual(counts(clerkPage.body), { to_present: 2, to_assign: 0, to_process: 0, due_soon: 1, overdue: 0, completed: 1, returned: 1, all: 5 });
    assert.equal(counts((await specialist.get(`${base()}/incoming`)).body).to_process, 1);
    // The deadline passes.
    await sql`update documents set due_at = now() - interval '1 day' where id = ${docs.unsigned}`.execute(t.database.db);
    const late = await chairman.get(`${base()}/incoming?queue=overdue`);
    assert.equal(counts(late.body).overdue, 1);
    assert.match(late.body, new RegExp(`data-document="${docs.unsigned}"`));
    const backlogRow = new RegExp(`data-backlog-person="${who('chuyenmon.muongdang')}"><td>[^<]+</td><td>1</td><td>1</td>`);
    assert.match(late.body, backlogRow, 'the specialist holds one open document, overdue');
    assert.match(late.body, /data-backlog-unit><th scope="row">[^<]+<\/th><td>3<\/td><td>1<\/td>/, 'the unit: three open, one overdue');
    // /admin/documents opens the official's own unit.
    const go = await chairman.get('/admin/documents');
    assert.equal(go.statusCode, 303);
    assert.equal(go.headers.location, `${base()}/incoming`);
  });

  it('the incoming register with its official columns, as a page and as CSV, XLSX and PDF', async () => {
    const page = await clerk.get(`${base()}/incoming/register`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual([...page.body.matchAll(/data-incoming-number="(\d+)"/g)].map((m) => Number(m[1])), [1, 2, 3, 4]);
    for (const col of ['received', 'number', 'sender', 'number_text', 'document_date', 'subject', 'recipient', 'passed', 'taken', 'note'] as const) shows(page, `documents.incoming.book.col.${col}`);
    const csv = await clerk.get(`${base()}/incoming/register?format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /Ngày đến,Số đến,Tác giả/);
    assert.match(lines[1]!, /,1,UBND tỉnh Điện Biên,125\/UBND-VP,/);
    assert.ok(lines[1]!.includes(`,125/UBND-VP,${today().split('-').reverse().join('/')},`), 'the document date as dd/mm/yyyy');
    assert.match(lines[1]!, /Công văn: Giấy mời họp giao ban/);
    const xlsx = await clerk.get(`${base()}/incoming/register?format=xlsx`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString('latin1'), 'PK');
    const pdf = await clerk.get(`${base()}/incoming/register?format=pdf&from=${today().slice(0, 4)}-01-01&to=${today()}`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal((await clerk.get(`${base()}/incoming/register?from=2026-13-01`)).statusCode, 400);
    assert.equal((await clerk.get(`${base()}/incoming/register?format=doc`)).statusCode, 400);
  });

  it('tenant isolation: Phìn Hồ’s clerk and chairman get 404 on Mường Đăng’s documents, by either unit id', async () => {
    const [phClerk, phChairman] = await Promise.all([t.signIn('vanthu.phinho'), t.signIn('chutich.phinho')]);
    const id = docs.signed;
    const fileId = Number((await sql<{ id: string }>`select id from document_files where document_id = ${id}`.execute(t.database.db)).rows[0]!.id);
    const before = await count('document_events');
    for (const client of [phClerk, phChairman]) {
      for (const unit of [md.id, ph.id]) {
        const u = `/admin/units/${unit}/documents`;
        for (const path of [`${u}/${id}`, `${u}/${id}/files/${fileId}`]) {
          const res = await client.get(path);
          assert.equal(res.statusCode, 404, path);
          assert.ok(!res.body.includes('Quyết định về việc giao chỉ tiêu'));
        }
        const present = await client.postForm(`${u}/${id}/present`, { version: '1', leader: String(who('chutich.phinho')) });
        // The clerk holds documents.register and meets the scope check (404); the chairman lacks it (403 or 404).
        assert.ok(client === phClerk ? present.statusCode === 404 : [403, 404].includes(present.statusCode), `${present.statusCode}`);
        assert.equal((await client.postForm(`${u}/${id}/opinion`, { note: 'Xâm nhập' })).statusCode, 404);
      }
      assert.equal((await client.get(`${base()}/incoming`)).statusCode, 404);
      assert.equal((await client.get(`${base()}/incoming/register?format=csv`)).statusCode, 404);
    }
    assert.equal((await phClerk.postMultipart(`${base()}/incoming`, fields(), [pdfFile(makePdf())])).statusCode, 404);
    assert.equal(await count('document_events'), before);
    // His own commune's queue is there, and empty of Mường Đăng.
    const own = await phClerk.get(`/admin/units/${ph.id}/documents/incoming?queue=all`);
    assert.equal(own.statusCode, 200);
    assert.doesNotMatch(own.body, /data-document=/);
  });
});
