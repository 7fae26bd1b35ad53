import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { seedDemoRecords } from '../../src/seed/demo-records.ts';
import { DEMO_OFFICIALS } from '../../src/seed/demo-data.ts';
import { verifyAuditLog } from '../../src/modules/audit/index.ts';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

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
});
