/**
 * OpenID Connect sign-in for citizens (VNeID), against a real provider (oidc-provider) running in this
 * process on 127.0.0.1. The application is driven through `inject`; the browser's trip through the provider
 * is real HTTP (fetch, with the provider's cookies); its redirect back is handed to the application's
 * callback with the application's own cookies, as a browser would.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { startOidcProvider } from '../support/oidc-provider.ts';
import type { TestOidcProvider } from '../support/oidc-provider.ts';
import { loadConfig } from '../../src/platform/config.ts';
import type { OidcConfig } from '../../src/platform/config.ts';
import { findCitizen } from '../../src/modules/identity/index.ts';
import { fullNameFrom, idNumberFrom, storableIdentity } from '../../src/modules/identity/domain/oidc-claims.ts';
import { verifyAuditLog } from '../../src/modules/audit/index.ts';

const CLIENT = { clientId: 'smart-commune-test', clientSecret: 'test-client-secret-not-for-production', redirectUri: 'http://localhost/login/oidc/callback' };
const BASE_ENV = { DATA_DIR: '/tmp/sc-test-unused', APP_SECRET: 'test-secret-not-for-production' };

/** The application's OIDC settings as loadConfig reads them: VNeID's claim names are not public, so the ID number comes in a configured claim. */
function oidcSettings(issuer: string): OidcConfig {
  const config = loadConfig({
    ...BASE_ENV, OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT.clientId, OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_REDIRECT_URI: CLIENT.redirectUri, OIDC_SCOPES: 'openid profile citizen', OIDC_ID_NUMBER_CLAIM: 'citizen_id',
  });
  assert.ok(config.oidc);
  return config.oidc;
}

const SUB_NEW = 'vneid-0001';
const SUB_LINK = 'vneid-0002';
const SUB_NO_ID = 'vneid-0003';
const ID_NEW = '001090000001';
const ID_LINK = '001090000002';

async function count(t: TestApp, table: 'citizens' | 'sessions' | 'citizen_identities'): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.database.db)).rows[0]!.n);
}

