/**
 * The province's working calendar: the built-in schedules, adding and removing a day, importing a year all or
 * nothing, and who may do it. Every refused request is checked to have written nothing (entries, schedules, audit).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { loadCalendar, OFFICIAL_SCHEDULES, seedCalendar } from '../../src/modules/calendar/index.ts';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** The text of a page's main element, tags dropped. */
const mainText = (body: string) => unescape(body.slice(body.indexOf('<main'), body.indexOf('</main>')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const thisYear = () => new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

const schedule2027 = (entries: unknown[]) => JSON.stringify({ year: 2027, source: 'Thông báo 1/TB-BNV (giả định cho kiểm thử)', entries });
const SWAP_2027 = [
  { date: '2027-02-10', kind: 'compensating_day_off', name: 'Nghỉ bù Tết Đinh Mùi', source: 'Thông báo 1/TB-BNV' },
  { date: '2027-04-30', kind: 'holiday', name: 'không hợp lệ: đã là ngày lễ', source: '' },
];

describe('working calendar administration', () => {
  let t: TestApp;
  let admin: Client;
  let chairman: Client;

  /** Everything a refused request must leave alone. */
  const state = async () => {
    const db = t.database.db;
    const entries = (await sql<{ day: string; kind: string; name: string }>`select to_char(day, 'YYYY-MM-DD') as day, kind, name from calendar_entries order by day`.execute(db)).rows;
    const schedules = (await sql<{ year: number; origin: string }>`select year, origin from calendar_schedules order by year`.execute(db)).rows;
    const audit = Number((await sql<{ n: string }>`select count(*) as n from audit_log where action like 'calendar.%'`.execute(db)).rows[0]!.n);
    return { entries, schedules, audit };
  };
  const lastAudit = async () => (await sql<{ action: string; target_id: string; details: Record<string, unknown> }>`select action, target_id, details from audit_log order by seq desc limit 1`.execute(t.database.db)).rows[0]!;

  before(async () => {
    t = await createTestApp();
    admin = await t.signIn('admin');
    chairman = await t.signIn('chutich.muongdang');
  });
  after(() => t?.close());

  it('ships the official schedules of 2024–2026, loaded once and audited once', async () => {
    const s = await state();
    assert.deepEqual(s.schedules.map((r) => [Number(r.year), r.origin]), [[2024, 'built_in'], [2025, 'built_in'], [2026, 'built_in']]);
    assert.equal(s.entries.length, OFFICIAL_SCHEDULES.reduce((n, y) => n + y.entries.length, 0));
    assert.equal(s.audit, 1, 'one calendar.seeded entry');
    assert.equal(await seedCalendar(t.database.db), 0, 'a second start loads nothing');
    assert.deepEqual(await state(), s);
  });

  it('shows a year by month: the holidays of the law (lunar ones marked), the official schedule, the working days', async () => {
    const res = await admin.get('/admin/calendar?year=2026');
    assert.equal(res.statusCode, 200);
    const text = mainText(res.body);
    assert.match(text, /Lịch làm việc năm 2026/);
    assert.match(text, /Lịch nghỉ chính thức của năm 2026 có sẵn trong phần mềm/);
    assert.match(text, /Căn cứ: .*9441\/TB-BNV/);
    assert.match(text, /Năm 2026 có 249 ngày làm việc\. Giờ làm việc: 07:30–11:30, 13:30–17:00\./);
    assert.match(text, /Tháng 2 .*16\/02\/2026 Thứ Hai Tết Nguyên đán \(ngày 29\/12 âm lịch\) Âm lịch Ngày lễ theo luật Nghỉ/);
    assert.match(text, /26\/04\/2026 Chủ nhật Giỗ Tổ Hùng Vương \(ngày 10\/3 âm lịch\) Âm lịch Ngày lễ theo luật Nghỉ \(cuối tuần\)/);
    assert.match(text, /27\/04\/2026 Thứ Hai Nghỉ bù Giỗ Tổ Hùng Vương .* Ngày nghỉ bù Nghỉ BLLĐ 2019 Điều 111\(3\) Xóa/);
    assert.match(text, /22\/08\/2026 Thứ Bảy Làm bù cho ngày nghỉ thứ Hai 31\/08\/2026 Thứ Bảy làm bù Làm việc/);
    assert.match(text, /24\/11\/2026 Thứ Ba Ngày Văn hóa Việt Nam Ngày lễ theo luật Nghỉ Nghị quyết 28\/2026\/QH16/);
    // A remove button for each schedule entry, named for screen readers, and none for the law's days.
    assert.equal((res.body.match(/action="\/admin\/calendar\/entries\/2026-\d\d-\d\d\/delete"/g) ?? []).length, 5);
    assert.match(res.body, /Xóa<span class="visually-hidden"> Xóa ngày 31\/08\/2026 khỏi lịch<\/span>/);
    // Labelled fields, and the navigation item for who may use it.
    for (const id of ['f-year', 'f-date', 'f-name', 'f-source', 'f-schedule']) assert.match(res.body, new RegExp(`<label for="${id}">`), id);
    assert.match(res.body, /<legend>Loại ngày<\/legend>/);
    assert.match(res.body, /href="\/admin\/calendar"/);

    const english = await admin.get('/admin/calendar?year=2026', { cookie: `${[...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ')}; sc_lang=en` });
    assert.match(mainText(english.body), /Working calendar 2026 .*2026 has 249 working days/);
  });

  it('opens on the current year, warns about a year without an official schedule, and refuses a year it does not cover', async () => {
    const now = await admin.get('/admin/calendar');
    assert.equal(now.statusCode, 200);
    assert.match(mainText(now.body), new RegExp(`Lịch làm việc năm ${thisYear()}`));
    const next = await admin.get('/admin/calendar?year=2030');
    assert.equal(next.statusCode, 200);
    assert.match(mainText(next.body), /Chưa có lịch nghỉ chính thức của năm 2030/);
    assert.match(mainText(next.body), /02\/02\/2030 Thứ Bảy Tết Nguyên đán \(ngày 1\/1 âm lịch\) Âm lịch Ngày lễ theo luật Nghỉ \(cuối tuần\)/);
    for (const year of ['2020', '2101', 'abc']) assert.equal((await admin.get(`/admin/calendar?year=${year}`)).statusCode, 400, year);
  });

  it('adds a day: validated, audited, and seen at once by the due-date computation', async () => {
    const db = t.database.db;
    assert.equal((await loadCalendar(db, 2027, 2027)).isWorkingDay('2027-02-10'), true, 'cached before the change');
    const res = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '10/02/2027', kind: 'compensating_day_off', name: ' Nghỉ bù Tết  Đinh Mùi ', source: 'Thông báo 1/TB-BNV' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/calendar?year=2027');
    const page = await admin.get('/admin/calendar?year=2027');
    assert.match(mainText(page.body), /Đã thêm ngày 10\/02\/2027 vào lịch\./);
    assert.match(mainText(page.body), /10\/02\/2027 Thứ Tư Nghỉ bù Tết Đinh Mùi Ngày nghỉ bù Nghỉ Thông báo 1\/TB-BNV/);
    const audit = await lastAudit();
    assert.equal(audit.action, 'calendar.entry_added');
    assert.equal(audit.target_id, '2027-02-10');
    assert.deepEqual(audit.details, { date: '2027-02-10', kind: 'compensating_day_off', name: 'Nghỉ bù Tết Đinh Mùi', source: 'Thông báo 1/TB-BNV' });
    assert.equal((await loadCalendar(db, 2027, 2027)).isWorkingDay('2027-02-10'), false, 'the cache was dropped');
  });

  it('refuses an invalid day with a 400, an error summary linking to the fields, what was typed kept, and nothing written', async () => {
    const before = await state();
    const res = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-02-11', kind: 'working_saturday', name: '', source: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary"/);
    assert.match(res.body, /<a href="#f-date">Ngày làm bù phải là thứ Bảy\.<\/a>/);
    assert.match(res.body, /<a href="#f-name">Nhập tên của ngày\.<\/a>/);
    assert.match(res.body, /id="f-date" name="date" type="text" value="2027-02-11"[^>]*aria-invalid="true"/);
    assert.match(res.body, /id="kind-working_saturday" name="kind" value="working_saturday" checked/);
    const bad = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '31/02/2027', kind: 'holiday', name: 'x', source: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<a href="#f-date">Ngày không hợp lệ/);
    const unknownKind = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-03-01', kind: 'vacation', name: 'x', source: '' });
    assert.equal(unknownKind.statusCode, 400);
    assert.match(unknownKind.body, /<a href="#f-kind">Chọn loại ngày\.<\/a>/);
    const holiday = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-09-02', kind: 'holiday', name: 'Quốc khánh', source: '' });
    assert.match(holiday.body, /Ngày này đã là ngày lễ theo Bộ luật Lao động/);
    const taken = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-02-10', kind: 'day_off', name: 'Lần hai', source: '' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /Ngày này đã có trong lịch; xóa mục cũ trước khi thêm\./);
    const longName = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-03-01', kind: 'day_off', name: 'x'.repeat(3000), source: '' });
    assert.equal(longName.statusCode, 400);
    assert.deepEqual(await state(), before);
  });

  it('removes a day, audited; removing it again is a 404', async () => {
    const res = await admin.postForm('/admin/calendar/entries/2027-02-10/delete', {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/calendar?year=2027');
    const audit = await lastAudit();
    assert.equal(audit.action, 'calendar.entry_removed');
    assert.equal(audit.details.name, 'Nghỉ bù Tết Đinh Mùi');
    assert.equal((await loadCalendar(t.database.db, 2027, 2027)).isWorkingDay('2027-02-10'), true);
    const before = await state();
    assert.equal((await admin.postForm('/admin/calendar/entries/2027-02-10/delete', {})).statusCode, 404);
    assert.equal((await admin.postForm('/admin/calendar/entries/2027-02-30/delete', {})).statusCode, 404);
    assert.equal((await admin.postForm('/admin/calendar/entries/yesterday/delete', {})).statusCode, 404);
    assert.deepEqual(await state(), before);
  });

  it('imports a year all or nothing: one bad entry and nothing is written; a good document replaces the year', async () => {
    // A day the import must replace.
    assert.equal((await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-03-01', kind: 'day_off', name: 'Sẽ bị thay', source: '' })).statusCode, 303);
    const before = await state();
    const failed = await admin.postForm('/admin/calendar/import', { year: '2027', schedule: schedule2027(SWAP_2027) });
    assert.equal(failed.statusCode, 400);
    const text = mainText(failed.body);
    assert.match(failed.body, /<a href="#f-schedule">Lịch chưa được nhập, không có gì thay đổi/);
    assert.match(text, /Mục 2, trường "date": Ngày này đã là ngày lễ theo Bộ luật Lao động\./);
    assert.match(failed.body, /<textarea id="f-schedule" name="schedule"[^>]*aria-invalid="true">\{&quot;year&quot;:2027/);
    assert.deepEqual(await state(), before, 'the good first entry was not imported either');
    for (const schedule of ['', 'not json', JSON.stringify({ year: 2019, entries: [] })]) {
      assert.equal((await admin.postForm('/admin/calendar/import', { year: '2027', schedule })).statusCode, 400, schedule);
    }
    assert.deepEqual(await state(), before);

    const good = [SWAP_2027[0], { date: '2027-02-20', kind: 'working_saturday', name: 'Làm bù', source: 'Thông báo 1/TB-BNV' }];
    const res = await admin.postForm('/admin/calendar/import', { year: '2027', schedule: schedule2027(good) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/calendar?year=2027');
    const after = await state();
    assert.deepEqual(after.entries.filter((e) => e.day.startsWith('2027')).map((e) => [e.day, e.kind]), [['2027-02-10', 'compensating_day_off'], ['2027-02-20', 'working_saturday']]);
    assert.deepEqual(after.schedules.map((r) => [Number(r.year), r.origin]).at(-1), [2027, 'import']);
    const audit = await lastAudit();
    assert.equal(audit.action, 'calendar.imported');
    assert.equal(audit.details.removed, 1);
    const page = mainText((await admin.get('/admin/calendar?year=2027')).body);
    assert.match(page, /Đã nhập lịch nghỉ chính thức năm 2027: 2 mục\./);
    assert.match(page, /Lịch nghỉ chính thức của năm 2027 được nhập lúc/);
    const calendar = await loadCalendar(t.database.db, 2027, 2027);
    assert.deepEqual([calendar.isWorkingDay('2027-02-10'), calendar.isWorkingDay('2027-02-20'), calendar.isWorkingDay('2027-03-01')], [false, true, true]);
  });

  it('exports a year in the import’s format, and a re-imported built-in year is not seeded again', async () => {
    const res = await admin.get('/admin/calendar/export.json?year=2026');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="lich-nghi-2026.json"/);
    const exported = JSON.parse(res.body) as { year: number; source: string; entries: { date: string }[] };
    const seeded = OFFICIAL_SCHEDULES.find((s) => s.year === 2026)!;
    assert.equal(exported.source, seeded.source);
    assert.deepEqual(exported.entries, [...seeded.entries].sort((a, b) => a.date.localeCompare(b.date)));
    const edited = { ...exported, entries: exported.entries.filter((e) => e.date !== '2026-08-31' && e.date !== '2026-08-22') };
    assert.equal((await admin.postForm('/admin/calendar/import', { year: '2026', schedule: JSON.stringify(edited) })).statusCode, 303);
    assert.equal(await seedCalendar(t.database.db), 0);
    const calendar = await loadCalendar(t.database.db, 2026, 2026);
    assert.equal(calendar.isWorkingDay('2026-08-31'), true, 'the administrator’s schedule stands');
  });

  it('refuses a post without the CSRF token, and writes nothing', async () => {
    const before = await state();
    const add = await admin.postForm('/admin/calendar/entries', { year: '2027', date: '2027-03-02', kind: 'day_off', name: 'x', source: '' }, { csrf: null });
    assert.equal(add.statusCode, 403);
    assert.equal((await admin.postForm('/admin/calendar/entries/2027-02-10/delete', {}, { csrf: null })).statusCode, 403);
    assert.equal((await admin.postForm('/admin/calendar/import', { schedule: schedule2027([]) }, { csrf: 'forged' })).statusCode, 403);
    assert.deepEqual(await state(), before);
  });

  it('is the province administrator’s: a commune chairman gets 403 everywhere, no menu item, and writes nothing', async () => {
    const before = await state();
    assert.equal((await chairman.get('/admin/calendar')).statusCode, 403);
    assert.equal((await chairman.get('/admin/calendar/export.json?year=2026')).statusCode, 403);
    assert.equal((await chairman.postForm('/admin/calendar/entries', { year: '2027', date: '2027-03-02', kind: 'day_off', name: 'x', source: '' })).statusCode, 403);
    assert.equal((await chairman.postForm('/admin/calendar/entries/2027-02-10/delete', {})).statusCode, 403);
    assert.equal((await chairman.postForm('/admin/calendar/import', { schedule: schedule2027([]) })).statusCode, 403);
    assert.equal((await chairman.postJson('/admin/calendar/import', { schedule: schedule2027([]) })).statusCode, 403);
    assert.doesNotMatch((await chairman.get('/')).body, /href="\/admin\/calendar"/);
    const anonymous = await t.anonymous().get('/admin/calendar');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/login/);
    assert.deepEqual(await state(), before);
  });
});
