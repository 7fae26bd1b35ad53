/** A backup taken from one database restores into the other kind, with the audit chain intact. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { backupDatabase, restoreDatabase } from '../../src/platform/db/backup.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import { MIGRATIONS } from '../../src/modules/registry.ts';
import { seedDemo } from '../../src/seed/seed-demo.ts';
import { verifyAuditLog } from '../../src/modules/audit/index.ts';
import { setUnitRequireTwoFactor } from '../../src/modules/tenancy/index.ts';
import { SYSTEM_ACTOR } from '../../src/modules/audit/index.ts';
import { createTestDatabase } from '../support/db.ts';


async function snapshot(db: Database) {
  const q = async (text: string) => (await sql.raw(text).execute(db.db)).rows;
  return {
    units: await q('select id, parent_id, kind, code, name, path, require_two_factor, created_at from units order by id'),
    officials: await q('select unit_id, id, username, full_name, password_hash, must_change_password, created_at from officials order by id'),
    roles: await q('select * from official_roles order by unit_id, official_id, role'),
    citizens: await q('select id, full_name, phone, email from citizens order by id'),
    audit: await q('select seq, hash, details, at from audit_log order by seq'),
  };
}

describe('backup and restore', () => {
  let source: Database;
  const file = path.join(os.tmpdir(), `sc-backup-${process.pid}.jsonl.gz`);
  before(async () => {
    source = await createTestDatabase();
    await seedDemo(source.db);
    await setUnitRequireTwoFactor(source.db, SYSTEM_ACTOR, 2, true);
  });
  after(async () => {
    await source.close();
    fs.rmSync(file, { force: true });
  });

  it('restores every row exactly into a second database of the same kind', async () => {
    const header = await backupDatabase(source, file);
    assert.ok(header.tables.some((t) => t.name === 'audit_log' && t.rows > 10));
    const target = await createTestDatabase();
    try {
      await restoreDatabase(target, file);
      assert.deepEqual(await snapshot(target), await snapshot(source));
      assert.equal((await verifyAuditLog(target.db)).ok, true);
      // Identity sequences continue after the restored ids.
      const next = await sql<{ id: number }>`insert into citizens (full_name, phone, password_hash) values ('Mới', '0999999999', 'x') returning id`.execute(target.db);
      const max = await sql<{ m: number }>`select max(id) as m from citizens where phone <> '0999999999'`.execute(target.db);
      assert.ok(next.rows[0]!.id > max.rows[0]!.m);
    } finally {
      await target.close();
    }
  });

  it('moves between PGlite and PostgreSQL in both directions', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL (run by the PostgreSQL pass of CI)' }, async () => {
    // `source` is on PostgreSQL in this pass; PGlite is the other side.
    await backupDatabase(source, file);
    const lite = await openDatabase({ pgliteDir: 'memory://' });
    try {
      await migrate(lite, MIGRATIONS);
      await restoreDatabase(lite, file);
      assert.deepEqual(await snapshot(lite), await snapshot(source));
      assert.equal((await verifyAuditLog(lite.db)).ok, true);
      const back = path.join(os.tmpdir(), `sc-backup-back-${process.pid}.jsonl.gz`);
      await backupDatabase(lite, back);
      const pg = await createTestDatabase();
      try {
        await restoreDatabase(pg, back);
        assert.deepEqual(await snapshot(pg), await snapshot(source));
        assert.equal((await verifyAuditLog(pg.db)).ok, true);
      } finally {
        await pg.close();
        fs.rmSync(back, { force: true });
      }
    } finally {
      await lite.close();
    }
  });

  it('rolls back a truncated backup without changing the target', async () => {
    await backupDatabase(source, file);
    const truncated = `${file}.cut`;
    const zlib = await import('node:zlib');
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, -3).join('\n')));
    const target = await createTestDatabase();
    try {
      await seedDemo(target.db);
      const before = await snapshot(target);
      await assert.rejects(restoreDatabase(target, truncated, { replace: true }), /truncated|expected/);
      assert.deepEqual(await snapshot(target), before, 'a failed restore changes nothing');
    } finally {
      await target.close();
      fs.rmSync(truncated, { force: true });
    }
  });
});
