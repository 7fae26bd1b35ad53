/**
 * The national portal sync page through the whole application: who may see it, the counts and errors it
 * shows, the simulator's switch and inbox, and "retry failed" (CSRF, audited).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { seedDemoRecords } from '../../src/seed/demo-records.ts';
import { drainPortalSync, simulatorClient } from '../../src/modules/portal-sync/index.ts';
import type { PortalClient } from '../../src/modules/portal-sync/index.ts';
import { changeStatus, STATUS } from '../../src/modules/records/index.ts';
import { noScanner } from '../../src/platform/files/virus-scan.ts';

const count = (body: string, name: string) => Number(new RegExp(`data-count="${name}">(\\d+)<`).exec(body)?.[1]);

describe('the portal sync page', () => {
  let t: TestApp;
  let admin: Client;
  let supervisor: Client;
  let chairman: Client;
  let simulator: PortalClient;
  let clock = Date.now();
  const tick = (ms = 1000) => new Date((clock += ms));

  before(async () => {
    t = await createTestApp();
    assert.equal(await seedDemoRecords(t.database.db), 5);
    simulator = simulatorClient(t.database.db);
    assert.equal((await drainPortalSync(t.database.db, simulator, tick())).sent, 6);
    [admin, supervisor, chairman] = await Promise.all([t.signIn('admin'), t.signIn('giamsat'), t.signIn('chutich.phinho')]);
  });
  after(() => t.close());

  it('the system administrator and the provincial supervisor see it; a commune chairman does not', async () => {
    for (const client of [admin, supervisor]) {
      const page = await client.get('/admin/portal-sync');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia/);
      assert.equal(count(page.body, 'sent'), 6);
      assert.equal(count(page.body, 'failed'), 0);
      assert.match(page.body, /bộ mô phỏng/, 'says where messages go');
      assert.match(page.body, /Đã đọc hết các thay đổi/);
      assert.match(page.body, /href="\/admin\/portal-sync"/, 'in the navigation');
      const inbox = await client.get('/admin/portal-sync/simulator');
      assert.equal(inbox.statusCode, 200);
      assert.match(inbox.body, /H11\.35\.01-\d{6}-0001/, 'the simulator shows the dossiers it received');
      assert.match(inbox.body, /&quot;MaTTHC&quot;: &quot;1\.001193&quot;/, 'with their content, escaped');
    }
    for (const url of ['/admin/portal-sync', '/admin/portal-sync/simulator']) assert.equal((await chairman.get(url)).statusCode, 403);
    assert.doesNotMatch((await chairman.get('/')).body, /href="\/admin\/portal-sync"/);
    assert.equal((await chairman.postForm('/admin/portal-sync/retry', {})).statusCode, 403);
    assert.equal((await chairman.postForm('/admin/portal-sync/simulator', { down: '1' })).statusCode, 403);
    assert.equal((await t.anonymous().get('/admin/portal-sync')).statusCode, 303, 'sign in first');
  });

  it('the simulator goes down from the page; errors show with the record code; "retry failed" needs CSRF and is audited', async () => {
    assert.equal((await admin.postForm('/admin/portal-sync/simulator', { down: '1' }, { csrf: null })).statusCode, 403, 'CSRF required');
    assert.equal((await admin.postForm('/admin/portal-sync/simulator', { down: 'maybe' })).statusCode, 400);
    const down = await admin.postForm('/admin/portal-sync/simulator', { down: '1' });
    assert.equal(down.statusCode, 303);
    let page = await admin.get('/admin/portal-sync');
    assert.match(page.body, /data-simulator="down"/);
    assert.match(page.body, /Bộ mô phỏng đã ngừng hoạt động/, 'the notice');

    const { rows } = await sql<{ id: number; code: string }>`select id, code from records where status = 1 order by id limit 1`.execute(t.database.db);
    const record = rows[0]!;
    const official = { kind: 'official' as const, id: 1, name: 'Test' };
    await changeStatus({ db: t.database.db, scanner: noScanner }, official, { ...official, unitId: null, ip: '', userAgent: '' }, Number(record.id), STATUS.received);
    assert.equal((await drainPortalSync(t.database.db, simulator, tick())).retried, 1);
    page = await admin.get('/admin/portal-sync');
    assert.equal(count(page.body, 'pending'), 1);
    assert.equal(count(page.body, 'retrying'), 1);
    assert.ok(page.body.includes(record.code), 'the record code of the error');
    assert.match(page.body, /PORTAL_UNAVAILABLE/);

    assert.equal((await drainPortalSync(t.database.db, simulator, tick(3600_000), { maxAttempts: 2 })).failed, 1);
    page = await supervisor.get('/admin/portal-sync');
    assert.equal(count(page.body, 'failed'), 1);

    assert.equal((await admin.postForm('/admin/portal-sync/simulator', { down: '0' })).statusCode, 303);
    assert.equal((await supervisor.postForm('/admin/portal-sync/retry', {}, { csrf: null })).statusCode, 403, 'CSRF required');
    assert.equal(count((await supervisor.get('/admin/portal-sync')).body, 'failed'), 1, 'nothing changed without the token');
    const retried = await supervisor.postForm('/admin/portal-sync/retry', {});
    assert.equal(retried.statusCode, 303);
    assert.equal(retried.headers.location, '/admin/portal-sync');
    page = await supervisor.get('/admin/portal-sync');
    assert.match(page.body, /Đã đưa 1 tin vào hàng đợi để gửi lại/);
    assert.equal(count(page.body, 'failed'), 0);
    const audit = await sql<{ actor_name: string; details: { messages: number; records: string[] } }>`select actor_name, details from audit_log where action = 'portal_sync.retried' order by seq desc limit 1`.execute(t.database.db);
    assert.equal(audit.rows[0]!.details.messages, 1);
    assert.deepEqual(audit.rows[0]!.details.records, [record.code]);
    const switched = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'portal_sync.simulator_switched'`.execute(t.database.db);
    assert.equal(switched.rows[0]!.n, 2);

    assert.equal((await drainPortalSync(t.database.db, simulator, tick())).sent, 1);
    page = await admin.get('/admin/portal-sync');
    assert.equal(count(page.body, 'sent'), 7);
    assert.match(page.body, /Không có lỗi/);
    const log = await admin.get('/audit');
    assert.match(log.body, /Gửi lại các tin đồng bộ Cổng DVCQG không thành công/, 'the audit log reads the action in words');
  });

  it('reads in English', async () => {
    const en = await t.signIn('admin');
    await en.get('/lang/en?next=/');
    const page = await en.get('/admin/portal-sync');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sync of records to the national public service portal/);
  });
});
