/**
 * Records through the web pages and the JSON API: filing online as a citizen (form → draft → files →
 * submit), assisted filing by the desk and the digital team, tracking, messages, supplements,
 * withdrawal, rating, idempotent API submissions, and the commune boundary.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePng } from '../support/png.ts';
import { makeJpeg, makePdf } from '../support/files.ts';
import { changeStatus, STATUS } from '../../src/modules/records/index.ts';
import { noScanner } from '../../src/platform/files/virus-scan.ts';
import { DEMO_OFFICIALS } from '../../src/seed/demo-data.ts';

const BIRTH = '1.001193';
const COPY = '2.000815';
const CODE = /^H11\.35\.01-\d{6}-\d{4}$/;

const birthForm = (unitId: number, over: Record<string, string> = {}) => ({
  unitId: String(unitId),
  applicantName: 'Lò Thị Mai', applicantId: '011190001234', applicantPhone: '0912000001', applicantAddress: 'Bản Co Muông, xã Mường Đăng',
  relation: 'cha_me', childName: 'Lò Văn An', childSex: 'nam', childBirthDate: '2026-11-20', childBirthPlace: 'Trạm y tế xã Mường Đăng',
  childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Mai', fatherKnown: 'khong',
  ...over,
});

async function count(t: TestApp, table: string, where = sql`true`): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(t.database.db);
  return Number(r.rows[0]!.n);
}

async function recordRow(t: TestApp, code: string) {
  const r = await sql<{ id: number; status: number; channel: number; unit_id: number; assisted_by_name: string | null; applicant_citizen_id: number | null; fee_amount: number; procedure_id: number; version: number }>`select * from records where code = ${code}`.execute(t.database.db);
  return r.rows[0];
}

/** Files a birth registration through the pages and returns its code. */
async function fileBirth(t: TestApp, citizen: Client, unitId: number, options: { attach?: boolean } = {}): Promise<string> {
  const saved = await citizen.postForm(`/thu-tuc/${BIRTH}/nop`, birthForm(unitId));
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
  const draftUrl = saved.headers.location as string;
  assert.match(draftUrl, /^\/ho-so\/nhap\/[A-Za-z0-9_-]{22}$/);
  if (options.attach !== false) {
    const up = await citizen.postMultipart(`${draftUrl}/tep`, { component: '4' }, [{ name: 'file', filename: 'giay-chung-sinh.pdf', type: 'application/pdf', data: makePdf() }]);
    assert.equal(up.statusCode, 303, up.body.slice(0, 400));
  }
  const done = await citizen.postForm(`${draftUrl}/nop`, { declaration: 'on' });
  assert.equal(done.statusCode, 303, done.body.slice(0, 600));
  const code = decodeURIComponent(String(done.headers.location).replace('/ho-so/', ''));
  assert.match(code, CODE);
  return code;
}

