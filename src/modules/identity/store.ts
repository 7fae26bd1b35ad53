import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { Role } from './domain/roles.ts';

export interface IdentityTables {
  officials: {
    unit_id: number;
    id: Generated<number>;
    username: string;
    full_name: string;
    position: string;
    email: string | null;
    phone: string | null;
    password_hash: string;
    must_change_password: boolean;
    disabled_at: Date | null;
    failed_attempts: number;
    locked_until: Date | null;
    totp_secret: string | null;
    totp_pending_secret: string | null;
    totp_enabled_at: Date | null;
    totp_last_step: number | null;
    created_at: Generated<Date>;
  };
  official_roles: { unit_id: number; official_id: number; role: Role };
  recovery_codes: { unit_id: number; official_id: number; code_hash: string; used_at: Date | null };
  citizens: {
    id: Generated<number>;
    full_name: string;
    phone: string | null;
    email: string | null;
    /** Null for an account that signs in only through OpenID Connect. */
    password_hash: string | null;
    failed_attempts: number;
    locked_until: Date | null;
    disabled_at: Date | null;
    /** The verified 12-digit personal ID number, with how it was verified (both or neither). */
    id_number: Generated<string | null>;
    id_verified_with: Generated<'oidc' | 'in_person' | null>;
    id_verified_at: Generated<Date | null>;
    created_at: Generated<Date>;
  };
  /** OpenID Connect accounts (issuer + subject) linked to citizens. */
  citizen_identities: {
    issuer: string;
    subject: string;
    citizen_id: number;
    created_at: Generated<Date>;
    last_used_at: Generated<Date>;
  };
  registrations: {
    id: Generated<number>;
    token_hash: string;
    full_name: string;
    phone: string | null;
    email: string | null;
    password_hash: string;
    account_exists: boolean;
    code_hash: string;
    attempts: Generated<number>;
    sends: Generated<number>;
    last_sent_at: Date;
    expires_at: Date;
    status: Generated<'pending' | 'completed' | 'void'>;
    citizen_id: number | null;
    created_at: Generated<Date>;
  };
  sessions: {
    token_hash: string;
    subject: 'official' | 'citizen';
    unit_id: number | null;
    official_id: number | null;
    citizen_id: number | null;
    stage: 'second_factor' | 'active';
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    ip: string;
    user_agent: string;
  };
}

export const identityDb = (db: Db | Trx) => tables<IdentityTables>(db);

export type OfficialRow = Selectable<IdentityTables['officials']>;

/** An official as the rest of the module sees it. */
export interface Official {
  unitId: number;
  id: number;
  username: string;
  fullName: string;
  position: string;
  email: string | null;
  phone: string | null;
  mustChangePassword: boolean;
  disabled: boolean;
  lockedUntil: Date | null;
  twoFactorEnabled: boolean;
  roles: Role[];
}

export function toOfficial(r: OfficialRow, roles: Role[]): Official {
  return {
    unitId: Number(r.unit_id), id: Number(r.id), username: r.username, fullName: r.full_name, position: r.position,
    email: r.email, phone: r.phone, mustChangePassword: r.must_change_password, disabled: r.disabled_at !== null,
    lockedUntil: r.locked_until, twoFactorEnabled: r.totp_enabled_at !== null, roles,
  };
}

/** A citizen as other modules see them: records need the applicant's verified ID number. */
export interface Citizen {
  id: number;
  fullName: string;
  phone: string | null;
  email: string | null;
  /** The 12-digit personal ID number, present only once verified. */
  idNumber: string | null;
  /** How the ID number was verified: by the OpenID Connect provider (VNeID) or in person at the counter. */
  verifiedWith: 'oidc' | 'in_person' | null;
  disabled: boolean;
}

