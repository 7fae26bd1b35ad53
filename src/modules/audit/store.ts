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
