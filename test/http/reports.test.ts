/**
 * Reporting through HTTP (issue #7): a commune's dashboard with numbers computed from hand-made records, the
 * drill-down behind a number, exports read back (CSV, XLSX with exceljs, PDF with pdftotext), the province's
 * ranking ("1224") and the public transparency page (no personal data), the scoring settings (all or nothing,
 * audited, optimistic concurrency), and who may see what.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { pdfText } from '../support/pdf-tools.ts';

const PAPER = '1.001193';
const PERIOD = '2026-10';
const at = (s: string) => new Date(`${s}+07:00`);

describe('reports: dashboards, drill-down, ranking, exports, settings', () => {
  let t: TestApp;
  let md: number;
  let ph: number;
  let province: number;
  let chairman: Client;
  let supervisor: Client;
  const codes: Record<string, string> = {};

  const db = () => t.database.db;
  let n = 0;
  async function record(unit: number, name: string, o: { status: number; channel: number; received: string; due: string; finished?: string; result?: boolean; procedure?: string }) {
    n += 1;
    const code = `T${String(n).padStart(3, '0')}-${name}`;
    codes[name] = code;
    await sql`insert into records (unit_id, code, procedure_id, procedure_code, procedure_name, status, channel, applicant_name, applicant_id_number, received_at, due_at, finished_at, result_public_id)
      select ${unit}, ${code}, p.id, p.code, p.name, ${o.status}, ${o.channel}, ${'Người Nộp ' + name}, '011190001234', ${at(o.received)}, ${at(o.due)}, ${o.finished ? at(o.finished) : null}, ${o.result ? `res-${name}` : null}
      from procedures p where p.code = ${o.procedure ?? PAPER} and p.status = 'published' order by p.version desc limit 1`.execute(db());
  }

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    province = t.unit('Tỉnh Điện Biên').id;
    // Mường Đăng, October 2026: two on time (one finished, one open and not yet due at the end of the month),
    // two late (finished after the appointment; open and past it): 2.1 = 50 %. One of four counts as online: 3.3 = 25 %.
    await record(md, 'A', { status: 10, channel: 2, received: '2026-10-05T09:00:00', due: '2026-10-08T17:00:00', finished: '2026-10-07T10:00:00', result: true });
    await record(md, 'B', { status: 9, channel: 1, received: '2026-10-10T09:00:00', due: '2026-10-12T17:00:00', finished: '2026-10-15T10:00:00', result: true });
    await record(md, 'C', { status: 4, channel: 2, received: '2026-10-20T09:00:00', due: '2026-11-20T17:00:00' });
    await record(md, 'D', { status: 4, channel: 1, received: '2026-10-02T09:00:00', due: '2026-10-05T17:00:00' });
    // Phìn Hồ: one record, online, on time, with its electronic result.
    await record(ph, 'E', { status: 10, channel: 2, received: '2026-10-06T09:00:00', due: '2026-10-09T17:00:00', finished: '2026-10-07T09:00:00', result: true });
    chairman = await t.signIn('chutich.muongdang');
    supervisor = await t.signIn('giamsat');
  });
  after(() => t?.close());

  const rateOf = (body: string, id: string) => {
    const m = new RegExp(`data-indicator="${id.replace('.', '\\.')}"[\\s\\S]*?data-rate="([^"]*)"`).exec(body);
    assert.ok(m, `indicator ${id} on the page`);
    return m[1] === '' ? null : Number(m[1]);
  };

  it('sends a leader to their unit’s dashboard, a supervisor to the ranking', async () => {
    const a = await chairman.get('/admin/reports');
    assert.equal(a.statusCode, 303);
    assert.equal(a.headers.location, `/admin/units/${md}/reports`);
    const b = await supervisor.get('/admin/reports');
    assert.equal(b.headers.location, `/admin/units/${province}/reports/ranking`);
  });

  it('shows the commune’s indicators computed from its records, N/A where nothing counts', async () => {
    const res = await chairman.get(`/admin/units/${md}/reports?period=${PERIOD}`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(rateOf(res.body, '2.1'), 50);
    assert.equal(rateOf(res.body, '3.3'), 25);
    // No record had a fee: 3.6 is N/A, not 0 % nor 100 %.
    assert.equal(rateOf(res.body, '3.6'), null);
    assert.match(res.body, /data-indicator="3\.6"[\s\S]*?Không áp dụng/);
    // The trend chart and its text alternative work without JavaScript.
    assert.match(res.body, /<svg[^>]+role="img"/);
    assert.match(res.body, /<details[\s\S]*?<table/);
    // 2.2: two records finished in October, of one procedure.
    assert.match(res.body, /Thời gian giải quyết trung bình/);
  });

  it('lists exactly the records behind a number, and exports them', async () => {
    const page = await chairman.get(`/admin/units/${md}/reports?period=${PERIOD}`);
    const href = /href="([^"]+set=late)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const res = await chairman.get(href);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(codes.B!) && res.body.includes(codes.D!));
    assert.ok(!res.body.includes(codes.A!) && !res.body.includes(codes.C!));
    assert.match(res.body, /: 2 hồ sơ/);
    const csv = await chairman.get(`${href}&format=csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.startsWith(codes.B!)) && lines.some((l) => l.startsWith(codes.D!)));
  });

  it('exports the dashboard as XLSX that opens and holds the same figures, and as PDF', async () => {
    const res = await chairman.get(`/admin/units/${md}/reports?period=${PERIOD}&format=xlsx`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="chi-so-H11\.35\.01-2026-10\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    let found = false;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === '2.1') {
        found = true;
        assert.equal(row.getCell(4).value, 50);
      }
    });
    assert.ok(found, 'row 2.1 in the sheet');
    const pdf = await chairman.get(`/admin/units/${md}/reports?period=${PERIOD}&format=pdf`);
    assert.equal(pdf.statusCode, 200);
    const text = pdfText(pdf.rawPayload);
    assert.match(text, /Bảng điều hành — Xã Mường Đăng/);
    assert.match(text, /Hồ sơ xử lý trước hạn, đúng hạn/);
  });

  it('ranks the communes "1224"-style and publishes the same figures without personal data', async () => {
    const res = await supervisor.get(`/admin/units/${province}/reports/ranking?period=${PERIOD}`);
    assert.equal(res.statusCode, 200);
    const ranks = [...res.body.matchAll(/data-unit="(\d+)"><td class="num" data-rank="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.equal(ranks.length, 3);
    assert.deepEqual(ranks[0], [ph, 1]);
    assert.deepEqual(ranks[1], [md, 2]);
    const pub = await t.anonymous().get(`/chi-so?period=${PERIOD}`);
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /Xã Mường Đăng/);
    assert.ok(!pub.body.includes('Người Nộp'), 'no applicant names');
    assert.ok(!pub.body.includes('/admin/'), 'no links behind the numbers');
    const xlsx = await t.anonymous().get(`/chi-so?period=${PERIOD}&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const names: string[] = [];
    book.worksheets[0]!.eachRow((row) => names.push(String(row.getCell(2).value)));
    assert.ok(names.includes('Xã Phìn Hồ') && names.includes('Phường Điện Biên Phủ'));
  });

  it('keeps each commune to its own figures', async () => {
    const other = await t.signIn('chutich.phinho');
    assert.equal((await other.get(`/admin/units/${md}/reports?period=${PERIOD}`)).statusCode, 404);
    assert.equal((await other.get(`/admin/units/${md}/reports/records?period=${PERIOD}&set=late`)).statusCode, 404);
    assert.equal((await other.get(`/admin/units/${province}/reports/ranking`)).statusCode, 404);
    const specialist = await t.signIn('chuyenmon.muongdang');
    assert.equal((await specialist.get(`/admin/units/${md}/reports`)).statusCode, 403);
    // Without the permission the answer is a refusal whatever the unit.
    assert.equal((await chairman.get(`/admin/units/${province}/reports/settings`)).statusCode, 403);
  });

  it('shows the commune’s document processing beside the index: received, on time, backlog, signed', async () => {
    const doc = (n: number, o: { received: string; due: string; completed?: string }) => sql`insert into documents
      (public_id, unit_id, direction, type_code, subject, incoming_number, incoming_year, received_at, sender_name, channel, status, due_at, completed_at)
      values (${`reportsdocument${String(n).padStart(7, '0')}`}, ${md}, 'incoming', 'CV', ${`Văn bản ${n}`}, ${n}, 2026, ${at(o.received)}, 'UBND tỉnh', 'paper',
        ${o.completed ? 'completed' : 'assigned'}, ${at(o.due)}, ${o.completed ? at(o.completed) : null})`.execute(db());
    await doc(1, { received: '2026-10-02T09:00:00', due: '2026-10-09T17:00:00', completed: '2026-10-08T10:00:00' });
    await doc(2, { received: '2026-10-05T09:00:00', due: '2026-10-12T17:00:00', completed: '2026-10-20T10:00:00' });
    await doc(3, { received: '2026-10-06T09:00:00', due: '2026-10-13T17:00:00' });
    const res = await chairman.get(`/admin/units/${md}/reports?period=${PERIOD}`);
    assert.match(res.body, /data-docs="received">3</);
    assert.match(res.body, /data-docs="on-time">50 %/);
    assert.match(res.body, /data-docs="backlog"><a href="[^"]+">1</);
    // Nothing issued: the share signed is N/A, not 0 % nor 100 %.
    assert.match(res.body, /data-docs="signed">Không áp dụng/);
  });

  it('answers bad input with a 400 a person can act on', async () => {
    const bad = await chairman.get(`/admin/units/${md}/reports?period=2026-13`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Kỳ báo cáo không hợp lệ/);
    assert.equal((await chairman.get(`/admin/units/${md}/reports?from=2026-10-10&to=2026-10-01`)).statusCode, 400);
    assert.equal((await chairman.get(`/admin/units/${md}/reports/records?period=${PERIOD}&set=everything`)).statusCode, 400);
    assert.equal((await chairman.get(`/admin/units/${md}/reports?format=doc`)).statusCode, 400);
    const range = await chairman.get(`/admin/units/${md}/reports?from=2026-10-01&to=2026-10-09`);
    assert.equal(range.statusCode, 200);
    // Only A and D were received by the 9th; A on time, D late.
    assert.equal(rateOf(range.body, '2.1'), 50);
  });

  it('saves the scoring settings all or nothing, audited, refusing a stale save', async () => {
    const url = `/admin/units/${province}/reports/settings`;
    // The ranking links to it for the supervisor, who may change it.
    assert.ok((await supervisor.get(`/admin/units/${province}/reports/ranking`)).body.includes(`href="${url}"`));
    const form = await supervisor.get(url);
    assert.equal(form.statusCode, 200);
    const fields: Record<string, string> = {};
    for (const m of form.body.matchAll(/<input[^>]*?name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
    delete fields._csrf;
    assert.equal(fields.version, '0');
    assert.equal(fields['points.5.4'], '6');
    const wrong = await supervisor.postForm(url, { ...fields, 'points.1.1': '10' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /phải bằng 18/);
    const count = async () => Number((await sql<{ n: string }>`select count(*)::text as n from report_settings`.execute(db())).rows[0]!.n);
    assert.equal(await count(), 0);
    const ok = await supervisor.postForm(url, { ...fields, 'points.1.3': '9', 'points.1.1': '3', 'points.1.2': '3', 'points.1.4': '3', 'labels.good': '85' });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
    assert.equal(await count(), 1);
    const audit = await sql<{ action: string }>`select action from audit_log where action = 'reports.settings_saved'`.execute(db());
    assert.equal(audit.rows.length, 1);
    const stale = await supervisor.postForm(url, { ...fields });
    assert.equal(stale.statusCode, 409);
    const noCsrf = await supervisor.postForm(url, { ...fields, version: '1' }, { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
    // The new points apply: 1.3 is now worth 9 of the 18 points of its group.
    const page = await chairman.get(`/admin/units/${md}/reports?period=${PERIOD}`);
    assert.match(page.body, /data-indicator="1\.3"[\s\S]*?\/ 9<\/td>/);
  });
});
