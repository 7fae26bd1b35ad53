import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { currentTotp } from '../../src/modules/identity/index.ts';
import { countAuditEntries } from '../../src/modules/audit/index.ts';

describe('sign-in, sessions and two-step verification', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ lockoutThreshold: 3, lockoutMinutes: 15 });
  });
  after(() => t.close());

  it('signs an official in, shows the home page for the role, and signs out', async () => {
    const client = await t.signIn('chutich.muongdang');
    const home = await client.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Lường Văn Chính/);
    assert.match(home.body, /Chủ tịch UBND/);
    const cookie = home.headers['set-cookie'];
    assert.ok(cookie === undefined || !String(cookie).includes('sc_session'), 'the session cookie is not re-sent on every page');
    const out = await client.postForm('/logout', {});
    assert.equal(out.statusCode, 303);
    assert.equal(client.cookies.has('sc_session'), false);
    const again = await client.get('/admin/officials');
    assert.equal(again.statusCode, 303);
    assert.match(String(again.headers.location), /^\/login\?next=/);
  });

  it('sets HttpOnly, SameSite=Lax session cookies, Secure outside localhost', async () => {
    const anon = t.anonymous();
    const token = await anon.csrfToken();
    const res = await t.app.inject({
      method: 'POST', url: '/login', headers: { host: 'xa.example.vn', cookie: [...anon.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, login: 'motcua.muongdang', password: DEMO_PASSWORD }).toString(),
    });
    const session = ([] as string[]).concat(res.headers['set-cookie'] as string[]).find((c) => c.startsWith('sc_session='));
    assert.ok(session, 'a session cookie was set');
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
    assert.match(session, /Secure/);
    const local = await t.signIn('motcua.muongdang');
    assert.ok(local.cookies.has('sc_session'));
  });

  it('refuses a wrong password with a message and locks the account after repeated failures', async () => {
    const anon = t.anonymous();
    const before = await countAuditEntries(t.database.db);
    for (let i = 0; i < 2; i++) {
      const res = await anon.postForm('/login', { login: 'tocns.muongdang', password: 'wrong-password' });
      assert.equal(res.statusCode, 401);
      assert.match(res.body, /Tên đăng nhập hoặc mật khẩu không đúng/);
    }
    const third = await anon.postForm('/login', { login: 'tocns.muongdang', password: 'wrong-password' });
    assert.equal(third.statusCode, 423);
    assert.match(third.body, /tạm khoá/);
    const right = await anon.postForm('/login', { login: 'tocns.muongdang', password: DEMO_PASSWORD });
    assert.equal(right.statusCode, 423, 'even the right password is refused while locked');
    assert.equal(await countAuditEntries(t.database.db), before + 3, 'each failure is audited');
  });

  it('enrols TOTP with a QR code, then requires the code at the next sign-in; recovery codes work once', async () => {
    const client = await t.signIn('vanthu.muongdang');
    const enrol = await client.get('/account/two-factor');
    assert.equal(enrol.statusCode, 200);
    assert.match(enrol.body, /<svg/);
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol.body)?.[1];
    assert.ok(secret, 'the secret is shown as text too');
    const wrong = await client.postForm('/account/two-factor', { code: '000000' });
    assert.equal(wrong.statusCode, 400);
    const ok = await client.postForm('/account/two-factor', { code: currentTotp(secret) });
    assert.equal(ok.statusCode, 200);
    const codes = [...ok.body.matchAll(/<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
    assert.equal(codes.length, 10);

    const second = t.anonymous();
    const pw = await second.postForm('/login', { login: 'vanthu.muongdang', password: DEMO_PASSWORD, next: '/' });
    assert.equal(pw.statusCode, 303);
    assert.match(String(pw.headers.location), /^\/login\/two-factor/);
    const blocked = await second.get('/');
    assert.doesNotMatch(blocked.body, /Tòng Thị Thư/, 'no access before the second factor');
    const bad = await second.postForm('/login/two-factor', { code: '123456', next: '/' });
    assert.equal(bad.statusCode, 401);
    const good = await second.postForm('/login/two-factor', { code: codes[0]!, next: '/' });
    assert.equal(good.statusCode, 303);
    assert.match((await second.get('/')).body, /Tòng Thị Thư/);

    const third = t.anonymous();
    await third.postForm('/login', { login: 'vanthu.muongdang', password: DEMO_PASSWORD, next: '/' });
    const reused = await third.postForm('/login/two-factor', { code: codes[0]!, next: '/' });
    assert.equal(reused.statusCode, 401, 'a recovery code works once');
  });

  it('lets a citizen sign in with a phone number and change the password; other sessions end', async () => {
    const citizen = await t.signIn('0912000002');
    const other = await t.signIn('0912000002');
    const home = await citizen.get('/');
    assert.match(home.body, /Giàng A Páo/);
    assert.doesNotMatch(home.body, /href="\/admin\/officials"/, 'no official menu for a citizen');
    assert.equal((await citizen.get('/admin/officials')).statusCode, 403);
    assert.equal((await citizen.get('/account/two-factor')).statusCode, 403, 'two-step verification is for officials');
    const page = await citizen.get('/account');
    assert.equal(page.statusCode, 200);
    const changed = await citizen.postForm('/account/password', { current: DEMO_PASSWORD, next: 'mat-khau-moi-cua-toi', confirm: 'mat-khau-moi-cua-toi' });
    assert.equal(changed.statusCode, 303);
    assert.equal((await other.get('/api/v1/me')).statusCode, 401, 'the other session ended');
    assert.equal((await citizen.get('/api/v1/me')).statusCode, 200, 'this one goes on');
    await assert.rejects(t.signIn('0912000002'), /failed/);
    await t.signIn('0912000002', 'mat-khau-moi-cua-toi');
  });
});
