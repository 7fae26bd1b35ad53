import { sql } from 'kysely';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { Actor, SessionInfo } from '../../platform/http/actor.ts';
import { findUnit } from '../tenancy/index.ts';
import { permissionsOf } from './domain/roles.ts';
import { identityDb } from './store.ts';
import type { IdentityContext } from './context.ts';
import type { CachedSession } from './session-cache.ts';
import type { Role } from './domain/roles.ts';

export interface NewSession {
  subject: 'official' | 'citizen';
  unitId: number | null;
  officialId: number | null;
  citizenId: number | null;
  stage: 'second_factor' | 'active';
  ip: string;
  userAgent: string;
}

/** Creates a session and returns its token; only the token's SHA-256 is stored. */
export async function createSessionInTrx(trx: Trx, s: NewSession, hours: number): Promise<string> {
  const token = randomToken();
  // A pending second factor must be finished within 10 minutes.
  const lifetimeMs = s.stage === 'second_factor' ? 10 * 60_000 : hours * 3600_000;
  await identityDb(trx)
    .insertInto('sessions')
    .values({
      token_hash: sha256(token), subject: s.subject, unit_id: s.unitId, official_id: s.officialId, citizen_id: s.citizenId,
      stage: s.stage, expires_at: new Date(Date.now() + lifetimeMs), ip: s.ip.slice(0, 100), user_agent: s.userAgent.slice(0, 500),
    })
    .execute();
  return token;
}

export async function deleteSessionInTrx(trx: Trx | Db, token: string): Promise<void> {
  await identityDb(trx).deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export async function deleteOfficialSessionsInTrx(trx: Trx, unitId: number, officialId: number, exceptToken?: string): Promise<void> {
  let q = identityDb(trx).deleteFrom('sessions').where('unit_id', '=', unitId).where('official_id', '=', officialId);
  if (exceptToken) q = q.where('token_hash', '!=', sha256(exceptToken));
  await q.execute();
}

export async function deleteCitizenSessionsInTrx(trx: Trx, citizenId: number, exceptToken?: string): Promise<void> {
  let q = identityDb(trx).deleteFrom('sessions').where('citizen_id', '=', citizenId);
  if (exceptToken) q = q.where('token_hash', '!=', sha256(exceptToken));
  await q.execute();
}

export async function findSessionRow(db: Db | Trx, token: string) {
  return identityDb(db).selectFrom('sessions').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
}

/** The person behind a session token, or null when the session is unknown, expired or its account disabled. */
export async function resolveSession(ctx: IdentityContext, token: string): Promise<{ actor: Actor | null; session: SessionInfo } | null> {
  // The cache is keyed by the token itself: it lives only in this process's memory, and hashing on
  // every request cost more than the rest of the lookup.
  const cached = ctx.sessions.get(token);
  if (cached) return cached;
  const resolved = await loadSession(ctx.db, token, sha256(token));
  if (resolved) ctx.sessions.set(token, resolved);
  return resolved;
}

async function loadSession(db: Db, token: string, tokenHash: string): Promise<CachedSession | null> {
  const idb = identityDb(db);
  const row = await idb.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return null;
  const now = new Date();
  const expiresAt = new Date(row.expires_at).getTime();
  if (expiresAt <= now.getTime()) {
    await deleteSessionInTrx(db, token);
    return null;
  }
  const session: SessionInfo = {
    token, stage: row.stage, subject: row.subject,
    officialId: row.official_id === null ? null : Number(row.official_id),
    unitId: row.unit_id === null ? null : Number(row.unit_id),
    citizenId: row.citizen_id === null ? null : Number(row.citizen_id),
  };
  // A session ends at its fixed expiry (no sliding); last_seen is kept, coarsely, for administrators.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 5 * 60_000) {
    await idb.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  if (row.subject === 'citizen') {
    const citizen = await idb.selectFrom('citizens').select(['id', 'full_name', 'disabled_at']).where('id', '=', Number(row.citizen_id)).executeTakeFirst();
    if (!citizen || citizen.disabled_at) return null;
    return { session, expiresAt, actor: row.stage === 'active' ? { kind: 'citizen', id: Number(citizen.id), name: citizen.full_name, pending: null } : null };
  }
  // The official and their roles in one round trip.
  const official = await idb
    .selectFrom('officials as o')
    .select((eb) => [
      'o.id', 'o.unit_id', 'o.full_name', 'o.username', 'o.disabled_at', 'o.must_change_password', 'o.totp_enabled_at',
      eb.fn.coalesce(
        eb.selectFrom('official_roles as r').whereRef('r.unit_id', '=', 'o.unit_id').whereRef('r.official_id', '=', 'o.id').select(sql<Role[]>`array_agg(r.role order by r.role)`.as('roles')),
        sql<Role[]>`'{}'::text[]`,
      ).as('roles'),
    ])
    .where('o.unit_id', '=', session.unitId!).where('o.id', '=', session.officialId!)
    .executeTakeFirst();
  if (!official || official.disabled_at) return null;
  if (row.stage !== 'active') return { session, expiresAt, actor: null };
  const unit = await findUnit(db, Number(official.unit_id));
  if (!unit) return null;
  const roles = official.roles as Role[];
  const twoFactorEnabled = official.totp_enabled_at !== null;
  return {
    session,
    expiresAt,
    actor: {
      kind: 'official', id: Number(official.id), name: official.full_name, username: official.username, unitId: unit.id,
      unitPath: unit.path, unitName: unit.name, roles, permissions: permissionsOf(roles), twoFactorEnabled,
      pending: official.must_change_password ? 'change_password' : unit.requireTwoFactor && !twoFactorEnabled ? 'enrol_two_factor' : null,
    },
  };
}

/** Removes expired sessions; run by the background worker. */
export async function purgeExpiredSessions(db: Db): Promise<number> {
  const result = await identityDb(db).deleteFrom('sessions').where('expires_at', '<', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
