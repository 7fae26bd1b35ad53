/**
 * Confidential documents (văn bản mật): the unit's leaders and the officials who registered, hold or are assigned to
 * one see it; for another official of the same unit it does not exist — its page, its files, the workqueues and the
 * search (404 or absent), until it is assigned to them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { makePdf } from '../support/files.ts';

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

describe('confidential documents are seen only by those entitled to', () => {
  let t: TestApp;
  let md: number;
  let clerk: Client;
  let chairman: Client;
  let specialist: Client;
  let desk: Client;
  let id = 0;
  const base = () => `/admin/units/${md}/documents`;
  const SUBJECT = 'Về việc bảo vệ bí mật nhà nước tại xã';

  before(async () => {
    t = await createTestApp();
    md = t.unit('Xã Mường Đăng').id;
    clerk = await t.signIn('vanthu.muongdang');
    chairman = await t.signIn('chutich.muongdang');
    specialist = await t.signIn('chuyenmon.muongdang');
    desk = await t.signIn('motcua.muongdang');
    const res = await clerk.postMultipart(`${base()}/incoming`, {
      typeCode: 'CV', numberText: '7/UBND-VP', documentDate: today(), senderName: 'UBND tỉnh Điện Biên', subject: SUBJECT,
      urgency: 'normal', pageCount: '1', receivedAt: '', channel: 'paper', confidential: '1',
    }, [{ name: 'files', filename: 'mat.pdf', type: 'application/pdf', data: makePdf('Mat') }]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    id = Number(/\/documents\/(\d+)$/.exec(String(res.headers.location))![1]);
  });
  after(() => t?.close());

  const fileId = async () => Number((await sql<{ id: string }>`select id from document_files where document_id = ${id} limit 1`.execute(t.database.db)).rows[0]!.id);

  it('the registering clerk and the leaders see it; another official of the unit does not', async () => {
    assert.equal((await clerk.get(`${base()}/${id}`)).statusCode, 200);
    assert.equal((await chairman.get(`${base()}/${id}`)).statusCode, 200);
    for (const other of [specialist, desk]) {
      assert.equal((await other.get(`${base()}/${id}`)).statusCode, 404);
      assert.equal((await other.get(`${base()}/${id}/files/${await fileId()}`)).statusCode, 404);
      const list = await other.get(`${base()}/incoming?queue=all`);
      assert.equal(list.statusCode, 200);
      assert.ok(!list.body.includes(SUBJECT), 'not in the workqueue');
      const found = await other.get(`${base()}/search?q=bi+mat+nha+nuoc`);
      assert.ok(!found.body.includes(SUBJECT), 'not in the search');
    }
    const list = await chairman.get(`${base()}/incoming?queue=all`);
    assert.ok(list.body.includes(SUBJECT), 'the chairman sees it listed');
  });

  it('assigning it to the specialist lets him see it', async () => {
    const version = async () => String((await sql<{ version: number }>`select version from documents where id = ${id}`.execute(t.database.db)).rows[0]!.version);
    const chairmanId = Number((await sql<{ id: string }>`select id from officials where username = 'chutich.muongdang'`.execute(t.database.db)).rows[0]!.id);
    const specialistId = Number((await sql<{ id: string }>`select id from officials where username = 'chuyenmon.muongdang'`.execute(t.database.db)).rows[0]!.id);
    assert.equal((await clerk.postForm(`${base()}/${id}/present`, { version: await version(), leader: String(chairmanId) })).statusCode, 303);
    const due = new Date(Date.now() + 7 * 3_600_000 + 5 * 86_400_000).toISOString().slice(0, 10);
    const assigned = await chairman.postForm(`${base()}/${id}/assign`, { version: await version(), main: String(specialistId), due, opinion: 'Đồng chí Tư xử lý' });
    assert.equal(assigned.statusCode, 303, assigned.body.slice(0, 300));
    assert.equal((await specialist.get(`${base()}/${id}`)).statusCode, 200);
    assert.equal((await desk.get(`${base()}/${id}`)).statusCode, 404, 'still not the one-stop officer');
  });
});
