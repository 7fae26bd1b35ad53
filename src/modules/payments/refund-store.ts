/** The refunds' table (003_refunds.sql), and the only code that names it. */
import { sql } from 'kysely';
import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { RefundState } from './domain/refunds.ts';

export interface RefundTables {
  payment_refunds: {
    id: Generated<number>;
    payment_id: number;
    unit_id: number;
    amount: number;
    reason: string;
    requested_by: number;
    requested_by_name: string;
    requested_at: Date;
    approved_by: number | null;
    decided_by_name: string | null;
    decided_at: Date | null;
    state: Generated<RefundState>;
    note: string | null;
    sent_at: Date | null;
    version: Generated<number>;
  };
}

export type RefundRow = Selectable<RefundTables['payment_refunds']>;
const refundsDb = (db: Db | Trx) => tables<RefundTables>(db);

export async function listRefundsOf(db: Db | Trx, paymentIds: readonly number[]): Promise<RefundRow[]> {
  if (paymentIds.length === 0) return [];
  return refundsDb(db).selectFrom('payment_refunds').selectAll().where('payment_id', 'in', [...paymentIds]).orderBy('id').execute();
}

export async function findRefund(db: Db | Trx, id: number): Promise<RefundRow | undefined> {
  return refundsDb(db).selectFrom('payment_refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRefundInTrx(trx: Trx, r: Pick<RefundRow, 'payment_id' | 'unit_id' | 'amount' | 'reason' | 'requested_by' | 'requested_by_name' | 'requested_at'>): Promise<RefundRow> {
  return refundsDb(trx).insertInto('payment_refunds').values({ ...r, approved_by: null, decided_by_name: null, decided_at: null, note: null, sent_at: null }).returningAll().executeTakeFirstOrThrow();
}

export type RefundChanges = Partial<Pick<RefundRow, 'state' | 'approved_by' | 'decided_by_name' | 'decided_at' | 'note' | 'sent_at'>>;

/** Every change bumps the version. */
export async function updateRefundInTrx(trx: Trx, id: number, changes: RefundChanges): Promise<void> {
  await refundsDb(trx).updateTable('payment_refunds').set({ ...changes, version: sql`version + 1` }).where('id', '=', id).execute();
}
