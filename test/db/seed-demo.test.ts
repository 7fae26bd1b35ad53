import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { seedDemoRecords } from '../../src/seed/demo-records.ts';
import { DEMO_HISTORY, seedDemoHistory } from '../../src/seed/demo-history.ts';
import { DEMO_OFFICIALS } from '../../src/seed/demo-data.ts';
import { verifyAuditLog } from '../../src/modules/audit/index.ts';
import { lastMonths, monthOf, monthlyTrend, parsePeriod, rank, reportUnits, settingsFor } from '../../src/modules/reports/index.ts';
import type { UnitReport } from '../../src/modules/reports/index.ts';
import { drainPortalSync, simulatorClient } from '../../src/modules/portal-sync/index.ts';
import { findUnitByCode } from '../../src/modules/tenancy/index.ts';
import type { Unit } from '../../src/modules/tenancy/index.ts';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

/** The history's clock: a Monday, 11:00 in Vietnam, so "this month" has records whatever the day the test runs. */
const NOW = new Date('2026-06-15T04:00:00Z');
const CODES = ['H11.35.01', 'H11.35.02', 'H11.35.03'];
const rate = (report: UnitReport, id: string) => report.values.find((v) => v.id === id)!.rate;

const count = async (db: TestDatabase, table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db.db)).rows[0]!.n);

