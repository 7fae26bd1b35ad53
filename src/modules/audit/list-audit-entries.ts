import type { Db } from '../../platform/db/database.ts';
import type { AuditEntry } from './domain/chain.ts';
import { auditDb, rowToEntry } from './store.ts';

/** The newest entries about the given units (the caller passes the units in the reader's scope). */
export async function listAuditEntries(db: Db, unitIds: readonly number[], options: { limit?: number; beforeSeq?: number } = {}): Promise<AuditEntry[]> {
  if (unitIds.length === 0) return [];
  let q = auditDb(db).selectFrom('audit_log').selectAll().where('unit_id', 'in', [...unitIds]);
  if (options.beforeSeq) q = q.where('seq', '<', options.beforeSeq);
  const rows = await q.orderBy('seq', 'desc').limit(Math.min(options.limit ?? 50, 200)).execute();
  return rows.map(rowToEntry);
}

export async function countAuditEntries(db: Db): Promise<number> {
  const row = await auditDb(db).selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
