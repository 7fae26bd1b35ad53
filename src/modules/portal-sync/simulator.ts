/**
 * The built-in simulator of the national portal, for standalone installs and tests: it keeps what it
 * receives (`portal_sync_simulator_inbox`, refusals included), the dossiers it knows and their status, and
 * judges each message as the portal would (`domain/portal-rules.ts`). It can be switched "down" from the
 * page or with `PORTAL_SYNC_SIMULATE_DOWN=true`: every call is then unavailable and nothing is kept.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { PortalError } from './client.ts';
import type { PortalClient, PortalMessage, PortalReceipt } from './client.ts';
import { checkCreate, checkStatusUpdate, checkTransition, rankOf } from './domain/portal-rules.ts';
import type { Refusal } from './domain/portal-rules.ts';
import { json, portalSyncDb } from './store.ts';

export interface SimulatorOptions {
  /** Down whatever the page says (`PORTAL_SYNC_SIMULATE_DOWN=true`). */
  forcedDown?: boolean;
}

export async function simulatorIsDown(db: Db | Trx): Promise<boolean> {
  const row = await portalSyncDb(db).selectFrom('portal_sync_simulator_state').select('down').where('id', '=', 1).executeTakeFirst();
  return row?.down ?? false;
}

export async function setSimulatorDownInTrx(trx: Trx, down: boolean): Promise<void> {
  await portalSyncDb(trx).insertInto('portal_sync_simulator_state').values({ id: 1, down })
    .onConflict((oc) => oc.column('id').doUpdateSet({ down, changed_at: sql`now()` })).execute();
}

async function judge(trx: Trx, message: PortalMessage): Promise<Refusal | null> {
  const p = message.payload as unknown as Record<string, unknown>;
  const sdb = portalSyncDb(trx);
  if (message.operation === 'create') {
    const problem = checkCreate(p);
    if (problem) return problem;
    const status = p.TrangThaiHoSo as number;
    const created = await sdb.insertInto('portal_sync_simulator_dossiers')
      .values({ ma_ho_so: p.MaHoSo as string, unit_id: message.unitId, status, furthest_rank: rankOf(status) })
      .onConflict((oc) => oc.column('ma_ho_so').doNothing()).returning('ma_ho_so').executeTakeFirst();
    return created ? null : { code: 'DOSSIER_EXISTS', message: `dossier ${String(p.MaHoSo)} already exists` };
  }
  const problem = checkStatusUpdate(p);
  if (problem) return problem;
  const dossier = await sdb.selectFrom('portal_sync_simulator_dossiers').selectAll().where('ma_ho_so', '=', p.MaHoSo as string).forUpdate().executeTakeFirst();
  if (!dossier) return { code: 'DOSSIER_NOT_FOUND', message: `no dossier ${String(p.MaHoSo)}` };
  const to = p.TrangThaiHoSo as number;
  const refused = checkTransition(dossier.status, dossier.furthest_rank, to);
  if (refused) return refused;
  await sdb.updateTable('portal_sync_simulator_dossiers')
    .set({ status: to, furthest_rank: Math.max(dossier.furthest_rank, rankOf(to)), updated_at: sql`now()` })
    .where('ma_ho_so', '=', dossier.ma_ho_so).execute();
  return null;
}

export function simulatorClient(db: Db, options: SimulatorOptions = {}): PortalClient {
  return {
    name: 'simulator',
    kind: 'simulator',
    async send(message: PortalMessage): Promise<PortalReceipt> {
      if (options.forcedDown || (await simulatorIsDown(db))) throw new PortalError('PORTAL_UNAVAILABLE', 'the simulated portal is down', true);
      const outcome = await db.transaction().execute(async (trx) => {
        const sdb = portalSyncDb(trx);
        const seen = await sdb.selectFrom('portal_sync_simulator_inbox').select('id').where('idempotency_key', '=', message.key).where('accepted', '=', true).executeTakeFirst();
        if (seen) return { duplicate: true, refusal: null };
        const refusal = await judge(trx, message);
        await sdb.insertInto('portal_sync_simulator_inbox').values({
          idempotency_key: message.key, operation: message.operation, ma_ho_so: String((message.payload as { MaHoSo?: unknown }).MaHoSo ?? ''),
          unit_id: message.unitId, payload: json(message.payload), accepted: refusal === null, error_code: refusal?.code ?? null, error_message: refusal?.message ?? null,
        }).execute();
        return { duplicate: false, refusal };
      });
      if (outcome.refusal) throw new PortalError(outcome.refusal.code, outcome.refusal.message, false);
      return { duplicate: outcome.duplicate };
    },
  };
}

/** What the simulated portal received, newest first. */
export interface InboxEntry {
  id: number;
  receivedAt: Date;
  operation: 'create' | 'status';
  maHoSo: string;
  unitId: number | null;
  status: number | null;
  accepted: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  payload: unknown;
}

export async function listSimulatorInbox(db: Db | Trx, unitIds: readonly number[], limit = 50): Promise<InboxEntry[]> {
  if (unitIds.length === 0) return [];
  const rows = await portalSyncDb(db).selectFrom('portal_sync_simulator_inbox').selectAll()
    .where('unit_id', 'in', unitIds).orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => {
    const status = (r.payload as { TrangThaiHoSo?: unknown } | null)?.TrangThaiHoSo;
    return {
      id: Number(r.id), receivedAt: r.received_at, operation: r.operation, maHoSo: r.ma_ho_so, unitId: r.unit_id === null ? null : Number(r.unit_id),
      status: typeof status === 'number' ? status : null, accepted: r.accepted, errorCode: r.error_code, errorMessage: r.error_message, payload: r.payload,
    };
  });
}
