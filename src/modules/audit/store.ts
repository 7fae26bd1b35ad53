import { sql } from 'kysely';
import type { Generated } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { AuditEntry } from './domain/chain.ts';

export interface AuditTables {
  audit_log: {
    seq: number;
    unit_id: number | null;
    actor_kind: AuditEntry['actorKind'];
    actor_id: number | null;
    actor_name: string;
    action: string;
    target_type: string;
    target_id: string;
    details: unknown;
    at: Date;
    ip: string;
    user_agent: string;
    prev_hash: string;
    hash: string;
  };
  audit_head: { id: Generated<number>; seq: number; hash: string };
}

export const auditDb = (db: Db | Trx) => tables<AuditTables>(db);

type Row = AuditTables['audit_log'];

export function rowToEntry(r: Row): AuditEntry {
  return {
    seq: Number(r.seq), unitId: r.unit_id === null ? null : Number(r.unit_id), actorKind: r.actor_kind,
    actorId: r.actor_id === null ? null : Number(r.actor_id), actorName: r.actor_name, action: r.action,
    targetType: r.target_type, targetId: r.target_id, details: r.details, at: new Date(r.at), ip: r.ip,
    userAgent: r.user_agent, prevHash: r.prev_hash, hash: r.hash,
  };
}

export function entryToRow(e: AuditEntry): Row {
  return {
    seq: e.seq, unit_id: e.unitId, actor_kind: e.actorKind, actor_id: e.actorId, actor_name: e.actorName,
    action: e.action, target_type: e.targetType, target_id: e.targetId, details: JSON.stringify(e.details ?? {}),
    at: e.at, ip: e.ip, user_agent: e.userAgent, prev_hash: e.prevHash, hash: e.hash,
  };
}

/** Locks the head row: concurrent writers append one after another, so the chain never forks. */
export async function lockHeadInTrx(trx: Trx): Promise<{ seq: number; hash: string }> {
  const head = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head where id = 1 for update`.execute(trx);
  const row = head.rows[0];
  if (!row) throw new Error('audit_head is missing: run the migrations');
  return { seq: Number(row.seq), hash: row.hash };
}
