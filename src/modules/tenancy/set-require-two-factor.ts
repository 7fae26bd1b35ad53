import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { setRequireTwoFactorInTrx } from './store.ts';

/** Makes two-step verification compulsory (or not) for every official of a unit. */
export async function setUnitRequireTwoFactor(db: Db, who: AuditActor, unitId: number, required: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setRequireTwoFactorInTrx(trx, unitId, required);
    await recordAuditInTrx(trx, who, { action: 'tenancy.require_two_factor_set', unitId, targetType: 'unit', targetId: unitId, details: { required } });
  });
}
