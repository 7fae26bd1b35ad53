/**
 * What an audited write costs over the same write without audit: sequential transactions that set
 * officials.position on one row, with and without recordAuditInTrx, on one open database in this
 * process. The two kinds alternate in rounds so that drift (caches, a growing audit_log) hits both.
 */
import type { Database } from '../src/platform/db/database.ts';
import { openAndMigrate } from '../src/main.ts';
import { createTestDatabase } from '../test/support/db.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { recordAuditInTrx, verifyAuditLog } from '../src/modules/audit/index.ts';
import type { AuditActor } from '../src/modules/audit/index.ts';

export interface AuditResult {
  database: string;
  transactions: number;
  plainTps: number;
  auditedTps: number;
  /** audited / plain. */
  ratio: number;
  /** Extra milliseconds per transaction that the audit entry adds. */
  extraMs: number;
}

export async function measureAuditWrites(database: Database, transactions: number, rounds = 10): Promise<AuditResult> {
  const db = database.db;
  const official = await db.selectFrom('officials').select(['unit_id', 'id', 'full_name']).where('username', '=', 'chutich.muongdang').executeTakeFirstOrThrow();
  const actor: AuditActor = { kind: 'official', id: official.id, name: official.full_name, unitId: official.unit_id, ip: '127.0.0.1', userAgent: 'bench' };

  const write = (i: number, audited: boolean) =>
    db.transaction().execute(async (trx) => {
      const position = `Chủ tịch UBND xã (bench ${i})`;
      await trx.updateTable('officials').set({ position }).where('unit_id', '=', official.unit_id).where('id', '=', official.id).execute();
      if (audited) await recordAuditInTrx(trx, actor, { action: 'identity.official_updated', targetType: 'official', targetId: official.id, details: { position } });
    });
  const timed = async (count: number, audited: boolean) => {
    const started = performance.now();
    for (let i = 0; i < count; i++) await write(i, audited);
    return performance.now() - started;
  };

  await timed(100, false); // warm-up: JIT, query plans, pages in cache
  await timed(100, true);
  const perRound = Math.ceil(transactions / rounds);
  let plainMs = 0;
  let auditedMs = 0;
  for (let r = 0; r < rounds; r++) {
    plainMs += await timed(perRound, false);
    auditedMs += await timed(perRound, true);
  }
  const verdict = await verifyAuditLog(db);
  if (!verdict.ok) throw new Error(`audit chain broken after the benchmark: #${verdict.seq} ${verdict.reason}`);

  const n = perRound * rounds;
  const plainTps = n / (plainMs / 1000);
  const auditedTps = n / (auditedMs / 1000);
  return { database: database.description, transactions: n, plainTps, auditedTps, ratio: auditedTps / plainTps, extraMs: (auditedMs - plainMs) / n };
}

/** PGlite in `dataDir` (a seeded database left by the start-time benchmark). */
export async function measureAuditOnPglite(dataDir: string, transactions: number): Promise<AuditResult> {
  const { database } = await openAndMigrate({ databaseUrl: undefined, dataDir });
  try {
    return { ...(await measureAuditWrites(database, transactions)), database: 'PGlite on disk' };
  } finally {
    await database.close();
  }
}

/** A new database on the PostgreSQL server of DATABASE_URL, migrated and seeded, dropped afterwards. */
export async function measureAuditOnPostgres(transactions: number): Promise<AuditResult> {
  // The test helper makes (and drops) a fresh database on that server: one way of doing it.
  const database = await createTestDatabase();
  try {
    await seedDemo(database.db);
    const result = await measureAuditWrites(database, transactions);
    return { ...result, database: `PostgreSQL ${new URL(database.url!).host} (new database)` };
  } finally {
    await database.close();
  }
}
