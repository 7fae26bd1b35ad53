import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sql } from 'kysely';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { MIGRATIONS, createTestDatabase } from '../support/db.ts';

/** Every migration, as `module/file.sql`, in the order they must run. */
const ALL = MIGRATIONS.flatMap((s) =>
  fs.readdirSync(s.dir).filter((f) => f.endsWith('.sql')).sort().map((f) => `${s.module}/${f}`),
);

async function tablesOf(database: Database): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name`.execute(database.db);
  return rows.map((r) => r.table_name);
}

async function recorded(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(database.db);
  return rows.map((r) => r.name);
}

const open: Database[] = [];
after(async () => {
  for (const database of open) await database.close();
});

test('the module registry lists tenancy, identity, audit, catalogue, notifications, records, portal_sync, calendar, signatures and payments, each with migrations', () => {
  assert.deepEqual(MIGRATIONS.map((s) => s.module), ['tenancy', 'identity', 'audit', 'catalogue', 'notifications', 'records', 'portal_sync', 'calendar', 'signatures', 'payments', 'periodic_reports', 'reports', 'documents']);
  for (const s of MIGRATIONS) assert.ok(ALL.some((n) => n.startsWith(`${s.module}/`)), `${s.module} has no .sql files`);
});

test('a test database comes migrated, and migrating again applies nothing', async () => {
  const database = await createTestDatabase();
  open.push(database);
  assert.equal(database.kind, process.env.DATABASE_URL ? 'postgres' : 'pglite');

  const tables = await tablesOf(database);
  for (const t of ['units', 'officials', 'official_roles', 'citizens', 'sessions', 'audit_log', 'audit_head', 'schema_migrations']) {
    assert.ok(tables.includes(t), `table ${t} missing (have: ${tables.join(', ')})`);
  }
  assert.deepEqual(await recorded(database), [...ALL].sort());

  assert.deepEqual(await migrate(database, MIGRATIONS), []);
  assert.deepEqual(await migrate(database, MIGRATIONS), []);
  assert.deepEqual(await recorded(database), [...ALL].sort());

  // The migrations' seed rows exist once, not once per run.
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_head`.execute(database.db);
  assert.equal(rows[0]!.n, 1);
});

test('an empty database: the first run applies every migration in order, the second nothing', async () => {
  const database = await createTestDatabase({ migrated: false });
  open.push(database);
  assert.deepEqual(await tablesOf(database), []);

  const first = await migrate(database, MIGRATIONS);
  assert.deepEqual(first, ALL);
  assert.deepEqual(await migrate(database, MIGRATIONS), []);
  const tables = await tablesOf(database);
  for (const t of ['units', 'officials', 'audit_log']) assert.ok(tables.includes(t), t);
});

test('a failing migration is rolled back whole and not recorded', async (t) => {
  const database = await createTestDatabase();
  open.push(database);
  const dir = fs.mkdtempSync(`${(await import('node:os')).tmpdir()}/sc-bad-migration-`);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(`${dir}/001_ok.sql`, 'create table mig_ok (id int);');
  fs.writeFileSync(`${dir}/002_bad.sql`, 'create table mig_half (id int);\nselect * from no_such_table;');
  const source = { module: 'zz_test', dir };

  await assert.rejects(() => migrate(database, [...MIGRATIONS, source]));
  const tables = await tablesOf(database);
  assert.ok(tables.includes('mig_ok'), 'the good migration before it stays applied');
  assert.ok(!tables.includes('mig_half'), 'the failing file left a table behind');
  const names = await recorded(database);
  assert.ok(names.includes('zz_test/001_ok.sql'));
  assert.ok(!names.includes('zz_test/002_bad.sql'));

  // Fixed, it applies on the next run, and only it does.
  fs.writeFileSync(`${dir}/002_bad.sql`, 'create table mig_half (id int);');
  assert.deepEqual(await migrate(database, [...MIGRATIONS, source]), ['zz_test/002_bad.sql']);
});

test('two test databases are independent', async () => {
  const a = await createTestDatabase();
  const b = await createTestDatabase();
  open.push(a, b);
  await sql`create table only_in_a (id int)`.execute(a.db);
  assert.ok((await tablesOf(a)).includes('only_in_a'));
  assert.ok(!(await tablesOf(b)).includes('only_in_a'));
  if (process.env.DATABASE_URL) {
    assert.ok(a.url && b.url && a.url !== b.url);
    assert.match(a.url, /\/sc_t_([0-9a-f]+_)?[0-9a-f]{16}(\?|$)/);
  }
});
