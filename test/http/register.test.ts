import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { devSinkSender, drainOutbox, listOutbox } from '../../src/modules/notifications/index.ts';

const PASSWORD = 'mat-khau-cua-toi-2026';
let phoneSeq = 0;
/** A phone number no one has used in this file. */
const newPhone = () => `0978${String(100000 + phoneSeq++).slice(-6)}`;

async function count(t: TestApp, table: 'registrations' | 'outbox' | 'audit_log' | 'citizens'): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db);
  return Number(r.rows[0]!.n);
}

/** The latest message to a recipient, after delivering what is due. */
async function lastMessageTo(t: TestApp, recipient: string) {
  await drainOutbox(t.database.db, devSinkSender);
  const entry = (await listOutbox(t.database.db, 500)).find((e) => e.recipient === recipient);
  assert.ok(entry, `a message to ${recipient}`);
  return entry;
}

async function codeFor(t: TestApp, recipient: string): Promise<string> {
  const text = (await lastMessageTo(t, recipient)).text ?? '';
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  assert.ok(code, `a code in “${text}”`);
  return code;
}

const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function start(t: TestApp, contact: string, client: Client = t.anonymous(), fullName = 'Lò Thị Đăng Ký') {
  const res = await client.postForm('/register', { fullName, contact, password: PASSWORD, confirm: PASSWORD });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  assert.equal(res.headers.location, '/register/verify');
  assert.ok(client.cookies.has('sc_registration'), 'the browser keeps its registration token');
  return client;
}

async function registration(t: TestApp, contact: string) {
  const r = await sql<{ id: number; status: string; attempts: number; code_hash: string }>`select id, status, attempts, code_hash from registrations where phone = ${contact} or email = ${contact} order by id desc limit 1`.execute(t.database.db);
  return r.rows[0];
}