function setCookieOf(res: LightMyRequestResponse, name: string): string | undefined {
  return ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`));
}

interface Flow {
  op: TestOidcProvider;
  t: TestApp;
}

/** A provider with the three test accounts, and an application configured for it. */
async function startFlow(): Promise<Flow> {
  const op = await startOidcProvider({ ...CLIENT, extraScopes: { citizen: ['citizen_id'] } });
  op.accounts.set(SUB_NEW, { name: 'Nguyễn Thị Định Danh', citizen_id: ID_NEW });
  op.accounts.set(SUB_LINK, { name: 'Tên Trên VNeID', citizen_id: ID_LINK });
  op.accounts.set(SUB_NO_ID, { name: 'Không Có Số' });
  const t = await createTestApp({ oidc: oidcSettings(op.issuer) });
  return { op, t };
}

/** The steps of a sign-in, for one provider and application. */
function steps({ op, t }: Flow) {
  /** GET /login/oidc: a 302 to the provider's authorization endpoint, and the sealed cookie. */
  async function begin(client: Client, next?: string): Promise<URL> {
    const res = await client.get(next === undefined ? '/login/oidc' : `/login/oidc?next=${encodeURIComponent(next)}`);
    assert.equal(res.statusCode, 302, res.body.slice(0, 500));
    const url = new URL(String(res.headers.location));
    assert.equal(url.origin, op.issuer);
    assert.ok(client.cookies.has('sc_oidc'), 'the browser keeps the sealed checks');
    return url;
  }

  /** The provider's redirect back, handed to the application's callback with this browser's cookies. */
  const callback = (client: Client, url: URL) => client.get(`/login/oidc/callback${url.search}`);

  async function signInAs(sub: string, client: Client = t.anonymous(), next?: string) {
    op.signInAs = sub;
    const back = await op.authorize(await begin(client, next));
    assert.ok(back.searchParams.get('code'), `the provider sent a code: ${back.href}`);
    const res = await callback(client, back);
    return { client, res };
  }

  async function me(client: Client) {
    const res = await client.get('/api/v1/me');
    assert.equal(res.statusCode, 200, res.body);
    return JSON.parse(res.body) as { kind: string; id: number; name: string };
  }

  /** A refusal: the given status, the message, a way back to sign-in, and no session anywhere. */
  async function assertRefused(client: Client, res: LightMyRequestResponse, status: number, message: RegExp, sessionsBefore: number) {
    assert.equal(res.statusCode, status, res.body.slice(0, 800));
    assert.match(res.body, /data-testid="oidc-error">/);
    assert.match(res.body, message);
    assert.match(res.body, /<a href="\/login">Quay lại trang đăng nhập<\/a>/);
    assert.equal(client.cookies.has('sc_session'), false, 'no session cookie');
    assert.equal(client.cookies.has('sc_oidc'), false, 'the checks are spent');
    assert.equal(await count(t, 'sessions'), sessionsBefore, 'no session row');
    assert.equal((await client.get('/api/v1/me')).statusCode, 401);
  }

  return { begin, callback, signInAs, me, assertRefused };
}

describe('OpenID Connect (VNeID) sign-in for citizens: accounts and sessions', () => {
  let flow: Flow;
  let t: TestApp;
  let op: TestOidcProvider;
  let s: ReturnType<typeof steps>;
  before(async () => {
    flow = await startFlow();
    ({ t, op } = flow);
    s = steps(flow);
  });
  after(async () => {
    await t?.close();
    await op?.close();
  });

  it('answers 503 with a clear page while the provider cannot be reached, and tries discovery again on the next request', async () => {
    op.down = true;
    try {
      const res = await t.anonymous().get('/login/oidc');
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /Tạm thời không kết nối được VNeID/);
      assert.match(res.body, /href="\/login\/oidc">Thử lại</);
      assert.equal(res.headers['retry-after'], '30');
      assert.equal(setCookieOf(res, 'sc_oidc'), undefined);
    } finally {
      op.down = false;
    }
    const client = t.anonymous();
    await s.begin(client);
  });

  it('shows the VNeID link on the sign-in page, in both languages, as a plain link', async () => {
    const page = await t.anonymous().get('/login?next=%2Fthu-tuc');
    assert.match(page.body, /<a class="button secondary" href="\/login\/oidc\?next=%2Fthu-tuc">Đăng nhập bằng VNeID<\/a>/);
    const en = await t.anonymous().get('/login', { cookie: 'sc_lang=en' });
    assert.match(en.body, /<a class="button secondary" href="\/login\/oidc">Sign in with VNeID<\/a>/);
  });

  it('sends the browser to the provider with PKCE, state and nonce, keeping them in a sealed, HttpOnly cookie for /login/oidc only', async () => {
    const res = await t.anonymous().get('/login/oidc');
    assert.equal(res.statusCode, 302);
    const url = new URL(String(res.headers.location));
    assert.equal(url.pathname, '/auth');
    assert.equal(url.searchParams.get('client_id'), CLIENT.clientId);
    assert.equal(url.searchParams.get('redirect_uri'), CLIENT.redirectUri);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('scope'), 'openid profile citizen');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    for (const p of ['state', 'nonce', 'code_challenge']) assert.match(url.searchParams.get(p) ?? '', /^[A-Za-z0-9_-]{43}$/, p);
    const cookie = setCookieOf(res, 'sc_oidc');
    assert.ok(cookie);
    assert.match(cookie, /Path=\/login\/oidc/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Max-Age=600/);
    const value = decodeURIComponent(cookie.split(';')[0]!.slice('sc_oidc='.length));
    for (const p of ['state', 'nonce']) assert.ok(!value.includes(url.searchParams.get(p)!), `the ${p} is not readable in the cookie`);
  });

  it('first sign-in creates a citizen account (name and verified ID number from the provider, no password), signs in and audits it', async () => {
    const citizens = await count(t, 'citizens');
    const { client, res } = await s.signInAs(SUB_NEW);
    assert.equal(res.statusCode, 303, res.body.slice(0, 800));
    assert.equal(res.headers.location, '/');
    assert.ok(client.cookies.has('sc_session'), 'a session cookie');
    assert.equal(client.cookies.has('sc_oidc'), false, 'the checks are spent');
    const session = setCookieOf(res, 'sc_session')!;
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
    assert.match((await client.get('/')).body, /Đã tạo tài khoản của bạn từ thông tin VNeID xác nhận/);
    const who = await s.me(client);
    assert.equal(who.kind, 'citizen');
    assert.equal(who.name, 'Nguyễn Thị Định Danh');
    assert.equal(await count(t, 'citizens'), citizens + 1);

    const citizen = await findCitizen(t.database.db, who.id);
    assert.deepEqual(citizen, { id: who.id, fullName: 'Nguyễn Thị Định Danh', phone: null, email: null, idNumber: ID_NEW, verifiedWith: 'oidc', disabled: false });
    const row = (await sql<{ password_hash: string | null }>`select password_hash from citizens where id = ${who.id}`.execute(t.database.db)).rows[0]!;
    assert.equal(row.password_hash, null);
    const link = (await sql<{ issuer: string; subject: string }>`select issuer, subject from citizen_identities where citizen_id = ${who.id}`.execute(t.database.db)).rows;
    assert.deepEqual(link, [{ issuer: op.issuer, subject: SUB_NEW }]);

    const audit = (await sql<{ action: string; actor_kind: string; details: Record<string, unknown> }>`select action, actor_kind, details from audit_log where target_type = 'citizen' and target_id = ${String(who.id)} order by seq`.execute(t.database.db)).rows;
    assert.deepEqual(audit.map((a) => a.action), ['identity.citizen_registered', 'identity.citizen_oidc_linked', 'identity.signed_in']);
    assert.ok(audit.every((a) => a.actor_kind === 'citizen'));
    assert.deepEqual(audit[1]!.details, { issuer: op.issuer, matchedBy: 'new_account' });
    assert.deepEqual(audit[2]!.details, { method: 'oidc', issuer: op.issuer });
    assert.ok(!JSON.stringify(audit).includes(ID_NEW), 'the audit log does not carry the ID number');
    assert.equal((await verifyAuditLog(t.database.db)).ok, true);

    // Such an account has no password to change, and says so.
    const pw = await client.postForm('/account/password', { current: 'anything-at-all', next: 'mat-khau-moi-2026-x', confirm: 'mat-khau-moi-2026-x' });
    assert.equal(pw.statusCode, 400);
    assert.match(pw.body, /không có mật khẩu để đổi/);
  });

  it('a second sign-in reuses the account and keeps a local next path', async () => {
    const first = await s.signInAs(SUB_NEW);
    assert.equal(first.res.statusCode, 303);
    const id = (await s.me(first.client)).id;
    const citizens = await count(t, 'citizens');
    const links = await count(t, 'citizen_identities');
    const again = await s.signInAs(SUB_NEW, t.anonymous(), '/thu-tuc');
    assert.equal(again.res.statusCode, 303);
    assert.equal(again.res.headers.location, '/thu-tuc', 'the local next path is kept through the provider');
    assert.equal((await s.me(again.client)).id, id, 'the same citizen');
    assert.equal(await count(t, 'citizens'), citizens, 'no new account');
    assert.equal(await count(t, 'citizen_identities'), links, 'no new link');
    assert.equal((await s.me(first.client)).id, id, 'the other browser stays signed in');

    const evil = await s.signInAs(SUB_NEW, t.anonymous(), '//evil.example/');
    assert.equal(evil.res.headers.location, '/', 'a next that is not a local path becomes /');
  });

  it('replaces the session the browser had when the answer comes back (a new token; the old one ends)', async () => {
    const browser = t.anonymous();
    op.signInAs = SUB_NEW;
    const url = await s.begin(browser);
    // Meanwhile, in another tab of the same browser, someone signs in with a password.
    const pw = await browser.postForm('/login', { login: '0912000002', password: DEMO_PASSWORD, next: '/' });
    assert.equal(pw.statusCode, 303);
    const oldToken = browser.cookies.get('sc_session')!;
    assert.equal((await s.me(browser)).name, 'Giàng A Páo');
    const res = await s.callback(browser, await op.authorize(url));
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.notEqual(browser.cookies.get('sc_session'), oldToken, 'a new session token');
    assert.equal((await s.me(browser)).name, 'Nguyễn Thị Định Danh');
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `sc_session=${oldToken}` } });
    assert.equal(stale.statusCode, 401, 'the replaced session ended');
  });

  it('links to an existing citizen whose verified ID number the provider sends', async () => {
    const existing = await t.signIn('0912000001');
    const citizen = await s.me(existing);
    // As if checked at the counter: the only way an account holds an ID number besides the provider.
    await sql`update citizens set id_number = ${ID_LINK}, id_verified_with = 'in_person', id_verified_at = now() where id = ${citizen.id}`.execute(t.database.db);
    const citizens = await count(t, 'citizens');

    const { client, res } = await s.signInAs(SUB_LINK);
    assert.equal(res.statusCode, 303, res.body.slice(0, 800));
    assert.match((await client.get('/')).body, /Đã liên kết VNeID với tài khoản sẵn có của bạn/);
    const who = await s.me(client);
    assert.equal(who.id, citizen.id, 'the existing account');
    assert.equal(who.name, citizen.name, 'its name is kept');
    assert.equal(await count(t, 'citizens'), citizens);
    assert.equal((await findCitizen(t.database.db, citizen.id))?.verifiedWith, 'in_person');
    const linked = (await sql<{ details: Record<string, unknown> }>`select details from audit_log where action = 'identity.citizen_oidc_linked' and target_id = ${String(citizen.id)}`.execute(t.database.db)).rows;
    assert.deepEqual(linked.map((r) => r.details), [{ issuer: op.issuer, matchedBy: 'id_number' }]);
    // The password still works for that account.
    await t.signIn('0912000001');
    // An ID number that is not verified cannot be stored, so it can never be matched.
    await assert.rejects(sql`update citizens set id_number = '001090000099', id_verified_with = null, id_verified_at = null where id = ${citizen.id}`.execute(t.database.db), /citizens_id_verified/);
  });

  it('refuses a disabled account without a session', async () => {
    const { client } = await s.signInAs(SUB_NEW);
    const id = (await s.me(client)).id;
    await sql`update citizens set disabled_at = now() where id = ${id}`.execute(t.database.db);
    try {
      const browser = t.anonymous();
      const sessions = await count(t, 'sessions');
      const { res } = await s.signInAs(SUB_NEW, browser);
      await s.assertRefused(browser, res, 403, /Tài khoản đã bị khoá/, sessions);
    } finally {
      await sql`update citizens set disabled_at = null where id = ${id}`.execute(t.database.db);
    }
  });

  it('refuses a provider account without a valid ID number, creating nothing', async () => {
    const citizens = await count(t, 'citizens');
    const client = t.anonymous();
    const sessions = await count(t, 'sessions');
    const { res } = await s.signInAs(SUB_NO_ID, client);
    await s.assertRefused(client, res, 400, /VNeID không gửi số định danh cá nhân hợp lệ/, sessions);
    assert.equal(await count(t, 'citizens'), citizens);
  });

});

describe('OpenID Connect (VNeID) sign-in for citizens: refusals', () => {
  let flow: Flow;
  let t: TestApp;
  let op: TestOidcProvider;
  let s: ReturnType<typeof steps>;
  before(async () => {
    flow = await startFlow();
    ({ t, op } = flow);
    s = steps(flow);
  });
  after(async () => {
    await t?.close();
    await op?.close();
  });

  it('refuses a tampered state, a missing or altered cookie, and a replayed callback', async () => {
    op.signInAs = SUB_NEW;
    const client = t.anonymous();
    const back = await op.authorize(await s.begin(client));
    const sessions = await count(t, 'sessions');
    const tampered = new URL(back);
    // Change the last character (to one it is not: a state ending in "A" stays an "A" otherwise, 1 run in 64).
    const state = back.searchParams.get('state')!;
    tampered.searchParams.set('state', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`);
    await s.assertRefused(client, await s.callback(client, tampered), 400, /không khớp với yêu cầu từ trình duyệt này/, sessions);
    // The genuine answer afterwards: the checks were spent by the refusal.
    await s.assertRefused(client, await s.callback(client, back), 400, /đã hết hạn hoặc không được bắt đầu từ trình duyệt này/, sessions);

    // Another browser replaying someone's callback: it has no cookie.
    const other = t.anonymous();
    const start = await s.begin(t.anonymous());
    await s.assertRefused(other, await s.callback(other, new URL(`${CLIENT.redirectUri}?code=abc&state=${start.searchParams.get('state')}`)), 400, /đã hết hạn/, sessions);

    // An altered cookie cannot be opened.
    const altered = t.anonymous();
    const url = await s.begin(altered);
    const sealed = altered.cookies.get('sc_oidc')!;
    altered.cookies.set('sc_oidc', `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`);
    const answer = await op.authorize(url);
    await s.assertRefused(altered, await s.callback(altered, answer), 400, /đã hết hạn/, sessions);
  });

  it('refuses an ID token whose nonce is not the one this browser expects', async () => {
    op.signInAs = SUB_NEW;
    const victim = t.anonymous();
    const victimUrl = await s.begin(victim);
    const attackerUrl = await s.begin(t.anonymous());
    // The attacker's request carrying the victim's state and PKCE challenge: only the nonce differs.
    attackerUrl.searchParams.set('state', victimUrl.searchParams.get('state')!);
    attackerUrl.searchParams.set('code_challenge', victimUrl.searchParams.get('code_challenge')!);
    const back = await op.authorize(attackerUrl);
    const sessions = await count(t, 'sessions');
    await s.assertRefused(victim, await s.callback(victim, back), 400, /Không xác minh được phản hồi của VNeID/, sessions);
  });

  it('refuses an answer from a different issuer, however the iss parameter is presented', async () => {
    const other = await startOidcProvider(CLIENT);
    try {
      other.accounts.set(SUB_NEW, { name: 'Kẻ Mạo Danh', citizen_id: ID_NEW });
      other.signInAs = SUB_NEW;
      const sessions = await count(t, 'sessions');
      for (const iss of ['as sent', 'removed', 'spoofed'] as const) {
        const client = t.anonymous();
        const url = await s.begin(client);
        // The same request (state, nonce, PKCE challenge), answered by the other provider.
        const back = await other.authorize(new URL(`${url.pathname}${url.search}`, other.issuer));
        assert.equal(back.searchParams.get('iss'), other.issuer);
        if (iss === 'removed') back.searchParams.delete('iss');
        if (iss === 'spoofed') back.searchParams.set('iss', op.issuer);
        await s.assertRefused(client, await s.callback(client, back), 400, /Không xác minh được phản hồi của VNeID/, sessions);
      }
    } finally {
      await other.close();
    }
  });

  it('shows a clear 400 page when the person cancels at the provider (error=access_denied)', async () => {
    op.outcome = 'deny';
    try {
      const client = t.anonymous();
      const back = await op.authorize(await s.begin(client));
      assert.equal(back.searchParams.get('error'), 'access_denied');
      const sessions = await count(t, 'sessions');
      const res = await s.callback(client, back);
      await s.assertRefused(client, res, 400, /Bạn đã huỷ hoặc không đồng ý đăng nhập tại VNeID/, sessions);
      assert.match(res.body, /href="\/login\/oidc">Thử lại</);
      const en = await t.app.inject({ method: 'GET', url: `/login/oidc/callback?error=access_denied`, headers: { cookie: 'sc_lang=en' } });
      assert.equal(en.statusCode, 400);
      assert.match(en.body, /You cancelled or did not allow the sign-in at VNeID/);
      const other = await t.anonymous().get('/login/oidc/callback?error=server_error&state=x');
      assert.equal(other.statusCode, 400);
      assert.match(other.body, /VNeID báo lỗi và không xác nhận đăng nhập/);
    } finally {
      op.outcome = 'approve';
    }
  });

  it('answers 503, not 500, when the token endpoint is down at the callback', async () => {
    op.signInAs = SUB_NEW;
    const client = t.anonymous();
    const back = await op.authorize(await s.begin(client));
    const sessions = await count(t, 'sessions');
    op.down = true;
    try {
      const res = await s.callback(client, back);
      assert.equal(res.statusCode, 503, res.body.slice(0, 500));
      assert.match(res.body, /Tạm thời không kết nối được VNeID/);
      assert.equal(client.cookies.has('sc_session'), false);
      assert.equal(await count(t, 'sessions'), sessions);
    } finally {
      op.down = false;
    }
  });

  it('sends a signed-in person straight on instead of to the provider', async () => {
    const official = await t.signIn('chutich.muongdang');
    const res = await official.get('/login/oidc?next=%2Faccount');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/account');
  });
});

