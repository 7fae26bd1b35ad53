import type { Trx } from '../../platform/db/database.ts';
import { sql } from 'kysely';
import { payloadHash } from './domain/chain.ts';
import type { AuditEntry, AuditEntryFields } from './domain/chain.ts';

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

/**
 * Cut by code point and replace lone surrogates: the database would store U+FFFD where Node hashed
 * the surrogate, and the entry would fail verification for ever.
 */
function clip(text: string, max: number): string {
  const wellFormed = text.toWellFormed();
  return wellFormed.length <= max ? wellFormed : [...wellFormed].slice(0, max).join('');
}

/** Details as the database will give them back: well-formed strings, no `undefined`. */
function storableJson(details: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(details, (_key, value) => (typeof value === 'string' ? value.toWellFormed() : value)));
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: 'system', unitId: null, ip: '', userAgent: '' };

/**
 * Appends one entry to the chain, inside the caller's transaction, so a write and its audit commit
 * together. One statement: it locks the head row (concurrent writers append one after another, so the
 * chain never forks), advances it, and inserts the entry with the hash the database computes from the
 * previous hash, the new sequence number and the payload hash computed here.
 */
export async function recordAuditInTrx(trx: Trx, actor: AuditActor, event: AuditEvent): Promise<AuditEntry> {
  const payload = {
    unitId: event.unitId !== undefined ? event.unitId : actor.unitId,
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: clip(actor.name, 200),
    action: event.action,
    targetType: event.targetType ?? '',
    targetId: event.targetId === undefined ? '' : clip(String(event.targetId), 200),
    details: storableJson(event.details ?? {}),
    // Millisecond precision: the hash is recomputed from what the database returns later.
    at: new Date(Date.now()),
    ip: clip(actor.ip, 100),
    userAgent: clip(actor.userAgent, 500),
  };
  const digest = payloadHash(payload);
  const result = await sql<{ seq: number; prev_hash: string; hash: string }>`
    with old as (select seq, hash from audit_head where id = 1 for update),
    head as (
      update audit_head h
      set seq = old.seq + 1, hash = encode(sha256(convert_to(old.hash || ':' || (old.seq + 1)::text || ':' || ${digest}::text, 'UTF8')), 'hex')
      from old where h.id = 1
      returning h.seq, h.hash, old.hash as prev_hash
    )
    insert into audit_log (seq, unit_id, actor_kind, actor_id, actor_name, action, target_type, target_id, details, at, ip, user_agent, prev_hash, hash)
    select head.seq, ${payload.unitId}::bigint, ${payload.actorKind}, ${payload.actorId}::bigint, ${payload.actorName}, ${payload.action}, ${payload.targetType},
      ${payload.targetId}, ${JSON.stringify(payload.details)}::jsonb, ${payload.at}::timestamptz, ${payload.ip}, ${payload.userAgent}, head.prev_hash, head.hash
    from head
    returning seq, prev_hash, hash`.execute(trx);
  const row = result.rows[0];
  if (!row) throw new Error('audit_head is missing: run the migrations');
  return { ...payload, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
}
