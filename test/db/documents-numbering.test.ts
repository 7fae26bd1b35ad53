/**
 * Numbering outgoing documents under concurrency (issue #8): 50 documents of one unit numbered at once, each in its
 * own transaction, get the 50 distinct consecutive numbers 1..50 of the unit's outgoing register; the year turns at
 * 1 January 00:00 Vietnam time and numbers start again at 01; a number is unique per register and year.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { numberOutgoingInTrx } from '../../src/modules/documents/outgoing-issue.ts';
import { documentsDb, newPublicId } from '../../src/modules/documents/store.ts';

describe('outgoing numbers', () => {
  let database: TestDatabase;
  let unitId: number;
  const make = async (n: number, typeCode = 'QĐ') => {
    const rows = await documentsDb(database.db).insertInto('documents')
      .values(Array.from({ length: n }, (_, i) => ({ public_id: newPublicId(), unit_id: unitId, direction: 'outgoing' as const, type_code: typeCode, subject: `Văn bản thử ${i + 1}`, number_text: null, status: 'signed' as const })))
      .returning('id').execute();
    return rows.map((r) => Number(r.id));
  };
  const numberAt = (id: number, at: Date) => database.db.transaction().execute((trx) => numberOutgoingInTrx(trx, id, at));

  before(async () => {
    database = await createTestDatabase();
    await seedDemo(database.db);
    unitId = Number((await sql<{ id: string }>`select id from units where code = 'H11.35.01'`.execute(database.db)).rows[0]!.id);
  });
  after(() => database?.close());

  it('50 at once: 50 distinct consecutive numbers from 01', async () => {
    const ids = await make(50);
    const at = new Date('2026-03-05T09:00:00+07:00');
    const got = await Promise.all(ids.map((id) => numberAt(id, at)));
    assert.deepEqual(got.map((g) => g.number).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(new Set(got.map((g) => g.numberText)).size, 50);
    assert.ok(got.some((g) => g.numberText === '01/QĐ-UBND') && got.some((g) => g.numberText === '50/QĐ-UBND'));
    const stored = (await sql<{ number: number; number_year: number; document_date: string }>`select number, number_year, document_date::text from documents where id in (${sql.join(ids)}) order by number`.execute(database.db)).rows;
    assert.deepEqual(stored.map((r) => r.number), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.ok(stored.every((r) => r.number_year === 2026 && r.document_date === '2026-03-05'));
    // Numbering again keeps the number (a retried issue never takes a second one).
    assert.equal((await numberAt(ids[0]!, at)).number, got[0]!.number);
  });

  it('the last second of the year still counts in it; 1 January 00:00 (+07:00) starts at 01', async () => {
    const [late, early] = await make(2);
    assert.deepEqual(await numberAt(late!, new Date('2026-12-31T23:59:59+07:00')).then((n) => [n.number, n.year]), [51, 2026]);
    const next = await numberAt(early!, new Date('2026-12-31T17:00:00Z'));
    assert.deepEqual([next.number, next.year, next.numberText, next.day], [1, 2027, '01/QĐ-UBND', '2027-01-01']);
  });

  it('a number is unique per register and year (the database refuses a second one)', async () => {
    const [id] = await make(1);
    const register = (await sql<{ register_id: string }>`select register_id from documents where number_year = 2026 and number = 1 and unit_id = ${unitId}`.execute(database.db)).rows[0]!.register_id;
    await assert.rejects(sql`update documents set register_id = ${register}, number = 1, number_year = 2026 where id = ${id}`.execute(database.db));
  });
});