describe('OpenID Connect switched off (no OIDC_ISSUER)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t?.close());

  it('the routes answer 404 and the sign-in page has no VNeID link', async () => {
    assert.equal(t.config.oidc, null);
    assert.equal((await t.anonymous().get('/login/oidc')).statusCode, 404);
    assert.equal((await t.anonymous().get('/login/oidc/callback?code=abc&state=def')).statusCode, 404);
    const page = await t.anonymous().get('/login');
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /login\/oidc|VNeID/);
    await t.signIn('0912000001', DEMO_PASSWORD);
  });
});

describe('OpenID Connect settings', () => {
  const env = { ...BASE_ENV, OIDC_ISSUER: 'https://sso.vneid.example', OIDC_CLIENT_ID: 'xa-muong-dang', OIDC_CLIENT_SECRET: 's3cret' };

  it('is off without OIDC_ISSUER, and has safe defaults when on', () => {
    assert.equal(loadConfig(BASE_ENV).oidc, null);
    assert.deepEqual(loadConfig({ ...env, PUBLIC_URL: 'https://dichvucong.muongdang.gov.vn' }).oidc, {
      issuer: 'https://sso.vneid.example', clientId: 'xa-muong-dang', clientSecret: 's3cret', tokenAuthMethod: 'client_secret_basic',
      redirectUri: 'https://dichvucong.muongdang.gov.vn/login/oidc/callback', scopes: 'openid profile', idNumberClaim: 'sub', nameClaim: 'name', providerName: 'VNeID',
    });
  });

  it('requires the client credentials and a public address, and refuses plain http except on this machine', () => {
    assert.throws(() => loadConfig(env), /PUBLIC_URL/, 'the redirect URI is never guessed from a request');
    assert.throws(() => loadConfig({ ...env, PUBLIC_URL: 'https://x.vn', OIDC_CLIENT_SECRET: '' }), /OIDC_CLIENT_SECRET/);
    assert.throws(() => loadConfig({ ...env, PUBLIC_URL: 'https://x.vn', OIDC_CLIENT_ID: '' }), /OIDC_CLIENT_ID/);
    assert.throws(() => loadConfig({ ...env, OIDC_ISSUER: 'http://sso.vneid.example', PUBLIC_URL: 'https://x.vn' }), /https/);
    assert.throws(() => loadConfig({ ...env, OIDC_REDIRECT_URI: 'http://x.vn/login/oidc/callback' }), /https/);
    assert.throws(() => loadConfig({ ...env, PUBLIC_URL: 'not a url' }), /absolute URL/);
    assert.throws(() => loadConfig({ ...env, PUBLIC_URL: 'https://x.vn', OIDC_SCOPES: 'profile' }), /openid/);
    assert.throws(() => loadConfig({ ...env, PUBLIC_URL: 'https://x.vn', OIDC_TOKEN_AUTH_METHOD: 'none' }), /OIDC_TOKEN_AUTH_METHOD/);
    assert.equal(loadConfig({ ...env, OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_REDIRECT_URI: 'http://localhost:3000/login/oidc/callback' }).oidc?.redirectUri, 'http://localhost:3000/login/oidc/callback');
    const custom = loadConfig({ ...env, PUBLIC_URL: 'https://x.vn', OIDC_ID_NUMBER_CLAIM: 'so_dinh_danh', OIDC_NAME_CLAIM: 'ho_ten', OIDC_SCOPES: 'openid  profile citizen' }).oidc!;
    assert.deepEqual([custom.idNumberClaim, custom.nameClaim, custom.scopes], ['so_dinh_danh', 'ho_ten', 'openid profile citizen']);
  });
});

