import type { Db } from '../../platform/db/database.ts';
import { ChainVerifier } from './domain/chain.ts';
import type { ChainVerdict } from './domain/chain.ts';
import { auditDb, rowToEntry } from './store.ts';

const PAGE = 5000;

/**
 * Walks the whole log in pages of `seq` order and checks the chain. One repeatable-read snapshot, so
 * entries appended while it runs (a live server) are not mistaken for tampering.
 */
export async function verifyAuditLog(db: Db): Promise<ChainVerdict> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const adb = auditDb(trx);
    const head = await adb.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!head) return { ok: false, seq: 0, reason: 'head_mismatch' } as const;
    const verifier = new ChainVerifier();
    let after = -1;
    for (;;) {
      const rows = await adb.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(PAGE).execute();
      for (const r of rows) if (verifier.push(rowToEntry(r))) return verifier.finish(head);
      if (rows.length < PAGE) break;
      after = Number(rows[rows.length - 1]!.seq);
    }
    return verifier.finish({ seq: Number(head.seq), hash: head.hash });
  });
}