/** The citizen whose account has this phone number or email (demo data, the desk looking someone up). */
export async function findCitizenByContact(db: Db | Trx, contact: string): Promise<Citizen | undefined> {
  const key = contact.trim().toLowerCase();
  const r = await identityDb(db).selectFrom('citizens').select('id').where((eb) => eb.or([eb('phone', '=', key), eb('email', '=', key)])).executeTakeFirst();
  return r ? findCitizen(db, Number(r.id)) : undefined;
}

export async function findCitizen(db: Db | Trx, id: number): Promise<Citizen | undefined> {
  const r = await identityDb(db)
    .selectFrom('citizens')
    .select(['id', 'full_name', 'phone', 'email', 'id_number', 'id_verified_with', 'disabled_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r && { id: Number(r.id), fullName: r.full_name, phone: r.phone, email: r.email, idNumber: r.id_number, verifiedWith: r.id_verified_with, disabled: r.disabled_at !== null };
}

export async function rolesOf(db: Db | Trx, unitId: number, officialId: number): Promise<Role[]> {
  const rows = await identityDb(db).selectFrom('official_roles').select('role').where('unit_id', '=', unitId).where('official_id', '=', officialId).orderBy('role').execute();
  return rows.map((r) => r.role);
}

export async function findOfficialRowByUsername(db: Db | Trx, username: string): Promise<OfficialRow | undefined> {
  return (await identityDb(db).selectFrom('officials').selectAll().where('username', '=', username).executeTakeFirst()) as OfficialRow | undefined;
}

/** Always scoped by unit: the unit id is part of the key. */
export async function findOfficialRow(db: Db | Trx, unitId: number, officialId: number): Promise<OfficialRow | undefined> {
  return (await identityDb(db).selectFrom('officials').selectAll().where('unit_id', '=', unitId).where('id', '=', officialId).executeTakeFirst()) as
    | OfficialRow
    | undefined;
}

export async function findOfficial(db: Db | Trx, unitId: number, officialId: number): Promise<Official | undefined> {
  const row = await findOfficialRow(db, unitId, officialId);
  return row ? toOfficial(row, await rolesOf(db, unitId, officialId)) : undefined;
}

export async function listOfficialsOfUnit(db: Db | Trx, unitId: number): Promise<Official[]> {
  const idb = identityDb(db);
  const rows = (await idb.selectFrom('officials').selectAll().where('unit_id', '=', unitId).orderBy('full_name').execute()) as OfficialRow[];
  const roles = await idb.selectFrom('official_roles').select(['official_id', 'role']).where('unit_id', '=', unitId).execute();
  return rows.map((r) =>
    toOfficial(
      r,
      roles.filter((x) => Number(x.official_id) === Number(r.id)).map((x) => x.role).sort(),
    ),
  );
}

export async function replaceRolesInTrx(trx: Trx, unitId: number, officialId: number, roles: readonly Role[]): Promise<void> {
  const idb = identityDb(trx);
  await idb.deleteFrom('official_roles').where('unit_id', '=', unitId).where('official_id', '=', officialId).execute();
  if (roles.length > 0) {
    await idb.insertInto('official_roles').values(roles.map((role) => ({ unit_id: unitId, official_id: officialId, role }))).execute();
  }
}

export interface OfficialsSummary {
  unitId: number;
  total: number;
  disabled: number;
  twoFactor: number;
}

/** Per unit: how many officials, how many disabled, how many with two-step verification on. */
export async function summariseOfficials(db: Db | Trx, unitIds: readonly number[]): Promise<OfficialsSummary[]> {
  if (unitIds.length === 0) return [];
  const rows = await identityDb(db)
    .selectFrom('officials')
    .select((eb) => [
      'unit_id',
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('disabled_at').as('disabled'),
      eb.fn.count<number>('totp_enabled_at').as('two_factor'),
    ])
    .where('unit_id', 'in', [...unitIds])
    .groupBy('unit_id')
    .execute();
  return rows.map((r) => ({ unitId: Number(r.unit_id), total: Number(r.total), disabled: Number(r.disabled), twoFactor: Number(r.two_factor) }));
}