describe('reading the claims', () => {
  it('takes a 12-digit ID number given as text, from a configured (possibly nested) claim', () => {
    assert.equal(idNumberFrom({ sub: '001090000001' }, 'sub'), '001090000001');
    assert.equal(idNumberFrom({ citizen: { id: ' 001090000001 ' } }, 'citizen.id'), '001090000001');
    assert.equal(idNumberFrom({ 'citizen.id': '001090000009', citizen: { id: '001090000001' } }, 'citizen.id'), '001090000009', 'a literal name first');
    assert.equal(idNumberFrom({ sub: 1090000001 }, 'sub'), null, 'a number has lost its leading zeros');
    for (const bad of ['00109000000', '0010900000011', '00109000000a', '', undefined]) assert.equal(idNumberFrom({ sub: bad }, 'sub'), null, String(bad));
    assert.equal(idNumberFrom({}, 'a.b.c'), null);
  });

  it('tidies the full name and refuses an empty one', () => {
    assert.equal(fullNameFrom({ name: '  Nguye\u0302\u0303n   Văn\u0000A ' }, 'name'), 'Nguyễn Văn A');
    assert.equal([...fullNameFrom({ name: 'Á'.repeat(200) }, 'name')!].length, 120);
    assert.equal(fullNameFrom({ name: ' \t ' }, 'name'), null);
    assert.equal(fullNameFrom({ name: ['A'] }, 'name'), null);
    assert.equal(fullNameFrom({}, 'name'), null);
  });

  it('keeps only issuers and subjects the database can hold', () => {
    assert.equal(storableIdentity('https://sso.vneid.example', 'abc'), true);
    assert.equal(storableIdentity('https://sso.vneid.example', ''), false);
    assert.equal(storableIdentity('https://sso.vneid.example', 'x'.repeat(256)), false);
    assert.equal(storableIdentity('https://sso.vneid.example', 'a\u0000b'), false);
    assert.equal(storableIdentity('https://sso.vneid.example', 'a\ud800'), false);
  });
});
