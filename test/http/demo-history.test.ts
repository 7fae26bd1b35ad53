/**
 * The demo's synthetic history (src/seed/demo-history.ts, added on first start by `npm start`) seen through the
 * pages: the dashboards have figures, the workqueues and the register take the extra records, and a synthetic
 * record (no events, an electronic result with no document kept) opens without offering what it cannot give.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp } from '../support/app.ts';
import type { Client, TestApp } from '../support/app.ts';
import { seedDemoRecords } from '../../src/seed/demo-records.ts';
import { DEMO_HISTORY, seedDemoHistory } from '../../src/seed/demo-history.ts';
import { translator } from '../../src/platform/i18n/index.ts';

const vi = translator('vi');

describe('the demo history over HTTP', () => {
  let t: TestApp;
  let desk: Client;
  let muongDang: number;
  /** One synthetic record of Mường Đăng per status, the newest. */
  let synthetic: Map<number, { id: number; code: string; result_public_id: string | null; applicant_name: string }>;

  before(async () => {
    t = await createTestApp();
    assert.equal(await seedDemoRecords(t.database.db), 5);
    assert.equal(await seedDemoHistory(t.database.db), DEMO_HISTORY.records);
    muongDang = t.unit('Xã Mường Đăng').id;
    desk = await t.signIn('motcua.muongdang');
    const rows = (await sql<{ status: number; id: number; code: string; result_public_id: string | null; applicant_name: string }>`
      select distinct on (status) status, id, code, result_public_id, applicant_name from records r
      where unit_id = ${muongDang} and not exists (select 1 from record_events e where e.record_id = r.id) order by status, id desc`.execute(t.database.db)).rows;
    synthetic = new Map(rows.map((r) => [r.status, { ...r, id: Number(r.id) }]));
  });
  after(() => t.close());

  it('fills the commune dashboard, the province ranking and the public index, with no personal data in public', async () => {
    const chairman = await t.signIn('chutich.muongdang');
    const dashboard = await chairman.get(`/admin/units/${muongDang}/reports`);
    assert.equal(dashboard.statusCode, 200);
    assert.match(dashboard.body, /2\.1[\s\S]{0,600}?\d+(,\d+)? %/, 'indicator 2.1 has a rate');
    const ranking = await (await t.signIn('giamsat')).get('/admin/units/1/reports/ranking');
    assert.equal(ranking.statusCode, 200);
    for (const name of ['Xã Mường Đăng', 'Xã Phìn Hồ', 'Phường Điện Biên Phủ']) assert.ok(ranking.body.includes(name), name);
    const index = await t.anonymous().get('/chi-so');
    assert.equal(index.statusCode, 200);
    assert.ok(index.body.includes('Xã Phìn Hồ'));
    for (const r of synthetic.values()) assert.ok(!index.body.includes(r.applicant_name) && !index.body.includes(r.code), 'no applicant or record on the public page');
  });

  it('lists the records in every workqueue tab and prints the register of a year', async () => {
    const list = await desk.get(`/admin/units/${muongDang}/records`);
    assert.equal(list.statusCode, 200);
    const tabs = [...new Set([...list.body.matchAll(/href="(\/admin\/units\/\d+\/records\?queue=[a-z_]+)"/g)].map((m) => m[1]!))];
    assert.ok(tabs.length >= 6, `${tabs.length} tabs`);
    for (const tab of tabs) assert.equal((await desk.get(tab)).statusCode, 200, tab);
    const register = await desk.get(`/admin/units/${muongDang}/register?from=2025-01-01&to=2025-12-31`);
    assert.equal(register.statusCode, 200);
    assert.equal(register.headers['content-type'], 'application/pdf');
  });

  it('opens a synthetic record of every status without events, offering no form or verification it cannot give', async () => {
    assert.ok(synthetic.size >= 6, `statuses ${[...synthetic.keys()]}`);
    for (const [status, r] of synthetic) {
      const base = `/admin/units/${muongDang}/records/${r.id}`;
      const page = await desk.get(base);
      assert.equal(page.statusCode, 200, `status ${status}`);
      assert.ok(page.body.includes(r.code));
      for (const form of ['mau-01', 'mau-03', 'mau-05']) assert.ok(!page.body.includes(`${base}/forms/${form}.pdf`), `${form} is not offered (status ${status})`);
      if (status === 3) assert.equal((await desk.get(`${base}/forms/mau-03.pdf`)).statusCode, 404, 'the refusal slip needs the refusal');
      if (status === 8) assert.equal((await desk.get(`${base}/forms/mau-05.pdf`)).statusCode, 404, 'the stop notice needs the stop');
      if (r.result_public_id) {
        assert.ok(!page.body.includes(`/xac-thuc/${r.result_public_id}`), 'no link to a document not kept here');
        assert.ok(page.body.includes(vi('records.result.not_kept')));
      }
      const file = /href="([^"]+\/files\/\d+)"/.exec(page.body);
      if (file) {
        const download = await desk.get(file[1]!);
        assert.equal(download.statusCode, 200);
        assert.match(download.rawPayload.subarray(0, 8).toString('latin1'), /^%PDF-1\./);
      }
    }
    assert.ok([...synthetic.values()].some((r) => r.result_public_id), 'some results are electronic');
  });

  it('leaves the demo citizen with their own records only', async () => {
    const own = (await sql<{ code: string }>`select r.code from records r join citizens c on c.id = r.applicant_citizen_id where c.phone = '0912000001'`.execute(t.database.db)).rows;
    const page = await (await t.signIn('0912000001')).get('/ho-so');
    assert.equal(page.statusCode, 200);
    const codes = new Set(page.body.match(/H11\.35\.0\d-\d{6}-\d{4,}/g));
    assert.deepEqual([...codes].sort(), own.map((r) => r.code).sort());
  });
});