describe('demo seed', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it('is all or nothing: a failure half-way leaves no units and no officials', async () => {
    // Make the last official's insert fail, as an interrupted first start would.
    const last = DEMO_OFFICIALS.at(-1)!.username;
    await sql.raw(`create function refuse_last() returns trigger language plpgsql as $$ begin if new.username = '${last}' then raise exception 'interrupted'; end if; return new; end $$`).execute(database.db);
    await sql.raw('create trigger refuse_last before insert on officials for each row execute function refuse_last()').execute(database.db);
    await assert.rejects(seedDemo(database.db), /interrupted/);
    assert.equal(await count(database, 'units'), 0);
    assert.equal(await count(database, 'officials'), 0);
    assert.equal(await count(database, 'citizens'), 0);
    await sql.raw('drop trigger refuse_last on officials').execute(database.db);

    assert.equal(await seedDemo(database.db), true, 'the next start seeds everything');
    assert.equal(await count(database, 'officials'), DEMO_OFFICIALS.length);
    assert.equal(await seedDemo(database.db), false, 'and only once');
    assert.deepEqual((await verifyAuditLog(database.db)).ok, true);
  });

  it('files demo records through the records use cases, once: a new one, one waiting for a supplement, assisted ones, one in Phìn Hồ', async () => {
    if (await count(database, 'units') === 0) await seedDemo(database.db);
    assert.equal(await seedDemoRecords(database.db), 5);
    const rows = (await sql<{ code: string; status: number; channel: number; assisted_by_role: string | null }>`select code, status, channel, assisted_by_role from records order by id`.execute(database.db)).rows;
    assert.deepEqual(rows.map((r) => [r.status, r.channel, r.assisted_by_role]), [[1, 2, null], [5, 2, null], [1, 1, 'one_stop_officer'], [1, 2, 'digital_team_member'], [1, 2, null]]);
    assert.match(rows[0]!.code, /^H11\.35\.01-\d{6}-0001$/);
    assert.match(rows[4]!.code, /^H11\.35\.02-\d{6}-0001$/);
    assert.equal(await count(database, 'record_files'), 1);
    assert.equal(await seedDemoRecords(database.db), 0, 'and only while there are none');
    assert.deepEqual((await verifyAuditLog(database.db)).ok, true);
  });

  it('adds two years of synthetic history to the three demo communes, once, apart from the hand-made records and without events', async () => {
    if (await count(database, 'units') === 0) await seedDemo(database.db);
    if (await count(database, 'records') === 0) await seedDemoRecords(database.db);
    const handMade = (await sql<{ id: number; applicant_id_number: string }>`select id, applicant_id_number from records`.execute(database.db)).rows;
    const events = await count(database, 'record_events');
    assert.equal(await seedDemoHistory(database.db, NOW), DEMO_HISTORY.records);
    assert.equal(await seedDemoHistory(database.db, NOW), 0, 'a second seed adds nothing');
    assert.equal(await seedDemoHistory(database.db), 0, 'nor does a later start');
    assert.equal(await count(database, 'records'), handMade.length + DEMO_HISTORY.records);
    assert.equal(await count(database, 'record_events'), events, 'the history has no events');

    const perUnit = (await sql<{ code: string; n: number }>`select u.code, count(*)::int as n from records r join units u on u.id = r.unit_id
      where r.id > ${Math.max(...handMade.map((r) => r.id))} group by 1 order by 1`.execute(database.db)).rows;
    assert.deepEqual(perUnit.map((r) => r.code), CODES);
    for (const r of perUnit) assert.ok(r.n >= 200 && r.n <= 900, `${r.code}: ${r.n} records`);
    const synthetic = (await sql<{ citizen: number; own_ids: number; bad_ids: number; result_ids: number; unsealed: number; result_files: number; early: number }>`
      select count(*) filter (where applicant_citizen_id is not null)::int as citizen,
        count(*) filter (where applicant_id_number = any(${handMade.map((r) => r.applicant_id_number)}::text[]))::int as own_ids,
        count(*) filter (where applicant_id_number !~ '^011[0-3][0-9]{8}$')::int as bad_ids,
        count(*) filter (where result_public_id is not null)::int as result_ids,
        count(*) filter (where result_public_id is not null and result_sealed_at is null)::int as unsealed,
        (select count(*) from record_files f where f.kind = 'result')::int as result_files,
        count(*) filter (where submitted_at < ${NOW}::timestamptz - interval '24 months 1 day' or submitted_at > ${NOW})::int as early
      from records r where not exists (select 1 from record_events e where e.record_id = r.id)`.execute(database.db)).rows[0]!;
    assert.deepEqual({ ...synthetic, result_ids: synthetic.result_ids > 300 }, {
      citizen: 0, own_ids: 0, bad_ids: 0, result_ids: true, unsealed: 0, result_files: 0, early: 0,
    }, 'no citizen owns them, their people are not the hand-made applicants, electronic results are sealed but not kept, all within the 24 months');

    // The portal mirror reads events: the history queues nothing, the hand-made records their messages.
    const drained = await drainPortalSync(database.db, simulatorClient(database.db));
    assert.ok(drained.queued > 0);
    const queued = (await sql<{ record_id: number }>`select distinct record_id from portal_sync_queue`.execute(database.db)).rows.map((r) => Number(r.record_id));
    assert.deepEqual(queued.filter((id) => !handMade.some((r) => r.id === id)), []);
    assert.deepEqual((await verifyAuditLog(database.db)).ok, true);
  });

  it('gives the dashboards figures: 2.1 and 3.3 of Mường Đăng this month and before, a trend, and a ranking that means something', async () => {
    if (await count(database, 'records') < DEMO_HISTORY.records) {
      await seedDemo(database.db);
      await seedDemoHistory(database.db, NOW);
    }
    const units = (await Promise.all(CODES.map((code) => findUnitByCode(database.db, code)))) as Unit[];
    const [muongDang] = units;
    const { settings } = await settingsFor(database.db, muongDang!);
    for (const period of [monthOf(NOW), lastMonths(NOW, 4)[0]!]) {
      const [report] = await reportUnits(database.db, [muongDang!], period, settings, NOW);
      for (const id of ['2.1', '3.3', '4.1', '4.2']) assert.notEqual(rate(report!, id), null, `${id} of ${period.key} is not N/A`);
      assert.ok(report!.counts.processed >= 10, `${period.key}: ${report!.counts.processed} records processed`);
    }
    const trend = await monthlyTrend(database.db, muongDang!, lastMonths(NOW, 12), settings, NOW);
    assert.equal(trend.length, 12);
    for (const month of trend) assert.notEqual(rate(month.report, '2.1'), null, `2.1 of ${month.period.key}`);
    const ranked = rank(await reportUnits(database.db, units, parsePeriod('2025')!, settings, NOW));
    assert.deepEqual(ranked.map((r) => [r.unit.code, r.rank]), [['H11.35.01', 1], ['H11.35.03', 2], ['H11.35.02', 3]], 'Mường Đăng leads, Phìn Hồ trails');
    assert.ok(ranked[0]!.card.total - ranked[2]!.card.total >= 5, ranked.map((r) => r.card.total).join(' > '));
    for (const id of ['2.1', '3.3', '4.1']) assert.ok(rate(ranked[0]!, id)! > rate(ranked[2]!, id)!, `${id}: ${rate(ranked[0]!, id)} vs ${rate(ranked[2]!, id)}`);
  });
});
