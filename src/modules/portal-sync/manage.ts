/** What an official does from the page: retry failed messages, switch the simulator. Both audited. */
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { setSimulatorDownInTrx } from './simulator.ts';
import { requeueFailedInTrx } from './store.ts';

/** The failed messages of these units are due again with a fresh count of attempts; returns how many. */
export async function retryFailed(db: Db, actor: AuditActor, unitIds: readonly number[], now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await requeueFailedInTrx(trx, unitIds, now);
    await recordAuditInTrx(trx, actor, {
      action: 'portal_sync.retried', targetType: 'portal_sync', targetId: 'queue',
      details: { messages: rows.length, records: [...new Set(rows.map((r) => r.record_code))].slice(0, 50) },
    });
    return rows.length;
  });
}

/** The simulator answers every call as unavailable while down (to watch retries), or works again. */
export async function setSimulatorDown(db: Db, actor: AuditActor, down: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setSimulatorDownInTrx(trx, down);
    await recordAuditInTrx(trx, actor, { action: 'portal_sync.simulator_switched', targetType: 'portal_sync', targetId: 'simulator', details: { down } });
  });
}
