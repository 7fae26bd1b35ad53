import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, DEMO_PASSWORD } from '../support/app.ts';
import type { TestApp } from '../support/app.ts';
import { currentTotp } from '../../src/modules/identity/index.ts';

async function auditActions(t: TestApp, unitId: number): Promise<string[]> {
  const rows = await sql<{ action: string }>`select action from audit_log where unit_id = ${unitId} order by seq`.execute(t.database.db);
  return rows.rows.map((r) => r.action);
}

async function officialId(t: TestApp, username: string): Promise<number> {
  const row = await sql<{ id: number }>`select id from officials where username = ${username}`.execute(t.database.db);
  return row.rows[0]!.id;
}

describe('administration of officials', () => {
  let t: TestApp;
  let md: number;
  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
  });
  after(() => t.close());

  it('lists the unit’s officials with their roles, and only to those allowed', async () => {
    const chairman = await t.signIn('chutich.muongdang');
    const list = await chairman.get(`/admin/units/${md}/officials`);
    assert.equal(list.statusCode, 200);
    for (const name of ['Lò Thị Hoa', 'Tòng Thị Thư', 'Công chức bộ phận một cửa']) assert.ok(list.body.includes(name), name);
    assert.ok(!list.body.includes('Giàng A Chư'), 'no official of another commune');
    const specialist = await t.signIn('chuyenmon.muongdang');
    assert.equal((await specialist.get(`/admin/units/${md}/officials`)).statusCode, 403);
    const clerk = await t.signIn('vanthu.muongdang');
    const clerkView = await clerk.get(`/admin/units/${md}/officials`);
    assert.equal(clerkView.statusCode, 200, 'a clerk may read the list');
    assert.ok(!clerkView.body.includes('action="/admin/units'), 'but gets no forms');
    assert.equal((await clerk.postForm(`/admin/units/${md}/officials`, { fullName: 'X', username: 'x.md', password: 'mat-khau-du-dai', roles: 'specialist' })).statusCode, 403);
  });

  it('adds an official, who must choose a new password at first sign-in', async () => {
    const chairman = await t.signIn('chutich.muongdang');
    const bad = await chairman.postForm(`/admin/units/${md}/officials`, { fullName: '', username: 'A B', password: 'short', roles: 'system_admin' });
    assert.equal(bad.statusCode, 400);
    for (const field of ['fullName', 'username', 'password', 'roles']) assert.ok(bad.body.includes(`href="#f-${field}"`), `error summary links to ${field}`);
    const ok = await chairman.postForm(`/admin/units/${md}/officials`, {
      fullName: 'Điêu Thị Mới', username: 'dieuthimoi', position: 'Công chức Văn hóa – Xã hội', password: 'tam-thoi-12345', roles: ['specialist', 'digital_team_member'],
    });
    assert.equal(ok.statusCode, 303);
    assert.match((await chairman.get(String(ok.headers.location))).body, /Đã thêm Điêu Thị Mới/);
    assert.ok((await auditActions(t, md)).includes('identity.official_created'));

    const newcomer = await t.signIn('dieuthimoi', 'tam-thoi-12345');
    const home = await newcomer.get('/');
    assert.equal(home.statusCode, 303);
    assert.equal(home.headers.location, '/account');
    assert.equal((await newcomer.get('/admin/officials')).statusCode, 303, 'every page leads to the password change');
    const changed = await newcomer.postForm('/account/password', { current: 'tam-thoi-12345', next: 'mat-khau-rieng-cua-toi', confirm: 'mat-khau-rieng-cua-toi' });
    assert.equal(changed.statusCode, 303);
    assert.equal((await newcomer.get('/')).statusCode, 200);
  });

  it('changes roles, disables and enables, and never lets an admin disable themself', async () => {
    const chairman = await t.signIn('chutich.muongdang');
    const id = await officialId(t, 'motcua.muongdang');
    const roles = await chairman.postForm(`/admin/units/${md}/officials/${id}/roles`, { roles: ['one_stop_officer', 'specialist'] });
    assert.equal(roles.statusCode, 303);
    const officer = await t.signIn('motcua.muongdang');
    const officerHome = (await officer.get('/')).body;
    assert.match(officerHome, /<dt>Công chức bộ phận một cửa<\/dt>/);
    assert.match(officerHome, /<dt>Công chức chuyên môn<\/dt>/);

    const disable = await chairman.postForm(`/admin/units/${md}/officials/${id}/status`, { disabled: '1' });
    assert.equal(disable.statusCode, 303);
    assert.equal((await officer.get('/')).body.includes('Lò Thị Hoa'), false, 'the disabled official’s session ended');
    const refused = await t.anonymous().postForm('/login', { login: 'motcua.muongdang', password: DEMO_PASSWORD });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Tài khoản đã bị khoá/);
    await chairman.postForm(`/admin/units/${md}/officials/${id}/status`, { disabled: '0' });
    await t.signIn('motcua.muongdang');

    const self = await officialId(t, 'chutich.muongdang');
    const selfDisable = await chairman.postForm(`/admin/units/${md}/officials/${self}/status`, { disabled: '1' });
    assert.equal(selfDisable.statusCode, 409);
    const actions = await auditActions(t, md);
    for (const a of ['identity.roles_changed', 'identity.official_disabled', 'identity.official_enabled']) assert.ok(actions.includes(a), a);
  });

  it('resets two-step verification and passwords, and enforces a unit’s 2FA requirement', async () => {
    const clerk = await t.signIn('vanthu.muongdang');
    const enrol = await clerk.get('/account/two-factor');
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol.body)![1]!;
    assert.equal((await clerk.postForm('/account/two-factor', { code: currentTotp(secret) })).statusCode, 200);

    const admin = await t.signIn('admin');
    const id = await officialId(t, 'vanthu.muongdang');
    assert.equal((await admin.postForm(`/admin/units/${md}/officials/${id}/two-factor-reset`, {})).statusCode, 303);
    const again = await t.signIn('vanthu.muongdang');
    assert.equal((await again.get('/')).statusCode, 200, 'signs in with the password alone after the reset');

    assert.equal((await admin.postForm(`/admin/units/${md}/settings`, { requireTwoFactor: '1' })).statusCode, 303);
    const forced = await t.signIn('chuyenmon.muongdang');
    const home = await forced.get('/');
    assert.equal(home.headers.location, '/account/two-factor', 'must enrol before anything else');
    assert.equal((await forced.get('/api/v1/units')).statusCode, 403);
    await admin.postForm(`/admin/units/${md}/settings`, { requireTwoFactor: '0' });

    const reset = await admin.postForm(`/admin/units/${md}/officials/${id}/password`, { password: 'mat-khau-moi-tam' });
    assert.equal(reset.statusCode, 303);
    await assert.rejects(t.signIn('vanthu.muongdang'), /failed/, 'the old password no longer works');
    const withNew = await t.signIn('vanthu.muongdang', 'mat-khau-moi-tam');
    assert.equal((await withNew.get('/')).headers.location, '/account');
  });
});