describe('records', () => {
  let t: TestApp;
  let md: number;
  let ph: number;
  let citizen: Client;

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    ph = t.unit('Xã Phìn Hồ').id;
    citizen = await t.signIn('0912000001');
  });
  after(async () => t.close());

  it('a citizen fills the form, saves a draft, attaches a file and submits: a record with its code, status 1, online', async () => {
    const form = await citizen.get(`/thu-tuc/${BIRTH}/nop`);
    assert.equal(form.statusCode, 200);
    for (const name of ['applicantId', 'childName', 'childBirthDate', 'fatherName', 'unitId']) assert.match(form.body, new RegExp(`name="${name}"`));
    assert.match(form.body, /Chỉ điền khi/, 'conditional fields say when they apply');

    // Half-filled: kept as a draft; submitting it lists every missing answer.
    const partial = await citizen.postForm(`/thu-tuc/${BIRTH}/nop`, { unitId: String(md), applicantName: 'Lò Thị Mai', next: 'save' });
    assert.equal(partial.statusCode, 303);
    assert.equal(partial.headers.location, '/ho-so');
    const mine = await citizen.get('/ho-so');
    const draftUrl = /href="(\/ho-so\/nhap\/[A-Za-z0-9_-]{22})"/.exec(mine.body)?.[1];
    assert.ok(draftUrl, 'the draft is listed under my records');
    const incomplete = await citizen.postForm(`${draftUrl}/nop`, { declaration: 'on' });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.body, /href="#f-childName"/);
    assert.match(incomplete.body, /Hãy nhập “Họ, chữ đệm, tên \(Người được khai sinh\)”/);
    assert.equal(await count(t, 'records'), 0, 'nothing filed');
    // "Lưu và tiếp tục" on the half-filled draft: saved, and every missing answer listed before the papers.
    const continued = await citizen.postForm(`${draftUrl}/sua`, { unitId: String(md), applicantName: 'Lò Thị Mai', childName: 'Lò Văn An', next: 'attach' });
    assert.equal(continued.statusCode, 400);
    assert.match(continued.body, /Đã lưu bản nháp/);
    assert.match(continued.body, /href="#f-childBirthDate"/);
    assert.match(continued.body, /Hãy chọn “Giới tính”/, 'a choice is chosen, not typed');
    assert.match(continued.body, /action="\/ho-so\/nhap\/[A-Za-z0-9_-]{22}\/sua"/, 'the form keeps editing the same draft');
    assert.equal(await count(t, 'record_drafts'), 1);

    // Completed and submitted without the declaration: refused, still nothing filed.
    const fixed = await citizen.postForm(`${draftUrl}/sua`, birthForm(md));
    assert.equal(fixed.statusCode, 303);
    const noDeclaration = await citizen.postForm(`${draftUrl}/nop`, {});
    assert.equal(noDeclaration.statusCode, 400);
    assert.match(noDeclaration.body, /ô cam đoan/);
    assert.equal(await count(t, 'records'), 0);

    const up = await citizen.postMultipart(`${draftUrl}/tep`, { component: '4' }, [{ name: 'file', filename: '../../etc/Giấy chứng sinh<script>.pdf', type: 'application/pdf', data: makePdf() }]);
    assert.equal(up.statusCode, 303, up.body.slice(0, 300));
    const page = await citizen.get(draftUrl!);
    assert.match(page.body, /Giấy chứng sinhscript\.pdf/, 'the file name is cleaned of paths and markup');
    assert.doesNotMatch(page.body, /<script>\.pdf/);

    const done = await citizen.postForm(`${draftUrl}/nop`, { declaration: 'on' });
    assert.equal(done.statusCode, 303);
    const code = String(done.headers.location).replace('/ho-so/', '');
    assert.match(code, CODE);
    const row = await recordRow(t, code);
    assert.equal(row?.status, STATUS.submitted);
    assert.equal(row?.channel, 2);
    assert.equal(row?.assisted_by_name, null);
    assert.equal(await count(t, 'record_drafts'), 0, 'the draft became the record');
    assert.equal(await count(t, 'record_files', sql`record_id = ${row!.id}`), 1, 'its file moved with it');
    assert.equal(await count(t, 'audit_log', sql`action = 'records.submitted' and target_id = ${code}`), 1);
    assert.equal(await count(t, 'outbox', sql`recipient = '0912000001' and params->>'code' = ${code}`), 1, 'the applicant is told by SMS');

    // A second click on "Nộp hồ sơ" lands on the same record.
    const again = await citizen.postForm(`${draftUrl}/nop`, { declaration: 'on' });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, `/ho-so/${code}`);
    assert.equal(await count(t, 'records'), 1);

    const receipt = await citizen.get(`/ho-so/${code}`);
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, new RegExp(code.replace(/\./g, '\\.')));
    assert.match(receipt.body, /Mới đăng ký/);
    const fileHref = new RegExp(`href="(/ho-so/${code.replace(/\./g, '\\.')}/tep/\\d+)"`).exec(receipt.body)?.[1];
    assert.ok(fileHref);
    const download = await citizen.get(fileHref);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="Giay chung sinhscript\.pdf"; filename\*=UTF-8''/);
    assert.deepEqual(download.rawPayload, makePdf());
  });

  it('codes count per agency and day, from 0001', async () => {
    const before = await count(t, 'records');
    const a = await fileBirth(t, citizen, md, { attach: false });
    const b = await fileBirth(t, citizen, md, { attach: false });
    assert.equal(Number(b.slice(-4)), Number(a.slice(-4)) + 1);
    assert.equal(await count(t, 'records'), before + 2);
    const phinho = await fileBirth(t, citizen, ph, { attach: false }).catch((e) => e);
    assert.ok(phinho instanceof Error, 'the Phìn Hồ code has another prefix');
    const r = await sql<{ code: string }>`select code from records where unit_id = ${ph}`.execute(t.database.db);
    assert.match(r.rows[0]!.code, /^H11\.35\.02-\d{6}-0001$/);
  });

  it('uploads are checked from their bytes: fakes, cut files, active PDFs and oversized files are refused, nothing stored', async () => {
    const saved = await citizen.postForm(`/thu-tuc/${BIRTH}/nop`, birthForm(md));
    const draftUrl = saved.headers.location as string;
    const filesBefore = await count(t, 'record_files');
    const cases: [string, Buffer, RegExp][] = [
      ['fake.pdf', Buffer.from('<html><script>alert(1)</script></html>'), /Chỉ nhận tệp PDF, JPG hoặc PNG/],
      ['cut.pdf', makePdf().subarray(0, 200), /thiếu phần cuối/],
      ['active.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n'), Buffer.from('%%EOF\n')]), /mã chạy tự động/],
      ['big.jpg', makeJpeg(5 * 1024 * 1024 + 10), /lớn hơn 5 MB/],
      ['empty.png', Buffer.alloc(0), /Hãy chọn một tệp/],
    ];
    for (const [filename, data, message] of cases) {
      const res = await citizen.postMultipart(`${draftUrl}/tep`, { component: '1' }, [{ name: 'file', filename, type: 'application/pdf', data }]);
      assert.equal(res.statusCode, 400, filename);
      assert.match(res.body, message, filename);
    }
    const wrongComponent = await citizen.postMultipart(`${draftUrl}/tep`, { component: '99' }, [{ name: 'file', filename: 'a.png', type: 'image/png', data: makePng(60, 60) }]);
    assert.equal(wrongComponent.statusCode, 400);
    assert.equal(await count(t, 'record_files'), filesBefore);
    const png = await citizen.postMultipart(`${draftUrl}/tep`, { component: '' }, [{ name: 'file', filename: 'anh.png', type: 'application/octet-stream', data: makePng(60, 60) }]);
    assert.equal(png.statusCode, 303, 'the type comes from the bytes, not from what the browser says');
    const jpeg = await citizen.postMultipart(`${draftUrl}/tep`, { component: '6' }, [{ name: 'file', filename: 'cccd.jpeg', type: 'image/jpeg', data: makeJpeg() }]);
    assert.equal(jpeg.statusCode, 303);
    assert.equal(await count(t, 'record_files'), filesBefore + 2);
    const noCsrf = await citizen.postMultipart(`${draftUrl}/tep`, { component: '6' }, [{ name: 'file', filename: 'x.jpg', type: 'image/jpeg', data: makeJpeg() }], { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
    await citizen.postForm(`${draftUrl}/xoa`, {});
  });

  it('a virus scanner that says "infected" keeps the file out', async () => {
    const scanning = await createTestApp({ virusScanCommand: "grep -q EICAR && exit 1 || exit 0" });
    try {
      const c = await scanning.signIn('0912000001');
      const saved = await c.postForm(`/thu-tuc/${BIRTH}/nop`, birthForm(scanning.unit('Xã Mường Đăng').id));
      const draftUrl = saved.headers.location as string;
      const infected = await c.postMultipart(`${draftUrl}/tep`, { component: '1' }, [{ name: 'file', filename: 'x.pdf', type: 'application/pdf', data: makePdf('EICAR test') }]);
      assert.equal(infected.statusCode, 400);
      assert.match(infected.body, /phần mềm diệt virus/);
      const clean = await c.postMultipart(`${draftUrl}/tep`, { component: '1' }, [{ name: 'file', filename: 'x.pdf', type: 'application/pdf', data: makePdf('sach') }]);
      assert.equal(clean.statusCode, 303);
      assert.equal(await count(scanning, 'record_files'), 1);
    } finally {
      await scanning.close();
    }
    assert.equal(await noScanner(new Uint8Array([1])), 'not_scanned');
  });

  it('anyone tracks a record by code and ID number; a wrong ID number reveals nothing', async () => {
    const code = await fileBirth(t, citizen, md, { attach: false });
    const anon = t.anonymous();
    await anon.get('/tra-cuu');
    const found = await anon.postForm('/tra-cuu', { code: code.toLowerCase(), idNumber: '011190001234' });
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /Mới đăng ký/);
    assert.match(found.body, /Thủ tục đăng ký khai sinh/);
    assert.doesNotMatch(found.body, /Lò Văn An/, 'tracking shows progress, not the form');
    const wrong = await anon.postForm('/tra-cuu', { code, idNumber: '011190009999' });
    assert.equal(wrong.statusCode, 404);
    const unknown = await anon.postForm('/tra-cuu', { code: 'H11.35.01-200101-9999', idNumber: '011190001234' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(wrong.body.replace(/value="[^"]*"/g, ''), unknown.body.replace(/value="[^"]*"/g, ''), 'the same page either way');
    const bad = await anon.postForm('/tra-cuu', { code: 'abc', idNumber: '12' });
    assert.equal(bad.statusCode, 400);
    const api = await anon.get(`/api/v1/applications/${code}/status?idNumber=011190001234`);
    assert.equal(api.statusCode, 200);
    assert.equal(JSON.parse(api.body).status, 1);
    assert.equal((await anon.get(`/api/v1/applications/${code}/status?idNumber=011190009999`)).statusCode, 404);
    assert.equal((await anon.get(`/api/v1/applications/${code}/status`)).statusCode, 400);
    assert.equal((await citizen.get(`/api/v1/applications/${code}/status`)).statusCode, 200, 'the applicant needs no ID number');
  });

  it('the desk asks for a supplement, the citizen sends it, messages go both ways, other communes see nothing', async () => {
    const code = await fileBirth(t, citizen, md);
    const row = (await recordRow(t, code))!;
    const desk = await t.signIn('motcua.muongdang');
    const list = await desk.get(`/admin/units/${md}/records`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(code.replace(/\./g, '\\.')));
    const url = `/admin/units/${md}/records/${row.id}`;
    const view = await desk.get(url);
    assert.equal(view.statusCode, 200);
    assert.match(view.body, /Lò Văn An/);
    assert.match(view.body, /011190001234/);

    const stranger = await t.signIn('motcua.phinho');
    assert.equal((await stranger.get(url)).statusCode, 404);
    assert.equal((await stranger.get(`/admin/units/${ph}/records/${row.id}`)).statusCode, 404, 'another unit id does not unlock it');
    assert.equal((await stranger.postForm(`/admin/units/${ph}/records/${row.id}/act`, { action: 'request_supplement', version: String(row.version), text: 'x' })).statusCode, 404);
    const supervisor = await t.signIn('giamsat');
    assert.equal((await supervisor.get(url)).statusCode, 200, 'the province reads');
    assert.equal((await supervisor.postForm(`${url}/messages`, { body: 'Chào' })).statusCode, 403, 'but does not act for the commune');

    assert.match(view.body, /name="action" value="request_supplement"/, 'the desk is offered the supplement request');
    const empty = await desk.postForm(`${url}/act`, { action: 'request_supplement', version: String(row.version), text: '   ' });
    assert.equal(empty.statusCode, 400);
    const asked = await desk.postForm(`${url}/act`, { action: 'request_supplement', version: String(row.version), text: 'Bản chụp Giấy chứng sinh rõ nét, đủ hai mặt.' });
    assert.equal(asked.statusCode, 303);
    assert.equal((await recordRow(t, code))!.status, STATUS.supplement_requested);
    assert.equal(await count(t, 'outbox', sql`template = 'records.status_changed' and params->>'code' = ${code} and params->>'status' = 'Can bo sung giay to'`), 1);

    const receipt = await citizen.get(`/ho-so/${code}`);
    assert.match(receipt.body, /Bản chụp Giấy chứng sinh rõ nét/);
    const fake = await citizen.postMultipart(`/ho-so/${code}/bo-sung`, { note: '' }, [{ name: 'file', filename: 'x.pdf', type: 'application/pdf', data: Buffer.from('not a pdf') }]);
    assert.equal(fake.statusCode, 400);
    assert.equal((await recordRow(t, code))!.status, STATUS.supplement_requested, 'a refused file changes nothing');
    const sent = await citizen.postMultipart(`/ho-so/${code}/bo-sung`, { note: 'Đã chụp lại.' }, [{ name: 'file', filename: 'gcs.jpg', type: 'image/jpeg', data: makeJpeg() }]);
    assert.equal(sent.statusCode, 303);
    assert.equal((await recordRow(t, code))!.status, STATUS.submitted, 'back to where it was before the request');
    assert.equal((await citizen.postMultipart(`/ho-so/${code}/bo-sung`, {}, [{ name: 'file', filename: 'gcs.jpg', type: 'image/jpeg', data: makeJpeg() }])).statusCode, 409, 'no supplement without a request');

    assert.equal((await citizen.postForm(`/ho-so/${code}/tin-nhan`, { body: 'Khi nào tôi nhận kết quả?' })).statusCode, 303);
    assert.equal((await desk.postForm(`${url}/messages`, { body: 'Thứ Hai tuần sau.' })).statusCode, 303);
    const thread = await citizen.get(`/ho-so/${code}`);
    assert.match(thread.body, /Khi nào tôi nhận kết quả\?/);
    assert.match(thread.body, /Thứ Hai tuần sau\./);

    const other = await t.signIn('0912000002');
    assert.equal((await other.get(`/ho-so/${code}`)).statusCode, 404, 'another citizen cannot open it');
    assert.equal((await other.postForm(`/ho-so/${code}/tin-nhan`, { body: 'x' })).statusCode, 404);
  });

  it('withdrawal: at once before intake; a rating only after the result, once', async () => {
    const code = await fileBirth(t, citizen, md, { attach: false });
    assert.equal((await citizen.postForm(`/ho-so/${code}/danh-gia`, { rating: '5' })).statusCode, 409);
    assert.equal((await citizen.postForm(`/ho-so/${code}/rut`, { reason: '' })).statusCode, 400);
    assert.equal((await citizen.postForm(`/ho-so/${code}/rut`, { reason: 'Tôi nộp nhầm thủ tục.' })).statusCode, 303);
    assert.equal((await recordRow(t, code))!.status, STATUS.withdrawn);

    const second = await fileBirth(t, citizen, md, { attach: false });
    const row = (await recordRow(t, second))!;
    const official = { kind: 'official' as const, id: 1, name: 'Test' };
    const audit = { kind: 'official' as const, id: 1, name: 'Test', unitId: md, ip: '', userAgent: '' };
    const ctx = { db: t.database.db, scanner: noScanner };
    for (const s of [STATUS.received, STATUS.processing, STATUS.done, STATUS.returned]) await changeStatus(ctx, official, audit, row.id, s);
    assert.equal((await citizen.postForm(`/ho-so/${second}/rut`, { reason: 'Muộn rồi' })).statusCode, 409, 'no withdrawal once the result is out');
    assert.equal((await citizen.postForm(`/ho-so/${second}/danh-gia`, { rating: '9' })).statusCode, 400);
    assert.equal((await citizen.postForm(`/ho-so/${second}/danh-gia`, { rating: '4', comment: 'Nhanh, chu đáo.' })).statusCode, 303);
    assert.equal((await citizen.postForm(`/ho-so/${second}/danh-gia`, { rating: '1' })).statusCode, 400, 'once');
    const r = await sql<{ rating: number }>`select rating from records where id = ${row.id}`.execute(t.database.db);
    assert.equal(r.rows[0]!.rating, 4);
  });

  it('assisted filing: the desk files at the counter (channel 1), the digital team online (channel 2); the applicant stays the applicant', async () => {
    const desk = await t.signIn('motcua.muongdang');
    const form = await desk.get(`/thu-tuc/${COPY}/nop`);
    assert.equal(form.statusCode, 200, 'the desk files even procedures not offered online');
    assert.match(form.body, /nộp hồ sơ thay cho người dân/);
    const saved = await desk.postForm(`/thu-tuc/${COPY}/nop`, {
      unitId: String(ph), applicantName: 'Quàng Văn Páo', applicantId: '011080004321', applicantPhone: '0987654321', applicantAddress: 'Bản Huổi Sa',
      documentName: 'Bằng tốt nghiệp THPT', documentIssuer: 'Sở GD&ĐT Điện Biên', pages: '4', copies: '2',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    // The paper the applicant brought, scanned at the counter.
    const scan = await desk.postMultipart(`${saved.headers.location}/tep`, { component: '1' }, [{ name: 'file', filename: 'bang-tot-nghiep.pdf', type: 'application/pdf', data: makePdf() }]);
    assert.equal(scan.statusCode, 303, scan.body.slice(0, 400));
    const done = await desk.postForm(`${saved.headers.location}/nop`, { declaration: 'on' });
    assert.equal(done.statusCode, 303, done.body.slice(0, 400));
    const code = String(done.headers.location).replace('/ho-so/', '');
    assert.match(code, CODE, 'filed with the official’s own commune, whatever unit was posted');
    const kinds = (await sql<{ kind: string }>`select f.kind from record_files f join records r on r.id = f.record_id where r.code = ${code}`.execute(t.database.db)).rows.map((f) => f.kind);
    assert.deepEqual(kinds, ['scan'], 'what the desk uploads at the counter is kept as a scan');
    const row = (await recordRow(t, code))!;
    assert.equal(row.channel, 1);
    assert.equal(row.assisted_by_name, DEMO_OFFICIALS.find((o) => o.username === 'motcua.muongdang')!.fullName);
    assert.equal(row.applicant_citizen_id, null);
    assert.equal(Number(row.fee_amount), 2 * (2000 * 2 + 1000 * 2), 'chứng thực: 2.000 đ for pages 1–2, 1.000 đ from page 3, per copy');
    const shown = await desk.get(`/ho-so/${code}`);
    assert.equal(shown.statusCode, 200, 'the helper sees what they filed');
    assert.match(shown.body, /Quàng Văn Páo/);
    assert.doesNotMatch(shown.body, /Gửi tin nhắn/, 'but does not write as the applicant');

    const team = await t.signIn('tocns.muongdang');
    const teamForm = await team.postForm(`/thu-tuc/${BIRTH}/nop`, birthForm(md, { applicantName: 'Lò Văn Pình', applicantId: '011085000111', applicantPhone: '0911111111' }));
    const teamDone = await team.postForm(`${teamForm.headers.location}/nop`, { declaration: 'on' });
    const teamCode = String(teamDone.headers.location).replace('/ho-so/', '');
    const teamRow = (await recordRow(t, teamCode))!;
    assert.equal(teamRow.channel, 2);
    assert.equal(teamRow.assisted_by_name, DEMO_OFFICIALS.find((o) => o.username === 'tocns.muongdang')!.fullName);
    const assisted = await team.get('/ho-so');
    assert.match(assisted.body, new RegExp(teamCode.replace(/\./g, '\\.')));

    const clerk = await t.signIn('vanthu.muongdang');
    assert.equal((await clerk.get(`/thu-tuc/${BIRTH}/nop`)).statusCode, 403, 'a clerk does not file for citizens');
    assert.equal((await citizen.get(`/thu-tuc/${COPY}/nop`)).statusCode, 400, 'a procedure not offered online is not filed online by citizens');
  });

  it('a record filed for someone shows up in their account once their ID number is verified, not before', async () => {
    const desk = await t.signIn('motcua.muongdang');
    const saved = await desk.postForm(`/thu-tuc/${BIRTH}/nop`, birthForm(md, { applicantName: 'Lò Thị Hương', applicantId: '011190005555', applicantPhone: '0912000002' }));
    const done = await desk.postForm(`${saved.headers.location}/nop`, { declaration: 'on' });
    const code = String(done.headers.location).replace('/ho-so/', '');
    assert.match(code, CODE);
    const huong = await t.signIn('0912000002');
    assert.doesNotMatch((await huong.get('/ho-so')).body, new RegExp(code.replace(/\./g, '\\.')), 'a phone number proves nothing');
    assert.equal((await huong.get(`/ho-so/${code}`)).statusCode, 404);
    await sql`update citizens set id_number = '011190009999', id_verified_with = 'oidc', id_verified_at = now() where phone = '0912000002'`.execute(t.database.db);
    assert.equal((await huong.get(`/ho-so/${code}`)).statusCode, 404, 'another verified ID number does not match');
    await sql`update citizens set id_number = '011190005555', id_verified_with = 'oidc', id_verified_at = now() where phone = '0912000002'`.execute(t.database.db);
    assert.match((await huong.get('/ho-so')).body, new RegExp(code.replace(/\./g, '\\.')));
    assert.equal((await huong.get(`/ho-so/${code}`)).statusCode, 200);
    assert.equal((await huong.postForm(`/ho-so/${code}/tin-nhan`, { body: 'Cảm ơn cán bộ.' })).statusCode, 303);
    const form = await huong.get(`/thu-tuc/${BIRTH}/nop`);
    assert.match(form.body, /name="applicantId"[^>]*value="011190005555"/, 'the verified ID number fills the form');
    await sql`update citizens set id_number = null, id_verified_with = null, id_verified_at = null where phone = '0912000002'`.execute(t.database.db);
  });

  it('submitApplication: idempotent with Idempotency-Key, clear field errors, nothing half written', async () => {
    const body = {
      procedureCode: BIRTH, unitId: md,
      values: Object.fromEntries(Object.entries(birthForm(md)).filter(([k]) => k !== 'unitId')),
      attachments: [{ component: 4, fileName: 'gcs.pdf', contentBase64: makePdf().toString('base64') }],
    };
    const before = await count(t, 'records');
    const first = await citizen.request({ method: 'POST', url: '/api/v1/applications', payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-csrf-token': await citizen.csrfToken(), 'idempotency-key': 'key-1' } });
    assert.equal(first.statusCode, 201, first.body);
    const created = JSON.parse(first.body);
    assert.match(created.code, CODE);
    assert.equal(created.status, 1);
    const second = await citizen.request({ method: 'POST', url: '/api/v1/applications', payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-csrf-token': await citizen.csrfToken(), 'idempotency-key': 'key-1' } });
    assert.equal(second.statusCode, 200);
    assert.equal(JSON.parse(second.body).code, created.code);
    assert.deepEqual(created.history, JSON.parse(second.body).history, 'the history answered at creation is the one stored');
    assert.equal(created.history.length, 1);
    const changed = { ...body, values: { ...body.values, childName: 'Lò Văn Bình' } };
    const reused = await citizen.request({ method: 'POST', url: '/api/v1/applications', payload: JSON.stringify(changed), headers: { 'content-type': 'application/json', 'x-csrf-token': await citizen.csrfToken(), 'idempotency-key': 'key-1' } });
    assert.equal(reused.statusCode, 422);
    assert.equal(await count(t, 'records'), before + 1);
    assert.equal(await count(t, 'record_files', sql`record_id = (select id from records where code = ${created.code})`), 1);

    // Concurrent retries with one key: one record.
    const parallel = await Promise.all([1, 2, 3].map(async () => citizen.request({ method: 'POST', url: '/api/v1/applications', payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-csrf-token': await citizen.csrfToken(), 'idempotency-key': 'key-2' } })));
    assert.deepEqual(new Set(parallel.map((r) => JSON.parse(r.body).code)).size, 1);
    assert.equal(await count(t, 'records'), before + 2);

    const bad = await citizen.postJson('/api/v1/applications', { ...body, values: { ...body.values, applicantId: '12', childBirthDate: '2099-01-01' }, attachments: [{ component: null, fileName: 'x.pdf', contentBase64: Buffer.from('hello').toString('base64') }] });
    assert.equal(bad.statusCode, 400);
    const error = JSON.parse(bad.body).error;
    assert.equal(error.code, 'records.api.invalid');
    assert.match(error.fields.applicantId.vi, /12 chữ số/);
    assert.match(error.fields.childBirthDate.en, /after today/);
    assert.match(error.fields['attachments.0'].en, /PDF, JPG or PNG/);
    const wrongType = await citizen.postJson('/api/v1/applications', { ...body, unitId: 'one' });
    assert.equal(wrongType.statusCode, 400);
    const province = await citizen.postJson('/api/v1/applications', { ...body, unitId: t.unit('Tỉnh Điện Biên').id });
    assert.equal(province.statusCode, 400, 'only communes and wards receive records');
    assert.equal((await citizen.postJson('/api/v1/applications', body, { csrf: null })).statusCode, 403);
    assert.equal((await t.anonymous().postJson('/api/v1/applications', body)).statusCode, 401);
    assert.equal(await count(t, 'records'), before + 2);

    const mine = JSON.parse((await citizen.get('/api/v1/applications?limit=100')).body);
    assert.ok(mine.items.some((i: { code: string }) => i.code === created.code));
  });
});
