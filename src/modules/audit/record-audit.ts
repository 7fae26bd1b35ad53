import type { Trx } from '../../platform/db/database.ts';
import { hashEntry } from './domain/chain.ts';
import type { AuditEntry, AuditEntryFields } from './domain/chain.ts';
import { auditDb, entryToRow, lockHeadInTrx } from './store.ts';

/** Who did something, from where: built once per request by the web adapter. */
export interface AuditActor {
  kind: AuditEntryFields['actorKind'];
  id: number | null;
  name: string;
  unitId: number | null;
  ip: string;
  userAgent: string;
}

export interface AuditEvent {
  /** `module.verb`, e.g. `identity.official_created`. */
  action: string;
  targetType?: string;
  targetId?: string | number;
  /** The unit whose data changed, when it differs from the actor's own. */
  unitId?: number | null;
  details?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: 'system', unitId: null, ip: '', userAgent: '' };

/** Appends one entry to the chain, inside the caller's transaction, so a write and its audit commit together. */
export async function recordAuditInTrx(trx: Trx, actor: AuditActor, event: AuditEvent): Promise<AuditEntry> {
  const head = await lockHeadInTrx(trx);
  // Millisecond precision: the hash is computed from what the database returns later.
  const fields: AuditEntryFields = {
    seq: head.seq + 1,
    unitId: event.unitId !== undefined ? event.unitId : actor.unitId,
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name.slice(0, 200),
    action: event.action,
    targetType: event.targetType ?? '',
    targetId: event.targetId === undefined ? '' : String(event.targetId),
    details: event.details ?? {},
    at: new Date(Math.floor(Date.now())),
    ip: actor.ip.slice(0, 100),
    userAgent: actor.userAgent.slice(0, 500),
    prevHash: head.hash,
  };
  const entry: AuditEntry = { ...fields, hash: hashEntry(fields) };
  const db = auditDb(trx);
  await db.insertInto('audit_log').values(entryToRow(entry)).execute();
  await db.updateTable('audit_head').set({ seq: entry.seq, hash: entry.hash }).where('id', '=', 1).execute();
  return entry;
}
