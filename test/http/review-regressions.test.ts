/** Regressions for problems a review found: each test failed before its fix. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { verifyAuditLog } from '../../src/modules/audit/index.ts';

describe('review regressions', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ lockoutThreshold: 5 });
  });
  after(() => t.close());

  it('a login cut inside an emoji does not break the audit chain', async () => {
    const res = await t.anonymous().postForm('/login', { login: 'a' + '😀'.repeat(60), password: 'whatever-password' });
    assert.equal(res.statusCode, 401);
    assert.deepEqual((await verifyAuditLog(t.database.db)).ok, true);
  });

  it('a lone surrogate in JSON is refused, not stored as U+FFFD', async () => {
    const admin = await t.signIn('admin');
    const md = t.unit('Xã Mường Đăng');
    const token = await admin.csrfToken();
    const res = await admin.request({
      method: 'POST', url: `/api/v1/units/${md.id}/officials`,
      payload: '{"username":"surrogate.md","fullName":"A\\ud800B","password":"mat-khau-du-dai","roles":["specialist"]}',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token },
    });
    assert.equal(res.statusCode, 400);
    const stored = await sql<{ n: number }>`select count(*)::int as n from officials where username = 'surrogate.md'`.execute(t.database.db);
    assert.equal(stored.rows[0]!.n, 0);
  });

  it('parallel wrong passwords still lock the account', async () => {
    const anon = t.anonymous();
    const token = await anon.csrfToken();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => anon.postForm('/login', { login: 'chuyenmon.muongdang', password: 'wrong-password' }, { csrf: token })),
    );
    assert.ok(results.some((r) => r.statusCode === 423), `statuses: ${results.map((r) => r.statusCode).join(',')}`);
    const right = await anon.postForm('/login', { login: 'chuyenmon.muongdang', password: DEMO_PASSWORD }, { csrf: token });
    assert.equal(right.statusCode, 423, 'locked even for the right password');
    const failed = await sql<{ kind: string }>`select actor_kind as kind from audit_log where action in ('identity.sign_in_failed', 'identity.account_locked') order by seq desc limit 1`.execute(t.database.db);
    assert.equal(failed.rows[0]!.kind, 'anonymous', 'the failing person is not recorded as the official');
  });

  it('signing in again ends the session the browser had', async () => {
    const client = await t.signIn('motcua.phinho');
    const old = client.cookies.get('sc_session')!;
    await client.get('/');
    const again = await client.postForm('/login', { login: 'motcua.phinho', password: DEMO_PASSWORD, next: '/' });
    assert.equal(again.statusCode, 303);
    assert.notEqual(client.cookies.get('sc_session'), old);
    const stale = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `sc_session=${old}` } });
    assert.equal(stale.statusCode, 401);
  });

  it('user names must contain a letter, so none can shadow a phone number', async () => {
    const admin = await t.signIn('admin');
    const md = t.unit('Xã Mường Đăng');
    const res = await admin.postJson(`/api/v1/units/${md.id}/officials`, { username: '0912000001', fullName: 'X', password: 'mat-khau-du-dai', roles: ['specialist'] });
    assert.equal(res.statusCode, 400);
  });
});

describe('sign-in throttling', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('answers the 21st sign-in post in a minute with 429 and a wait in seconds, in Vietnamese and English', async () => {
    const anon = t.anonymous();
    const token = await anon.csrfToken();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await anon.postForm('/login', { login: `khong.ton.tai${i}`, password: 'x' }, { csrf: token })).statusCode);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.equal(statuses[20], 429);
    const page = await anon.postForm('/login', { login: 'x', password: 'x' }, { csrf: token });
    assert.equal(page.statusCode, 429);
    assert.match(page.body, /Quá nhiều yêu cầu\. Vui lòng thử lại sau \d+ giây\./);
    await anon.get('/lang/en?next=/');
    const english = await anon.postForm('/login', { login: 'x', password: 'x' }, { csrf: token });
    assert.match(english.body, /Try again in \d+ seconds\./);
  });
});

describe('metrics', () => {
  it('are public by default and need the bearer token when METRICS_TOKEN is set', async () => {
    process.env.METRICS_TOKEN = 'scrape-secret-123';
    const t = await createTestApp();
    try {
      assert.equal((await t.anonymous().get('/metrics')).statusCode, 401);
      assert.equal((await t.anonymous().get('/metrics', { authorization: 'Bearer wrong' })).statusCode, 401);
      const ok = await t.anonymous().get('/metrics', { authorization: 'Bearer scrape-secret-123' });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /http_requests_total/);
    } finally {
      delete process.env.METRICS_TOKEN;
      await t.close();
    }
  });
});