describe('citizen self-registration with a one-time code', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('registers with a phone number: the code goes through the outbox to the development sink, the right code creates the account and signs in', async () => {
    const login = await t.anonymous().get('/login');
    assert.match(login.body, /<a href="\/register">Đăng ký tài khoản<\/a>/);
    const form = await t.anonymous().get('/register');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="contact"/);

    const citizensBefore = await count(t, 'citizens');
    const client = await start(t, '0987 654 321', t.anonymous(), 'Quàng Văn Mới');
    const queued = (await listOutbox(t.database.db)).find((e) => e.recipient === '0987654321');
    assert.equal(queued?.status, 'pending', 'enqueued, not yet delivered');
    assert.equal(queued?.text, null);

    const verify = await client.get('/register/verify');
    assert.equal(verify.statusCode, 200);
    assert.match(verify.body, /0987654321/);

    const result = await drainOutbox(t.database.db, devSinkSender);
    assert.ok(result.sent >= 1);
    const admin = await t.signIn('admin');
    const sink = await admin.get('/dev/outbox');
    assert.equal(sink.statusCode, 200);
    const row = new RegExp(`<tr data-outbox-id="\\d+">[^\\n]*?0987654321</td><td>([^<]*)</td><td>Đã gửi`).exec(sink.body);
    assert.ok(row, 'the development sink lists the message as sent');
    const code = /\b(\d{6})\b/.exec(row[1]!)?.[1];
    assert.ok(code, `a 6-digit code in the text: ${row[1]}`);
    assert.match(row[1]!, /hieu luc 10 phut/, 'rendered from the Vietnamese catalogue');
    const stored = await registration(t, '0987654321');
    assert.ok(stored && !stored.code_hash.includes(code), 'the code is not stored in clear');

    const done = await client.postForm('/register/verify', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    assert.equal(done.headers.location, '/');
    assert.ok(client.cookies.has('sc_session'), 'signed in');
    assert.equal(client.cookies.has('sc_registration'), false, 'the registration cookie is gone');
    const home = await client.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Quàng Văn Mới/);
    assert.match(home.body, /Đã tạo tài khoản/);
    const me = await client.get('/account');
    assert.equal(me.statusCode, 200);

    assert.equal(await count(t, 'citizens'), citizensBefore + 1);
    assert.equal((await registration(t, '0987654321'))?.status, 'completed');
    const actions = (await sql<{ action: string; actor_kind: string }>`select action, actor_kind from audit_log order by seq desc limit 5`.execute(t.database.db)).rows;
    assert.deepEqual(actions[0], { action: 'identity.citizen_registered', actor_kind: 'citizen' });
    assert.ok(actions.some((a) => a.action === 'identity.registration_started'));

    // The code cannot be used twice, and the new account signs in with its number and password.
    const again = await client.postForm('/register/verify', { code });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/register');
    const fresh = t.anonymous();
    const signIn = await fresh.postForm('/login', { login: '0987654321', password: PASSWORD, next: '/' });
    assert.equal(signIn.statusCode, 303);
    assert.ok(fresh.cookies.has('sc_session'));
  });

  it('registers with an email address too', async () => {
    const client = await start(t, 'Mai.Lo@Example.VN');
    const code = await codeFor(t, 'mai.lo@example.vn');
    assert.equal((await lastMessageTo(t, 'mai.lo@example.vn')).channel, 'email');
    const done = await client.postForm('/register/verify', { code });
    assert.equal(done.statusCode, 303);
    const row = await sql<{ email: string }>`select email from citizens where email = 'mai.lo@example.vn'`.execute(t.database.db);
    assert.equal(row.rows.length, 1);
  });

  it('voids the registration after five wrong codes: even the right code is refused afterwards', async () => {
    const phone = newPhone();
    const client = await start(t, phone);
    const code = await codeFor(t, phone);
    const citizens = await count(t, 'citizens');
    for (let i = 1; i <= 4; i++) {
      const res = await client.postForm('/register/verify', { code: otherCode(code) });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Mã xác nhận không đúng\./);
      assert.match(res.body, new RegExp(`Còn ${5 - i} lần thử\\.`));
      assert.match(res.body, /href="#f-code"/);
    }
    const fifth = await client.postForm('/register/verify', { code: otherCode(code) });
    assert.equal(fifth.statusCode, 410);
    assert.match(fifth.body, /nhập sai mã quá nhiều lần/);
    const right = await client.postForm('/register/verify', { code });
    assert.equal(right.statusCode, 410, 'the right code no longer works');
    const resend = await client.postForm('/register/resend', {});
    assert.equal(resend.statusCode, 410, 'nor can a new code be sent');
    assert.equal(await count(t, 'citizens'), citizens);
    const reg = await registration(t, phone);
    assert.equal(reg?.status, 'void');
    assert.equal(reg?.attempts, 5);
    const voided = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'identity.registration_voided' and target_id = ${String(reg!.id)}`.execute(t.database.db);
    assert.equal(Number(voided.rows[0]!.n), 1);
  });

  it('refuses an expired code; a new code (after the cooldown) works and the old one does not', async () => {
    const phone = newPhone();
    const client = await start(t, phone);
    const first = await codeFor(t, phone);
    await sql`update registrations set expires_at = now() - interval '1 second', last_sent_at = now() - interval '11 minutes' where phone = ${phone}`.execute(t.database.db);
    const expired = await client.postForm('/register/verify', { code: first });
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /Mã xác nhận đã hết hạn/);
    const page = await client.get('/register/verify');
    assert.match(page.body, /action="\/register\/resend"/, 'an expired registration offers a new code');
    assert.doesNotMatch(page.body, /action="\/register\/verify"/);

    const resent = await client.postForm('/register/resend', {});
    assert.equal(resent.statusCode, 303);
    const second = await codeFor(t, phone);
    assert.notEqual(second, first);
    const old = await client.postForm('/register/verify', { code: first });
    assert.equal(old.statusCode, 400, 'the first code stopped working');
    const ok = await client.postForm('/register/verify', { code: second });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/');
  });

  it('enforces the 60-second cooldown on resending, per registration and per phone number', async () => {
    const phone = newPhone();
    const client = await start(t, phone);
    await codeFor(t, phone);
    const outbox = await count(t, 'outbox');
    const tooSoon = await client.postForm('/register/resend', {});
    assert.equal(tooSoon.statusCode, 429);
    assert.match(tooSoon.body, /Vui lòng chờ \d+ giây/);
    // Another browser starting over with the same number within the minute is refused too (message bombing).
    const other = t.anonymous();
    const again = await other.postForm('/register', { fullName: 'Người Khác', contact: phone, password: PASSWORD, confirm: PASSWORD });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /vừa được gửi đến số điện thoại hoặc email này/);
    assert.equal(await count(t, 'outbox'), outbox, 'nothing more was sent');

    await sql`update registrations set last_sent_at = now() - interval '61 seconds' where phone = ${phone}`.execute(t.database.db);
    const later = await client.postForm('/register/resend', {});
    assert.equal(later.statusCode, 303);
    assert.equal(await count(t, 'outbox'), outbox + 1);
  });

  it('does not reveal on screen that a number has an account: the owner gets a message saying so, and no code works', async () => {
    const citizens = await count(t, 'citizens');
    const fresh = await start(t, newPhone());
    const freshPage = (await fresh.get('/register/verify')).body;
    const taken = await start(t, '0912000001'); // a demo citizen's number
    const takenPage = (await taken.get('/register/verify')).body;
    const strip = (body: string) => body.replace(/0\d{9}/g, 'PHONE').replace(/value="[^"]+"/g, 'value=""');
    assert.equal(strip(takenPage), strip(freshPage), 'the two verify pages are the same but for the number');
    const message = await lastMessageTo(t, '0912000001');
    assert.match(message.text ?? '', /ban da co tai khoan/);
    assert.doesNotMatch(message.text ?? '', /\d{6}/, 'no code is sent');
    for (const code of ['000000', '123456']) {
      const res = await taken.postForm('/register/verify', { code });
      assert.equal(res.statusCode, 400);
    }
    assert.equal(await count(t, 'citizens'), citizens, 'no account was created');
    const owner = t.anonymous();
    assert.equal((await owner.postForm('/login', { login: '0912000001', password: 'demo-commune-2026', next: '/' })).statusCode, 303, 'the existing account is untouched');
  });

  it('answers bad input with 400 and messages linked to the fields, and writes nothing', async () => {
    const before = { registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') };
    const cases: [Record<string, string>, RegExp, string][] = [
      [{ fullName: '', contact: newPhone(), password: PASSWORD, confirm: PASSWORD }, /Cần nhập họ và tên/, 'fullName'],
      [{ fullName: 'A', contact: '12345', password: PASSWORD, confirm: PASSWORD }, /Nhập số điện thoại 10 chữ số/, 'contact'],
      [{ fullName: 'A', contact: '1912345678', password: PASSWORD, confirm: PASSWORD }, /Nhập số điện thoại 10 chữ số/, 'contact'],
      [{ fullName: 'A', contact: 'a@b', password: PASSWORD, confirm: PASSWORD }, /Nhập số điện thoại 10 chữ số/, 'contact'],
      [{ fullName: 'A', contact: newPhone(), password: 'short', confirm: 'short' }, /ít nhất 10 ký tự/, 'password'],
      [{ fullName: 'A', contact: newPhone(), password: PASSWORD, confirm: `${PASSWORD}x` }, /Hai mật khẩu không khớp nhau/, 'confirm'],
      [{ fullName: 'A'.repeat(121), contact: newPhone(), password: PASSWORD, confirm: PASSWORD }, /Cần nhập họ và tên/, 'fullName'],
    ];
    for (const [form, message, field] of cases) {
      const client = t.anonymous();
      const res = await client.postForm('/register', form);
      assert.equal(res.statusCode, 400, JSON.stringify(form));
      assert.match(res.body, message);
      assert.match(res.body, new RegExp(`href="#f-${field}"`));
      assert.equal(client.cookies.has('sc_registration'), false);
      if (form.fullName && form.fullName.length < 100) assert.match(res.body, new RegExp(`value="${form.fullName}"`), 'the name is kept');
    }
    const huge = await t.anonymous().postForm('/register', { fullName: 'x'.repeat(5000), contact: newPhone(), password: PASSWORD, confirm: PASSWORD });
    assert.equal(huge.statusCode, 400);
    const noCsrf = await t.anonymous().postForm('/register', { fullName: 'A', contact: newPhone(), password: PASSWORD, confirm: PASSWORD }, { csrf: null });
    assert.equal(noCsrf.statusCode, 403);

    // A code that cannot be one is refused without counting as an attempt.
    const phone = newPhone();
    const client = await start(t, phone);
    const mid = { registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') };
    for (const code of ['', 'abcdef', '12345', '1234567']) {
      const res = await client.postForm('/register/verify', { code });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Mã xác nhận gồm 6 chữ số/);
    }
    assert.equal((await registration(t, phone))?.attempts, 0);
    assert.deepEqual({ registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox'), audit: await count(t, 'audit_log') }, mid);
    assert.deepEqual({ registrations: mid.registrations - 1, outbox: mid.outbox - 1, audit: mid.audit - 1 }, before, 'only the one valid registration wrote anything');
  });

  it('commits the registration and its message together: a failure later in the transaction leaves neither', async () => {
    const db = t.database.db;
    await sql`create function fail_registration_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'identity.registration_started' then raise exception 'forced failure'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger fail_registration_audit before insert on audit_log for each row execute function fail_registration_audit()`.execute(db);
    const phone = newPhone();
    try {
      const before = { registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox') };
      const res = await t.anonymous().postForm('/register', { fullName: 'Lò Văn Lỗi', contact: phone, password: PASSWORD, confirm: PASSWORD });
      assert.equal(res.statusCode, 500);
      assert.deepEqual({ registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox') }, before, 'neither the registration nor its message was kept');
    } finally {
      await sql`drop trigger fail_registration_audit on audit_log`.execute(db);
      await sql`drop function fail_registration_audit()`.execute(db);
    }
    const before = { registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox') };
    await start(t, phone);
    assert.deepEqual({ registrations: await count(t, 'registrations'), outbox: await count(t, 'outbox') }, { registrations: before.registrations + 1, outbox: before.outbox + 1 });
  });

  it('shows the development sink only to the system administrator', async () => {
    const anonymous = await t.anonymous().get('/dev/outbox');
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/login/);
    const chairman = await t.signIn('chutich.muongdang');
    assert.equal((await chairman.get('/dev/outbox')).statusCode, 403);
    const citizen = await t.signIn('0912000002');
    assert.equal((await citizen.get('/dev/outbox')).statusCode, 403);
    const admin = await t.signIn('admin');
    assert.equal((await admin.get('/dev/outbox')).statusCode, 200);
  });

  it('sends a signed-in person home from /register', async () => {
    const citizen = await t.signIn('0912000002');
    const res = await citizen.get('/register');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
  });
});

describe('registration limits and the development sink switch', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ devOutbox: false });
  });
  after(() => t.close());

  it('has no /dev/outbox when DEV_OUTBOX is off, even for the system administrator', async () => {
    const admin = await t.signIn('admin');
    assert.equal((await admin.get('/dev/outbox')).statusCode, 404);
  });

  it('throttles registration posts per IP like sign-in (20 a minute)', async () => {
    const client = t.anonymous();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await client.postForm('/register', { fullName: '', contact: '', password: '', confirm: '' })).statusCode);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(400));
    assert.equal(statuses[20], 429);
  });
});
