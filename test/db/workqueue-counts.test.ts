/**
 * The workqueue counts (countQueues: three statements, per status, by appointment, by holder) agree with the
 * lists they count (listRecords with each queue's own conditions), for records in every status, with
 * appointments past, near, far and missing, held by one official or another, in the commune and elsewhere.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { countQueues, listRecords, QUEUES } from '../../src/modules/records/index.ts';
import { findProcedureByCode } from '../../src/modules/catalogue/index.ts';
import { findUnitByCode, listUnitsWithin } from '../../src/modules/tenancy/index.ts';

describe('workqueue counts', () => {
  let database: TestDatabase;
  let communeUnits: number[];
  let holder: number;
  let other: number;
  const now = new Date();
  const soonMs = 24 * 3600_000;

  before(async () => {
    database = await createTestDatabase();
    const db = database.db;
    await seedDemo(db);
    const commune = (await findUnitByCode(db, 'H11.35.01'))!;
    const elsewhere = (await findUnitByCode(db, 'H11.35.02'))!;
    communeUnits = (await listUnitsWithin(db, commune.path)).map((u) => u.id);
    const officials = (await sql<{ id: number; username: string }>`select id, username from officials`.execute(db)).rows;
    holder = Number(officials.find((o) => o.username === 'chuyenmon.muongdang')!.id);
    other = Number(officials.find((o) => o.username === 'chutich.muongdang')!.id);
    const procedure = (await findProcedureByCode(db, '1.001193'))!;
    // Every status × appointments (none, 3 days ago, 1 hour ago, in 2 hours, in 23 hours, in 25 hours, in 10 days)
    // × holders (none, the specialist, the chairman), in the commune, and a copy in another commune.
    await sql`
      insert into records (unit_id, code, procedure_id, procedure_code, procedure_name, status, channel, applicant_name, applicant_id_number, applicant_address, due_at, holder_official_id, holder_name)
      select u.unit_id, 'T-' || u.unit_id || '-' || s || '-' || d.i || '-' || h.i, ${procedure.id}, ${procedure.code}, ${procedure.name}, s::smallint, 1, 'Người thử', '011190009999', '',
        d.due, h.id, case when h.id is null then null else 'Cán bộ' end
      from (values (${commune.id}::bigint), (${elsewhere.id}::bigint)) u(unit_id)
      cross join generate_series(1, 10) s
      cross join (values (1, null::timestamptz), (2, ${now}::timestamptz - interval '3 days'), (3, ${now}::timestamptz - interval '1 hour'), (4, ${now}::timestamptz + interval '2 hours'),
                         (5, ${now}::timestamptz + interval '23 hours'), (6, ${now}::timestamptz + interval '25 hours'), (7, ${now}::timestamptz + interval '10 days'), (8, ${now}::timestamptz)) d(i, due)
      cross join (values (1, null::bigint), (2, ${holder}::bigint), (3, ${other}::bigint)) h(i, id)`.execute(db);
  });
  after(() => database.close());

  it('each queue counts what its list holds', async () => {
    const counts = await countQueues(database.db, communeUnits, { holderId: holder, now, soonMs });
    for (const queue of QUEUES) {
      const { total } = await listRecords(database.db, { unitIds: communeUnits, queue, holderId: holder, now, soonMs }, { limit: 1, offset: 0 });
      assert.equal(counts[queue], total, `${queue}: counted ${counts[queue]}, listed ${total}`);
    }
    // Not vacuous: 8 appointments × 3 holders of each status in the commune.
    assert.equal(counts.new, 24);
    assert.equal(counts.in_progress, 48);
    assert.equal(counts.overdue, 2 * 3 * 2, 'statuses 2 and 4, two appointments past, three holders');
    assert.equal(counts.due_soon, 2 * 3 * 3, 'now, in 2 hours and in 23 hours; not in 25 hours');
    assert.equal(counts.mine, 3 * 8, 'statuses 2, 4 and 6 held by the specialist');
    assert.equal(counts.closed, 4 * 24);
  });

  it('no units, no records', async () => {
    const counts = await countQueues(database.db, [], { holderId: holder, now, soonMs });
    assert.deepEqual(Object.values(counts), QUEUES.map(() => 0));
  });
});
