import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { recordAuditInTrx, verifyAuditLog, countAuditEntries } from '../../src/modules/audit/index.ts';
import type { AuditActor } from '../../src/modules/audit/index.ts';
import { hashEntry } from '../../src/modules/audit/domain/chain.ts';
import { createTestDatabase } from '../support/db.ts';
import type { TestDatabase } from '../support/db.ts';

const actor: AuditActor = { kind: 'official', id: 7, name: 'Lường Văn Chính "ct" 😀', unitId: null, ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (Linux; Android 8)' };

describe('audit log on a real database', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  it('the hash the database computes equals the one the verifier computes, whatever the text', async () => {
    const entry = await database.db.transaction().execute((trx) =>
      recordAuditInTrx(trx, actor, { action: 'test.unicode', targetType: 'x', targetId: "O'Brien; --", details: { ghi_chú: 'Đăng ký kết hôn', n: 1.5, nested: { b: [1, 'ư'], a: null } } }),
    );
    assert.equal(entry.hash, hashEntry(entry));
    const stored = await sql<{ hash: string; details: unknown }>`select hash, details from audit_log where seq = ${entry.seq}`.execute(database.db);
    assert.equal(stored.rows[0]!.hash, entry.hash);
    assert.deepEqual((await verifyAuditLog(database.db)).ok, true);
  });

  it('a write and its audit entry commit or roll back together', async () => {
    const before = await countAuditEntries(database.db);
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await recordAuditInTrx(trx, actor, { action: 'test.rolled_back' });
        throw new Error('the write failed');
      }),
      /the write failed/,
    );
    assert.equal(await countAuditEntries(database.db), before);
    assert.equal((await verifyAuditLog(database.db)).ok, true, 'the head did not move either');
  });

  it('concurrent writers append one after another: no gap, no fork', async () => {
    const before = await countAuditEntries(database.db);
    const n = 40;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        database.db.transaction().execute((trx) => recordAuditInTrx(trx, { ...actor, id: i }, { action: 'test.concurrent', targetId: i })),
      ),
    );
    assert.equal(await countAuditEntries(database.db), before + n);
    const seqs = await sql<{ seq: number }>`select seq from audit_log order by seq`.execute(database.db);
    assert.deepEqual(seqs.rows.map((r) => Number(r.seq)), Array.from({ length: before + n }, (_, i) => i + 1));
    assert.deepEqual(await verifyAuditLog(database.db), { ok: true, entries: before + n });
  });
});
