/**
 * The back office end to end through HTTP: a record received at the desk, forwarded, processed, sent
 * back, approved with its electronic result and returned; pauses moving the due date; one extension;
 * refusal; the version check that stops two officials acting at once; the workqueues.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import { pdfsigReport, pdfText } from '../support/pdf-tools.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';



const BIRTH = '1.001193';

interface Row { id: number; code: string; status: number; version: number; withdrawal_requested_at: Date | null; result_public_id: string | null; result_sealed_at: Date | null; due_at: Date | null; received_at: Date | null; holder_name: string | null; awaiting_approval: boolean; extended_at: Date | null; returned_via: string | null; supplement_requests: number }

describe('one-stop back office', () => {
  let t: TestApp;
  let md: number;
  let citizen: Client;
  let desk: Client;
  let specialist: Client;
  let chairman: Client;
  const ids: Record<string, number> = {};

  const row = async (code: string) => (await sql<Row>`select * from records where code = ${code}`.execute(t.database.db)).rows[0]!;
  const url = (r: Row) => `/admin/units/${md}/records/${r.id}`;
  const act = async (client: Client, code: string, action: string, fields: Record<string, string> = {}) => {
    const r = await row(code);
    return client.postForm(`${url(r)}/act`, { action, version: String(r.version), ...fields });
  };
  const file = async (): Promise<string> => {
    const res = await citizen.postJson('/api/v1/applications', {
      procedureCode: BIRTH, unitId: md,
      values: {
        applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông', relation: 'cha_me',
        childName: 'Lò Văn Nam', childSex: 'nam', childBirthDate: '2026-11-01', childBirthPlace: 'Trạm y tế', childEthnicity: 'Thái', childNationality: 'Việt Nam',
        motherName: 'Lò Thị Mai', fatherKnown: 'khong',
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return JSON.parse(res.body).code;
  };

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    citizen = await t.signIn('0912000001');
    desk = await t.signIn('motcua.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
    chairman = await t.signIn('chutich.muongdang');
    for (const o of (await sql<{ id: number; username: string }>`select id, username from officials`.execute(t.database.db)).rows) ids[o.username] = Number(o.id);
  });
  after(async () => t.close());

  it('receive → forward → submit → send back → submit → approve with the result → return: every step by its role, each in the history', async () => {
    const code = await file();
    assert.equal((await act(specialist, code, 'accept')).statusCode, 403, 'only the desk receives');
    const page = await desk.get(url(await row(code)));
    assert.match(page.body, /Tiếp nhận hồ sơ/);
    assert.equal((await act(desk, code, 'accept')).statusCode, 303);
    let r = await row(code);
    assert.equal(r.status, 2);
    assert.ok(r.received_at && r.due_at && r.due_at.getTime() > r.received_at.getTime(), 'the appointment is computed at intake');

    assert.equal((await act(desk, code, 'forward', { toOfficialId: String(ids['vanthu.muongdang']) })).statusCode, 400, 'a clerk does not process records');
    assert.equal((await act(desk, code, 'forward', { toOfficialId: String(ids['chuyenmon.muongdang']) })).statusCode, 303);
    r = await row(code);
    assert.equal(r.status, 4);
    assert.equal(r.holder_name, 'Cà Văn Tư');

    assert.equal((await act(chairman, code, 'approve')).statusCode, 400, 'nothing to approve before it is submitted');
    assert.equal((await act(specialist, code, 'submit_for_approval', { toOfficialId: String(ids['chutich.muongdang']) })).statusCode, 303);
    assert.equal((await row(code)).awaiting_approval, true);
    assert.equal((await act(chairman, code, 'send_back', { text: 'Ghi rõ nơi sinh theo giấy chứng sinh.' })).statusCode, 303);
    r = await row(code);
    assert.equal(r.awaiting_approval, false);
    assert.equal(r.holder_name, 'Cà Văn Tư', 'back to the specialist who submitted it');
    assert.equal((await act(specialist, code, 'submit_for_approval', { toOfficialId: String(ids['chutich.muongdang']) })).statusCode, 303);

    const approve = await chairman.postMultipart(`${url(await row(code))}/act`, { action: 'approve', version: String((await row(code)).version), text: '' }, [{ name: 'result', filename: 'trich-luc-khai-sinh.pdf', type: 'application/pdf', data: makePdf('Trich luc khai sinh') }]);
    assert.equal(approve.statusCode, 303, approve.body.slice(0, 300));
    assert.equal((await row(code)).status, 9);
    // The result now carries the chairman's signature; the clerk seals it before it leaves the office.
    assert.ok((await row(code)).result_public_id, 'the signed result has a verification link');
    const early = await act(desk, code, 'return_result', { via: 'electronic' });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /chưa được văn thư đóng dấu/);
    assert.equal((await act(desk, code, 'seal')).statusCode, 403, 'the desk does not hold the seal');
    const clerk = await t.signIn('vanthu.muongdang');
    assert.equal((await act(clerk, code, 'seal')).statusCode, 303);
    assert.ok((await row(code)).result_sealed_at);
    assert.equal((await act(clerk, code, 'seal')).statusCode, 400, 'sealed once');
    assert.equal((await act(desk, code, 'return_result', { via: 'pigeon' })).statusCode, 400);
    assert.equal((await act(desk, code, 'return_result', { via: 'electronic' })).statusCode, 303);
    r = await row(code);
    assert.equal(r.status, 10);
    assert.equal(r.returned_via, 'electronic');

    // The forms of the steps it went through, printed from the record (poppler reads them back).
    const slip = await desk.get(`${url(r)}/forms/mau-01.pdf`);
    assert.equal(slip.statusCode, 200);
    assert.equal(slip.headers['content-type'], 'application/pdf');
    const receiptText = pdfText(slip.rawPayload);
    const rootDer = (await sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`.execute(t.database.db)).rows[0]!.certificate;
    const receiptSignature = pdfsigReport(slip.rawPayload, rootDer);
    assert.match(receiptSignature, /Signer Certificate Common Name: ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/, 'the unit signs the forms it issues');
    assert.match(receiptSignature, /Signature is Valid\.[\s\S]*Certificate is Trusted\./);
    assert.match(receiptText, new RegExp(code.replace(/\./g, '\\.')));
    assert.match(receiptText, /Lò Thị Mai/);
    assert.match(receiptText, /Thủ tục đăng ký khai sinh/);
    const control = pdfText((await desk.get(`${url(r)}/forms/mau-06.pdf`)).rawPayload);
    assert.match(control, /Cà Văn Tư/, 'the control slip lists the hand-overs');
    assert.equal((await desk.get(`${url(r)}/forms/mau-03.pdf`)).statusCode, 404, 'no refusal slip for a record that was not refused');
    assert.equal((await desk.get(`${url(r)}/forms/mau-99.pdf`)).statusCode, 404);
    const mine = await citizen.get(`/ho-so/${code}/mau/mau-01.pdf`);
    assert.equal(mine.statusCode, 200, 'the applicant keeps the receipt');
    assert.equal((await citizen.get(`/ho-so/${code}/mau/mau-06.pdf`)).statusCode, 404, 'the control slip is internal');
    assert.equal((await (await t.signIn('0912000002')).get(`/ho-so/${code}/mau/mau-01.pdf`)).statusCode, 404);
    assert.equal((await (await t.signIn('motcua.phinho')).get(`${url(r)}/forms/mau-01.pdf`)).statusCode, 404, 'another commune prints nothing');
    const register = await desk.get(`/admin/units/${md}/register`);
    assert.equal(register.statusCode, 200);
    assert.match(pdfText(register.rawPayload), new RegExp(code.replace(/\./g, '\\.')), 'the register lists the month’s records');
    assert.equal((await desk.get(`/admin/units/${md}/register?from=2026-12-31&to=2026-01-01`)).statusCode, 400);

    const receipt = await citizen.get(`/ho-so/${code}`);
    assert.match(receipt.body, /Đã trả kết quả/);
    assert.match(receipt.body, /Mẫu 01 – Giấy tiếp nhận/);
    assert.doesNotMatch(receipt.body, /Ghi rõ nơi sinh theo giấy chứng sinh/, 'the leader\'s note to the specialist stays in the office');
    assert.doesNotMatch(receipt.body, /Chuyển hồ sơ cho/, 'hand-overs between officials are not shown to the applicant');
    assert.match(receipt.body, /trich-luc-khai-sinh\.pdf/, 'the electronic result reaches the citizen');
    // The result the citizen downloads: the chairman's signature, then the seal, both valid and trusted for poppler's
    // pdfsig with the install's own root in its trust store.
    const resultLink = /href="(\/ho-so\/[^"]+\/tep\/\d+)"><strong>trich-luc-khai-sinh\.pdf/.exec(receipt.body)?.[1];
    assert.ok(resultLink, 'the result is listed first, marked');
    const signedResult = (await citizen.get(resultLink)).rawPayload;
    const report = pdfsigReport(signedResult, (await sql<{ certificate: Buffer }>`select certificate from pki_authorities where kind = 'root'`.execute(t.database.db)).rows[0]!.certificate);
    assert.equal((report.match(/Signature is Valid\./g) ?? []).length, 2, report);
    assert.equal((report.match(/Certificate is Trusted\./g) ?? []).length, 2, report);
    assert.match(report, /Signer Certificate Common Name: Lường Văn Chính/);
    assert.match(report, /Signer Certificate Common Name: ỦY BAN NHÂN DÂN XÃ MƯỜNG ĐĂNG/);
    assert.match(report, /Signature Type: ETSI\.CAdES\.detached/);
    assert.match(pdfText(signedResult), /Ký bởi: Lường Văn Chính/);
    assert.match(receipt.body, /Đánh giá mức độ hài lòng/);
    const events = (await sql<{ kind: string; to_status: number | null; step_result: string | null }>`select kind, to_status, step_result from record_events where record_id = ${r.id} order by id`.execute(t.database.db)).rows;
    assert.deepEqual(events.filter((e) => e.kind === 'status').map((e) => e.to_status), [1, 2, 4, 9, 10]);
    assert.equal(events.filter((e) => e.kind === 'handover').length, 3, 'forward, submit, submit again');
    assert.ok(events.filter((e) => e.kind === 'handover').every((e) => e.step_result === null || ['early', 'on_time', 'late'].includes(e.step_result)));
    const audited = (await sql<{ action: string }>`select action from audit_log where target_id = ${code} order by seq`.execute(t.database.db)).rows.map((a) => a.action);
    assert.deepEqual(audited, ['records.submitted', 'records.accept', 'records.forward', 'records.submit_for_approval', 'records.send_back', 'records.submit_for_approval', 'records.approve', 'records.seal', 'records.return_result']);
    const sms = (await sql<{ n: number }>`select count(*)::int as n from outbox where template = 'records.status_changed' and params->>'code' = ${code}`.execute(t.database.db)).rows[0]!.n;
    assert.equal(sms, 4, 'the citizen is told of each status change (2, 4, 9, 10)');
  });

  it('two officials acting on the same record at once: one succeeds, the other is told to reload', async () => {
    const code = await file();
    const r = await row(code);
    const other = await t.signIn('motcua.muongdang');
    const [a, b] = await Promise.all([
      desk.postForm(`${url(r)}/act`, { action: 'accept', version: String(r.version) }),
      other.postForm(`${url(r)}/act`, { action: 'refuse', version: String(r.version), text: 'Không thuộc thẩm quyền.' }),
    ]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
    const loser = a.statusCode === 409 ? a : b;
    assert.match(loser.body, /vừa được người khác cập nhật/);
    assert.ok([2, 3].includes((await row(code)).status));
    const stale = await desk.postForm(`${url(r)}/act`, { action: 'accept', version: String(r.version) });
    assert.equal(stale.statusCode, 409);
  });

  it('a supplement during processing stops the clock; the due date moves by the waiting time; one extension before the due date', async () => {
    const code = await file();
    await act(desk, code, 'accept');
    await act(desk, code, 'forward', { toOfficialId: String(ids['chuyenmon.muongdang']) });
    const before = (await row(code)).due_at!;
    assert.equal((await act(specialist, code, 'request_supplement', { text: 'Bản sao giấy tờ cư trú.' })).statusCode, 303);
    assert.equal((await row(code)).status, 5);
    // A week passes while the record waits for the citizen (office hours on working days count, nights and weekends do not).
    await sql`update records set paused_at = paused_at - interval '7 days' where code = ${code}`.execute(t.database.db);
    const sent = await citizen.postMultipart(`/ho-so/${code}/bo-sung`, { note: 'Đã gửi.' }, [{ name: 'file', filename: 'cu-tru.pdf', type: 'application/pdf', data: makePdf('Cu tru') }]);
    assert.equal(sent.statusCode, 303);
    const after = await row(code);
    assert.equal(after.status, 4, 'back to processing');
    assert.ok(after.due_at!.getTime() > before.getTime(), 'the appointment moved by the time spent waiting');
    assert.equal(after.supplement_requests, 1);

    const date = new Date(after.due_at!.getTime() + 5 * 86400_000 + 7 * 3600_000).toISOString().slice(0, 10).split('-').reverse().join('/');
    assert.equal((await act(specialist, code, 'extend', { text: 'Chờ xác minh.', newDate: '01/01/2020' })).statusCode, 400, 'the new date is after the current one');
    assert.equal((await act(specialist, code, 'extend', { text: 'Chờ xác minh nơi cư trú.', newDate: date })).statusCode, 303);
    assert.ok((await row(code)).extended_at);
    assert.equal((await act(specialist, code, 'extend', { text: 'Lần nữa.', newDate: date })).statusCode, 400, 'once');
  });

  it('refusal at intake closes the record with the reason; the workqueues count what waits', async () => {
    const code = await file();
    assert.equal((await act(desk, code, 'refuse', { text: '' })).statusCode, 400, 'a refusal gives its reason');
    assert.equal((await act(desk, code, 'refuse', { text: 'Không thuộc thẩm quyền của UBND xã.' })).statusCode, 303);
    const r = await row(code);
    assert.equal(r.status, 3);
    assert.match((await desk.get(url(r))).body, /Bạn không có thao tác nào/);
    const queue = await desk.get(`/admin/units/${md}/records?queue=new`);
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Mới đăng ký/);
    assert.doesNotMatch(queue.body, new RegExp(code.replace(/\./g, '\\.')), 'a refused record is not new');
    const closed = await desk.get(`/admin/units/${md}/records?queue=closed`);
    assert.match(closed.body, new RegExp(code.replace(/\./g, '\\.')));
    const fresh = await file();
    const home = await desk.get('/');
    const newCount = (await sql<{ n: number }>`select count(*)::int as n from records where unit_id = ${md} and status = 1`.execute(t.database.db)).rows[0]!.n;
    assert.ok(newCount >= 1, fresh);
    assert.match(home.body, new RegExp(`queue=new"><span class="count">${newCount}</span> Mới đăng ký`), 'the desk\'s home page counts the new records');
  });
  it('intake lists the components, flags those the applicant\'s earlier digital results provide, and marks the result file', async () => {
    // An earlier record of the same applicant, returned with an electronic result: make it a marriage registration.
    const earlier = await file();
    await sql`update records set status = 10, returned_at = now(), procedure_id = (select id from procedures where code = '1.000894' and status = 'published' order by version desc limit 1) where code = ${earlier}`.execute(t.database.db);
    const earlierRow = await row(earlier);
    await sql`insert into record_files (unit_id, record_id, kind, component_position, file_name, content_type, size_bytes, sha256, data, uploaded_by_kind, uploaded_by_id)
      values (${md}, ${earlierRow.id}, 'result', null, 'giay-chung-nhan-ket-hon.pdf', 'application/pdf', 4, ${'0'.repeat(64)}, ${Buffer.from('%PDF')}, 'official', ${ids['chutich.muongdang']})`.execute(t.database.db);
    // Mobile birth registration (not offered online, so filed here and moved to it) asks for the parents' marriage certificate (component 4).
    const asMobileBirth = async (code: string) => {
      await sql`update records set procedure_code = '1.003583', procedure_id = (select id from procedures where code = '1.003583' and status = 'published' order by version desc limit 1) where code = ${code}`.execute(t.database.db);
      return row(code);
    };
    const current = await asMobileBirth(await file());
    const page = await desk.get(url(current));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Kiểm tra thành phần hồ sơ/);
    const rows = [...page.body.matchAll(/<tr[^>]*><td>(\d+)<\/td>([\s\S]*?)<\/tr>/g)].map((m) => ({ n: Number(m[1]), cells: m[2]! }));
    const marriage = rows.find((r) => r.n === 4)!;
    assert.match(marriage.cells, /Giấy chứng nhận kết hôn nếu cha, mẹ/);
    assert.match(marriage.cells, /Tái sử dụng kết quả đã số hoá/);
    assert.match(marriage.cells, new RegExp(`Hồ sơ ${earlier.replace(/\./g, '\\.')}`));
    assert.ok(rows.filter((r) => r.n !== 4).every((r) => !/Tái sử dụng/.test(r.cells)), 'only the paper the earlier result is');
    assert.match(page.body, /1 thành phần đã có trong kết quả số hoá/);
    // Another applicant's results are not offered.
    const other = await asMobileBirth(await file());
    await sql`update records set applicant_id_number = '011190009999' where id = ${other.id}`.execute(t.database.db);
    assert.doesNotMatch((await desk.get(url(other))).body, /Tái sử dụng kết quả đã số hoá/);
    // The earlier record's page marks its result.
    assert.match((await desk.get(url(earlierRow))).body, /<li class="result"><a [^>]*><strong>giay-chung-nhan-ket-hon\.pdf<\/strong><\/a> \([^)]*kết quả giải quyết\)/);
  });
  it('a request to stop: the desk declines it with the reason, the applicant reads it, and processing goes on', async () => {
    const code = await file();
    assert.equal((await act(desk, code, 'accept')).statusCode, 303);
    assert.equal((await act(desk, code, 'decline_withdrawal', { text: 'Không có đề nghị.' })).statusCode, 400, 'nothing to answer yet');
    assert.equal((await citizen.postForm(`/ho-so/${code}/rut`, { reason: 'Gia đình tôi chuyển đi nơi khác.' })).statusCode, 303);
    assert.ok((await row(code)).withdrawal_requested_at, 'kept as a request once received');
    assert.equal((await act(desk, code, 'decline_withdrawal', { text: '' })).statusCode, 400, 'the answer gives its reason');
    assert.equal((await act(desk, code, 'decline_withdrawal', { text: 'Hồ sơ đã được ký, mời anh chị đến nhận kết quả.' })).statusCode, 303);
    const r = await row(code);
    assert.equal(r.status, 2, 'processing goes on');
    assert.equal(r.withdrawal_requested_at, null);
    assert.match((await citizen.get(`/ho-so/${code}`)).body, /Hồ sơ đã được ký, mời anh chị đến nhận kết quả\./);
    assert.equal((await act(desk, code, 'stop', { text: 'Dừng.' })).statusCode, 400, 'no request left to grant');
    const sms = (await sql<{ n: number }>`select count(*)::int as n from outbox where template = 'records.message' and params->>'code' = ${code}`.execute(t.database.db)).rows[0]!.n;
    assert.equal(sms, 1, 'the applicant is told there is an answer');
  });
});
